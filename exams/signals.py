"""What exams tell other apps, so that exams need not know who listens."""

from django.dispatch import Signal

# Sent with `session` inside the transaction that released it: its results are public now.
results_released = Signal()

# Sent with `session_ids` (a list) inside the transaction of a results import that added or
# amended results of sessions already released: those results are public from now on too.
results_imported = Signal()
