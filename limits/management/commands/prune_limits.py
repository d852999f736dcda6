"""manage.py prune_limits: forgets counters whose window and block are long over (run it
daily, e.g. from cron; nothing breaks if it never runs, the table only grows)."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from limits.models import Counter

# Longer than any window a limit uses (the longest is a day).
KEEP = timedelta(days=2)


class Command(BaseCommand):
    help = "Deletes limit counters that no window or block needs any more."

    def handle(self, *args: object, **options: object) -> None:
        cutoff = timezone.now() - KEEP
        old = Counter.objects.filter(window_start__lt=cutoff).filter(
            Q(blocked_until__isnull=True) | Q(blocked_until__lt=cutoff)
        )
        deleted = old.delete()[0]
        self.stdout.write(f"Deleted {deleted} old limit counters.")
