"""The organisation directory, shares of results (with consent) and invitations."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from lib.searchtext import search_words


class OrganisationType(models.TextChoices):
    UNIVERSITY = "university", _("University or college")
    EMPLOYER = "employer", _("Employer")
    IMMIGRATION = "immigration", _("Immigration authority")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    """An institution in the directory. It has one account per faculty or department."""

    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO code, e.g. JP"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=OrganisationType.choices)
    aliases = models.TextField(
        _("other names"), blank=True, help_text=_("One per line, e.g. 早稲田大学")
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "country", "city"], name="unique_organisation")
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def country_name(self) -> str:
        """The country's name in the page's language (django-countries translates it)."""
        return str(countries.name(self.country)) or self.country

    @property
    def alias_list(self) -> list[str]:
        return [alias for alias in self.aliases.splitlines() if alias.strip()]


class AccountQuerySet(models.QuerySet):
    def active(self) -> "AccountQuerySet":
        return self.filter(is_active=True)


class OrganisationAccount(models.Model):
    """What a candidate sends a result to: an organisation's faculty or department."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="accounts"
    )
    department = models.CharField(_("faculty or department"), max_length=200, blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    is_active = models.BooleanField(
        _("active"),
        default=False,
        help_text=_("Has users of the verification service, who receive shares at once."),
    )
    search_text = models.TextField(editable=False, default="")
    listed = models.BooleanField(
        _("listed in the directory"),
        default=True,
        help_text=_(
            "Candidates find it. An account applied for by a new organisation is "
            "listed once staff approve it."
        ),
    )

    objects = AccountQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "department"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "department"], name="unique_account_department"
            )
        ]
        verbose_name = _("organisation account")
        verbose_name_plural = _("organisation accounts")

    def __str__(self) -> str:
        if self.department:
            return f"{self.organisation.name} – {self.department}"
        return self.organisation.name

    def refresh_search_text(self) -> None:
        """Normalised words of the name, department and aliases, for prefix search."""
        org = self.organisation
        self.search_text = search_words([org.name, self.department, *org.alias_list])


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
    account = models.ForeignKey(
        OrganisationAccount, on_delete=models.PROTECT, related_name="shares"
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
            models.Index(fields=["account", "withdrawn_at", "-created_at"], name="share_inbox")
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


class Invitation(models.Model):
    """A candidate's invitation to an organisation that is not in the directory.

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
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    account = models.ForeignKey(
        OrganisationAccount,
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
