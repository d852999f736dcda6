"""Sending the "your results are released" emails, safely from any number of workers."""

from django.utils import timezone

from notifications.api import deliver_email
from notifications.models import ReleaseNotification

BATCH = 200


def _claim(notification_id: int) -> bool:
    """Takes one email for this worker; False if another worker already took it."""
    return bool(
        ReleaseNotification.objects.filter(pk=notification_id, claimed_at__isnull=True).update(
            claimed_at=timezone.now()
        )
    )


def _send_one(notification: ReleaseNotification) -> None:
    user = notification.candidate.user
    context = {
        "candidate": notification.candidate,
        "session": notification.session,
        "exam": notification.session.exam,
    }
    if user is not None:  # None when the account was deleted after the release was queued
        deliver_email(user.email, "results_released", context, user.language)
    ReleaseNotification.objects.filter(pk=notification.pk).update(sent_at=timezone.now())


def send_pending(session_id: int) -> int:
    """Sends every unclaimed release email of the session. Returns how many it sent.

    An email is claimed before it is sent, so two workers never send the same one. If the
    mail server refuses it, the claim is given back and the task fails, to be run again.
    """
    sent = 0
    pending = ReleaseNotification.objects.filter(
        session_id=session_id, claimed_at__isnull=True
    ).select_related("candidate__user", "session__exam")
    while batch := list(pending[:BATCH]):
        for notification in batch:
            if not _claim(notification.pk):
                continue
            try:
                _send_one(notification)
            except Exception:
                ReleaseNotification.objects.filter(pk=notification.pk).update(claimed_at=None)
                raise
            sent += 1
    return sent
