"""What sharing tells other apps, so that sharing need not know who listens."""

from django.dispatch import Signal

# Sent by the worker with `share`, once delivered: receivers return how many emails they
# sent at once (the Results Verification Service tells the account's users).
share_delivered = Signal()
