"""Shares of results (with consent) and invitations; what they go to is in `directory`."""

import uuid
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ShareStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    VIEWED = "viewed", _("Viewed")


class ShareQuerySet(models.QuerySet):
    def current(self) -> "ShareQuerySet":
        return self.filter(withdrawn_at__isnull=True)


class Share(models.Model):
    """A result sent, with consent, to one organisation account.

    The consent record: who (the candidate owning the result), which result, which account,
    when, the exact consent text shown and its language, from which address.
    Personal data: ip_address.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    result = models.ForeignKey("exams.Result", on_delete=models.CASCADE, related_name="shares")
    # The result's exam session (result → entry → session), kept here so that the inbox's
    # exam and requirement filters need not join 20,000 results to their entries
    # (docs/decisions/0014). Set on save; `sharing.apps` follows an entry moved to
    # another session.
    session = models.ForeignKey(
        "exams.ExamSession", on_delete=models.PROTECT, related_name="+", editable=False
    )
    account = models.ForeignKey(
        "directory.OrganisationAccount", on_delete=models.PROTECT, related_name="shares"
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    consent_text = models.TextField(_("consent text shown"))
    consent_language = models.CharField(_("consent language"), max_length=8)
    ip_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ShareStatus.choices, default=ShareStatus.PENDING
    )
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    viewed_at = models.DateTimeField(_("viewed at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    objects = ShareQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The organisation's inbox: its current shares, newest first.
            models.Index(fields=["account", "withdrawn_at", "-created_at"], name="share_inbox"),
            # Only the shares an inbox lists, in its order (ties by id): a page, and the
            # count of them all, read this index alone (bench/inbox_bench.py).
            models.Index(
                fields=["account", "-created_at", "-id"],
                name="share_inbox_listed",
                condition=Q(
                    withdrawn_at__isnull=True,
                    status__in=[ShareStatus.DELIVERED, ShareStatus.VIEWED],
                ),
            ),
        ]
        constraints = [
            # One live share per result and account; after a withdrawal it may be sent again.
            models.UniqueConstraint(
                fields=["result", "account"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_current_share",
            )
        ]
        verbose_name = _("share")
        verbose_name_plural = _("shares")

    def __str__(self) -> str:
        return f"{self.result} → {self.account}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.session_id is None:
            self.session_id = self.result.entry.session_id
        super().save(*args, **kwargs)


class Invitation(models.Model):
    """A candidate's invitation to an organisation that is not in the directory.

    When it names a result, the candidate consented (`consent_text`, in `consent_language`)
    to that result being sent once the organisation's account opens.
    Personal data: email, message.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey(
        "exams.Candidate", on_delete=models.CASCADE, related_name="invitations"
    )
    organisation_name = models.CharField(_("organisation name"), max_length=200)
    email = models.EmailField(_("email address"))
    website = models.URLField(_("website"), blank=True)
    country = models.CharField(_("country"), max_length=2)
    message = models.TextField(_("message"), blank=True, max_length=1000)
    result = models.ForeignKey(
        "exams.Result",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("result to send when the account opens"),
    )
    consent_text = models.TextField(_("consent text shown"), blank=True)
    consent_language = models.CharField(_("consent language"), max_length=8, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    account = models.ForeignKey(
        "directory.OrganisationAccount",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("account created"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.organisation_name} <{self.email}>"
