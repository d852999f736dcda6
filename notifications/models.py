import datetime as dt
import uuid
from email.utils import parseaddr
from typing import Self

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def message_id_domain() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "resultbridge"


class ClaimQuerySet(models.QuerySet):
    """Emails that a worker claims before it sends them (docs/decisions/0011)."""

    def unsent(self) -> Self:
        """Not sent yet, and not given up on."""
        return self.filter(sent_at__isnull=True, attempts__lt=settings.EMAIL_MAX_ATTEMPTS)

    def claimable(self) -> Self:
        """Unsent and not held by a live claim: never claimed, given back, or claimed by a
        worker that has not sent them within EMAIL_CLAIM_TIMEOUT (it died)."""
        stale = timezone.now() - dt.timedelta(seconds=settings.EMAIL_CLAIM_TIMEOUT)
        return self.unsent().filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))

    def claim(self, limit: int) -> str:
        """Claims up to `limit` of these emails for this worker; returns the claim's token
        (`with_token` finds them). Concurrent claims never take the same row: on
        PostgreSQL the rows are locked with SKIP LOCKED, SQLite runs one writer at a time."""
        token = uuid.uuid4().hex
        with transaction.atomic():
            rows = self.claimable().order_by("pk").select_for_update(skip_locked=True)
            self.model._default_manager.filter(pk__in=rows.values("pk")[:limit]).update(
                claimed_at=timezone.now(), claim_token=token, attempts=F("attempts") + 1
            )
        return token

    def with_token(self, token: str) -> Self:
        return self.filter(claim_token=token, sent_at__isnull=True)

    def give_back(self, token: str) -> int:
        """Returns unsent emails of this claim to the pool, for any worker to send."""
        return self.with_token(token).update(claimed_at=None, claim_token="")

    def mark_sent(self) -> int:
        return self.filter(sent_at__isnull=True).update(sent_at=timezone.now())


class ClaimedEmail(models.Model):
    """An email sent at most once: claimed (`claimed_at`, `claim_token`), then sent.

    `attempts` counts claims, so an address the mail server always refuses is given up
    after EMAIL_MAX_ATTEMPTS instead of being retried for ever.
    """

    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        abstract = True


class ReleaseNotification(ClaimedEmail):
    """The "your results are released" email for one candidate and one session.

    One row per (candidate, session) makes a second release, or a second worker running
    the same task, unable to email anyone twice.
    """

    candidate = models.ForeignKey(
        "exams.Candidate", on_delete=models.CASCADE, related_name="release_notifications"
    )
    session = models.ForeignKey(
        "exams.ExamSession", on_delete=models.CASCADE, related_name="release_notifications"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "session"], name="one_release_notification"
            )
        ]
        indexes = [
            # Claims look for the unsent rows of a session: without this partial index
            # every claim would walk past all the rows already sent.
            models.Index(
                fields=["session", "id"],
                condition=Q(sent_at__isnull=True),
                name="release_notification_unsent",
            )
        ]
        verbose_name = _("release notification")
        verbose_name_plural = _("release notifications")

    def __str__(self) -> str:
        return f"{self.candidate_id} / {self.session_id}"

    @property
    def message_id(self) -> str:
        """Stable across retries, so that a receiver can drop a duplicate."""
        return f"<release-{self.session_id}-{self.candidate_id}@{message_id_domain()}>"
