"""Sending the "your results are released" emails, safely from any number of workers.

The release records one row per email in one INSERT … SELECT and queues one task per
EMAIL_BATCH_SIZE emails; each task claims a batch and sends it over one SMTP connection.
A watchdog task comes back every EMAIL_CLAIM_TIMEOUT seconds until every email is sent,
and queues batches for the claims that a dead worker left (docs/decisions/0011).
"""

import datetime as dt
import math
from collections.abc import Iterator

from django.conf import settings
from django.db import connection
from django.utils import timezone

from exams.api import Candidate, ExamSession
from notifications.delivery import EmailTemplate, Outgoing, send_claimed, slots
from notifications.delivery import render_once as render
from notifications.models import ReleaseNotification

NAME = "results_released"


def create_notifications(session: ExamSession) -> int:
    """One row per registered candidate with a confirmed address and a result in the
    session (never a second one). Returns how many of the session's emails are unsent."""
    candidates = Candidate.objects.emailed_at_release(session).order_by().values("pk")
    select, params = candidates.query.sql_with_params()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    # The ORM has no INSERT … SELECT; row by row, 200,000 candidates take seconds.
    # "WHERE true" lets SQLite read ON CONFLICT as the INSERT's, not the SELECT's.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ReleaseNotification._meta.db_table} "  # noqa: S608 (our names)  # nosec B608
            "(candidate_id, session_id, created_at, claim_token, attempts) "
            f"SELECT c.*, %s, %s, '', 0 FROM ({select}) c WHERE true ON CONFLICT DO NOTHING",
            [session.pk, now, *params],
        )
    return ReleaseNotification.objects.filter(session=session).unsent().count()


def queue_sending(session_id: int, waiting: int) -> None:
    """Queues enough batch tasks for `waiting` emails, and the watchdog."""
    _queue_batches(session_id, waiting)
    if waiting:
        _queue_watchdog(session_id, waiting)


def _queue_batches(session_id: int, emails: int) -> None:
    from notifications.tasks import send_release_batch

    for _ in range(math.ceil(emails / settings.EMAIL_BATCH_SIZE)):
        send_release_batch.enqueue(session_id)


def _queue_watchdog(session_id: int, unsent: int) -> None:
    from notifications.tasks import watch_release

    later = timezone.now() + dt.timedelta(seconds=settings.EMAIL_CLAIM_TIMEOUT)
    watch_release.using(run_after=later).enqueue(session_id, unsent)


def send_batch(session_id: int) -> int:
    """Claims up to EMAIL_BATCH_SIZE unsent emails of the session and sends them.
    Returns how many were sent (0: nothing left to claim)."""
    rows = ReleaseNotification.objects.filter(session_id=session_id)
    token = rows.claim(settings.EMAIL_BATCH_SIZE)
    claimed = list(rows.with_token(token).select_related("candidate__user").order_by("pk"))
    if not claimed:
        return 0
    session = ExamSession.objects.select_related("exam").get(pk=session_id)
    return send_claimed(ReleaseNotification.objects.all(), token, _messages(claimed, session))


def _messages(claimed: list[ReleaseNotification], session: ExamSession) -> Iterator[Outgoing]:
    """The claimed emails, each language's template rendered once for the whole batch."""
    context = {"candidate": {"full_name": slots("name")["name"]}, "session": session}
    templates: dict[str, EmailTemplate] = {}
    for notification in claimed:
        user = notification.candidate.user
        if user is None:  # the account was deleted after the release was queued
            yield Outgoing(notification.pk, None)
            continue
        language = user.email_language
        if language not in templates:
            templates[language] = render(NAME, {**context, "exam": session.exam}, language)
        template = templates[language]
        name = notification.candidate.full_name
        yield Outgoing(
            notification.pk, template.message(user.email, notification.message_id, name=name)
        )


def send_pending(session_id: int) -> int:
    """Sends every claimable email of the session now, batch after batch."""
    sent = 0
    while batch := send_batch(session_id):
        sent += batch
    return sent


def watch(session_id: int, unsent_before: int) -> int:
    """Queues batches for what no queued task will send, and comes back later while
    anything is unsent. Returns how many emails are unsent."""
    rows = ReleaseNotification.objects.filter(session_id=session_id)
    unsent = rows.unsent().count()
    if not unsent:
        return 0
    orphans = rows.claimable()
    if unsent < unsent_before:
        # The batch tasks are making progress: they will send what was never claimed.
        # Left for us: claims given back or left by a dead worker.
        orphans = orphans.filter(attempts__gt=0)
    _queue_batches(session_id, orphans.count())
    _queue_watchdog(session_id, unsent)
    return unsent
