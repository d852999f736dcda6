"""What exams tell other apps, so that exams need not know who listens."""

from django.dispatch import Signal

# Sent with `session` inside the transaction that released it: its results are public now.
results_released = Signal()
