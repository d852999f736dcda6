"""Emails to organisation users when results arrive: one each, or a daily digest."""

import datetime as dt

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from notifications.api import deliver_email
from organisations.models import Digest, Membership, Notify
from sharing.api import Share

DIGEST_HOUR = 8  # local time, the morning after


def _inbox_url() -> str:
    return settings.SITE_URL + reverse("organisations:inbox")


def notify_members(share: Share) -> int:
    """Emails immediate subscribers now and books the daily digest of the others."""
    sent = 0
    members = Membership.objects.approved().filter(account=share.account).select_related("user")
    for membership in members:
        user = membership.user
        if membership.notify == Notify.IMMEDIATE:
            context = {
                "name": user.get_full_name() or user.email,
                "account": str(share.account),
                "exam": share.result.entry.session.exam.name,
                "url": _inbox_url(),
            }
            deliver_email(user.email, "rvs_result_arrived", context, user.language)
            sent += 1
        elif membership.notify == Notify.DAILY:
            book_digest(user.pk, timezone.localdate(share.delivered_at or timezone.now()))
    return sent


def book_digest(user_id: int, day: dt.date) -> None:
    """One digest per user and day, sent by the worker the next morning."""
    from organisations.tasks import send_digest

    _digest, created = Digest.objects.get_or_create(user_id=user_id, day=day)
    if created:
        morning = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(DIGEST_HOUR))
        send_digest.using(run_after=timezone.make_aware(morning)).enqueue(user_id, day.isoformat())


def send_digest(user_id: int, day: dt.date) -> bool:
    """Sends the digest unless another worker already did. Returns whether it sent."""
    if not Digest.objects.filter(user_id=user_id, day=day, sent_at__isnull=True).update(
        sent_at=timezone.now()
    ):
        return False
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    memberships = Membership.objects.approved().filter(user_id=user_id, notify=Notify.DAILY)
    counts = (
        Share.objects.current()
        .filter(
            account__in=memberships.values("account"),
            delivered_at__gte=start,
            delivered_at__lt=start + dt.timedelta(days=1),
        )
        .values("account")
        .annotate(count=Count("pk"))
    )
    by_account = {row["account"]: row["count"] for row in counts}
    lines = [
        {"account": str(m.account), "count": by_account[m.account_id]}
        for m in memberships.select_related("account__organisation", "user")
        if m.account_id in by_account
    ]
    first = memberships.first()
    if not lines or first is None:
        return False
    user = first.user
    context = {
        "name": user.get_full_name() or user.email,
        "lines": lines,
        "url": _inbox_url(),
        "count": sum(line["count"] for line in lines),
    }
    deliver_email(user.email, "rvs_digest", context, user.language)
    return True
