"""The Results Verification Service: organisation users, their accounts and their work.

An organisation account itself is the directory's (`directory.OrganisationAccount`); here
are who may use it, what it requires of results, what it verified, and what was done.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.api import ClaimedEmail, message_id_domain


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MEMBER = "member", _("Member")


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Notify(models.TextChoices):
    IMMEDIATE = "immediate", _("An email for each result, as it arrives")
    DAILY = "daily", _("One email a day listing new results")
    NONE = "none", _("No emails")


class MembershipQuerySet(models.QuerySet):
    def approved(self) -> "MembershipQuerySet":
        """Approved users of approved (active) accounts: the only ones who see anything."""
        return self.filter(status=Status.APPROVED, account__is_active=True, user__is_active=True)

    def admins(self) -> "MembershipQuerySet":
        return self.approved().filter(role=Role.ADMIN)


class Membership(models.Model):
    """A user of one organisation account. A user may belong to several accounts."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    account = models.ForeignKey(
        "directory.OrganisationAccount", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    notify = models.CharField(
        _("emails about new results"),
        max_length=10,
        choices=Notify.choices,
        default=Notify.IMMEDIATE,
    )
    created_at = models.DateTimeField(_("asked on"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["account", "user__email"]
        constraints = [models.UniqueConstraint(fields=["user", "account"], name="one_membership")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user.email} @ {self.account} ({self.role}, {self.status})"

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN and self.status == Status.APPROVED


class AccountApplication(models.Model):
    """A request to open an account, which exam-board staff approve or reject."""

    account = models.OneToOneField(
        "directory.OrganisationAccount", on_delete=models.CASCADE, related_name="application"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    invitation = models.ForeignKey(
        "sharing.Invitation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("applied on"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("account application")
        verbose_name_plural = _("account applications")

    def __str__(self) -> str:
        return f"{self.account} ({self.status})"


class ScoreRequirement(models.Model):
    """What an account accepts from one exam. Exams without a requirement are not accepted."""

    account = models.ForeignKey(
        "directory.OrganisationAccount", on_delete=models.CASCADE, related_name="requirements"
    )
    exam = models.ForeignKey("exams.Exam", on_delete=models.CASCADE, related_name="+")
    min_overall = models.IntegerField(_("minimum overall score"), null=True, blank=True)
    component_minimums = models.JSONField(_("minimum per component"), default=dict, blank=True)
    max_age_months = models.PositiveIntegerField(
        _("maximum age of the result (months)"), null=True, blank=True
    )

    class Meta:
        ordering = ["exam__code"]
        constraints = [
            models.UniqueConstraint(fields=["account", "exam"], name="one_requirement_per_exam")
        ]
        verbose_name = _("score requirement")
        verbose_name_plural = _("score requirements")

    def __str__(self) -> str:
        return f"{self.account}: {self.exam.code}"


class Verification(models.Model):
    """One verification attempt, matched or not. Personal data: candidate_id, ip_address."""

    class Method(models.TextChoices):
        SECRET = "secret", _("ID Number and Secret Number")
        REFERENCE = "reference", _("Statement of Results reference and date of birth")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="verifications"
    )
    account = models.ForeignKey(
        "directory.OrganisationAccount", on_delete=models.CASCADE, related_name="verifications"
    )
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    bulk = models.BooleanField(_("part of a bulk upload"), default=False)
    candidate_id = models.CharField(_("ID Number typed"), max_length=32, blank=True)
    reference = models.CharField(_("reference typed"), max_length=32, blank=True)
    result = models.ForeignKey(
        "exams.Result", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    matched = models.BooleanField(_("matched"), default=False)
    ip_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")

    def __str__(self) -> str:
        outcome = "match" if self.matched else "no match"
        return f"{self.user} {self.method} {outcome}"


class AuditEvent(models.Model):
    """Who saw, verified or exported what, for the account's administrators and staff."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed a result")
        PROCESS = "process", _("Marked a result processed")
        VERIFY = "verify", _("Verified a result")
        BULK_VERIFY = "bulk_verify", _("Bulk verification")
        EXPORT = "export", _("Exported results")
        USERS = "users", _("Changed users")
        REQUIREMENTS = "requirements", _("Changed score requirements")

    account = models.ForeignKey(
        "directory.OrganisationAccount", on_delete=models.CASCADE, related_name="audit_events"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    share = models.ForeignKey(
        "sharing.Share", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Free text from before params (shown as it is); new events leave it empty.
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    # What happened as data, put into words in the reader's language (organisations.audit).
    params = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.user} {self.action}"


class Digest(ClaimedEmail):
    """The daily "new results" email of one user for one day: at most one is sent.

    Claimed before it is sent and marked sent after; a claim left by a dead worker is
    taken again after EMAIL_CLAIM_TIMEOUT (docs/decisions/0011)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_a_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.day}"

    @property
    def message_id(self) -> str:
        return f"<digest-{self.user_id}-{self.day:%Y%m%d}@{message_id_domain()}>"


class ResultArrivedEmail(ClaimedEmail):
    """The "a result has arrived" email of one share to one user: one row each, so that
    a retried notification skips the users already emailed."""

    share = models.ForeignKey("sharing.Share", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["share", "user"], name="one_arrival_email_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.share_id} → {self.user_id}"

    @property
    def message_id(self) -> str:
        return f"<arrived-{self.share_id}-{self.user_id}@{message_id_domain()}>"
