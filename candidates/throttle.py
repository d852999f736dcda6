"""Limits on wrong Secret Numbers at registration (docs/decisions/0003).

A Secret Number may have only four digits, so guessing must be stopped three ways: per ID
Number (one candidate's secret), per client address (one machine trying many IDs) and in
total (many machines, one guess at each of many ID Numbers).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from candidates.models import RegistrationAttempt


def _window() -> timedelta:
    return timedelta(minutes=settings.REGISTRATION_LOCKOUT_MINUTES)


def blocked_until(candidate_id: str, ip_address: str | None) -> datetime | None:
    """When registration opens again for this ID Number and client, or None if open now."""
    window = _window()
    recent = RegistrationAttempt.objects.failures_since(timezone.now() - window)
    checks = [
        (recent.filter(candidate_id=candidate_id), settings.REGISTRATION_FAILURES_PER_ID),
        (recent, settings.REGISTRATION_FAILURES_TOTAL),
    ]
    if ip_address:
        checks.insert(
            1, (recent.filter(ip_address=ip_address), settings.REGISTRATION_FAILURES_PER_ADDRESS)
        )
    for failures, limit in checks:
        # The limit-th most recent failure opens the door again one window after it.
        times = list(failures.order_by("-created_at").values_list("created_at", flat=True)[:limit])
        if len(times) >= limit:
            return times[-1] + window
    return None


def record(candidate_id: str, ip_address: str | None, *, succeeded: bool) -> None:
    RegistrationAttempt.objects.create(
        candidate_id=candidate_id, ip_address=ip_address, succeeded=succeeded
    )
