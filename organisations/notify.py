"""Emails to organisation users when results arrive: one each, or a daily digest.

Each email has its own row, claimed before it is sent and marked sent after the mail
server took it; every claim books a watchdog task that finishes whatever a dead worker
or a refused send left (docs/decisions/0011). A retry never emails anyone twice.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation

from notifications.api import Outgoing, render_once, send_claimed, slots
from organisations.models import Digest, Membership, Notify, ResultArrivedEmail
from sharing.api import Share

DIGEST_HOUR = 8  # local time, the morning after


def _inbox_url() -> str:
    return settings.SITE_URL + reverse("organisations:inbox")


def _after_claim_timeout() -> dt.datetime:
    return timezone.now() + dt.timedelta(seconds=settings.EMAIL_CLAIM_TIMEOUT + 1)


def notify_members(share: Share) -> int:
    """Emails immediate subscribers now and books the daily digest of the others."""
    members = Membership.objects.approved().filter(account=share.account).select_related("user")
    day = timezone.localdate(share.delivered_at or timezone.now())
    immediate = []
    for membership in members:
        if membership.notify == Notify.IMMEDIATE:
            immediate.append(ResultArrivedEmail(share=share, user=membership.user))
        elif membership.notify == Notify.DAILY:
            book_digest(membership.user_id, day)
    ResultArrivedEmail.objects.bulk_create(immediate, ignore_conflicts=True)
    return send_arrival_emails(share)


def send_arrival_emails(share: Share) -> int:
    """Sends the share's unsent "result arrived" emails. Returns how many were sent."""
    from organisations.tasks import finish_arrival_emails

    rows = ResultArrivedEmail.objects.filter(share=share)
    with transaction.atomic():
        token = rows.claim(settings.EMAIL_BATCH_SIZE)
        claimed = list(rows.with_token(token).select_related("user"))
        if claimed:
            finish_arrival_emails.using(run_after=_after_claim_timeout()).enqueue(share.pk)
    if not claimed:
        return 0
    context: dict[str, Any] = {
        "url": _inbox_url(),
        **slots("name"),
    }
    templates = {}
    outgoing = []
    for row in claimed:
        user = row.user
        language = user.email_language
        if language not in templates:
            with translation.override(language):  # names in the email's language too
                exam = share.result.entry.session.exam.name
                named = {**context, "account": str(share.account), "exam": exam}
            templates[language] = render_once("rvs_result_arrived", named, language)
        name = user.get_full_name() or user.email
        message = templates[language].message(user.email, row.message_id, name=name)
        outgoing.append(Outgoing(row.pk, message))
    return send_claimed(ResultArrivedEmail.objects.all(), token, outgoing)


def finish_arrival_emails(share_id: int) -> int:
    """The watchdog: sends what a dead worker or a refused send left, or looks again
    later while another worker's claim is still live."""
    from organisations.tasks import finish_arrival_emails as again

    rows = ResultArrivedEmail.objects.filter(share_id=share_id)
    share = Share.objects.filter(pk=share_id).first()
    if share is None or not rows.unsent().exists():
        return 0
    if not rows.claimable().exists():
        again.using(run_after=_after_claim_timeout()).enqueue(share_id)
        return 0
    return send_arrival_emails(share)


def book_digest(user_id: int, day: dt.date) -> None:
    """One digest per user and day, sent by the worker the next morning."""
    from organisations.tasks import send_digest

    _digest, created = Digest.objects.get_or_create(user_id=user_id, day=day)
    if created:
        morning = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(DIGEST_HOUR))
        send_digest.using(run_after=timezone.make_aware(morning)).enqueue(user_id, day.isoformat())


def send_digest(user_id: int, day: dt.date) -> bool:
    """Sends the digest unless it was sent already (or another worker is sending it).
    Returns whether it sent. A digest with nothing to tell is marked sent unsent."""
    from organisations.tasks import send_digest as again

    rows = Digest.objects.filter(user_id=user_id, day=day)
    with transaction.atomic():
        token = rows.claim(1)
        digest = rows.with_token(token).first()
        if digest is not None or rows.unsent().exists():
            # The watchdog: it finishes what this claim (or the live one) leaves undone.
            again.using(run_after=_after_claim_timeout()).enqueue(user_id, day.isoformat())
    if digest is None:
        return False
    context = _digest_context(user_id, day)
    if context is None:
        rows.filter(pk=digest.pk).mark_sent()
        return False
    user = context.pop("user")
    template = render_once("rvs_digest", context, user.email_language)
    message = template.message(user.email, digest.message_id)
    return send_claimed(Digest.objects.all(), token, [Outgoing(digest.pk, message)]) == 1


def _digest_context(user_id: int, day: dt.date) -> dict[str, Any] | None:
    """What the digest says (None: no new result for the user that day)."""
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
    first = memberships.select_related("user").first()
    if first is None:
        return None
    language = first.user.email_language
    lines = [
        {"account": m.account.name_in(language), "count": by_account[m.account_id]}
        for m in memberships.select_related("account__organisation", "user")
        if m.account_id in by_account
    ]
    if not lines:
        return None
    user = first.user
    return {
        "user": user,
        "name": user.get_full_name() or user.email,
        "lines": lines,
        "url": _inbox_url(),
        "count": sum(line["count"] for line in lines),
    }
