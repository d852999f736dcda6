from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Anyone who signs in: candidates (username = ID Number), organisation users, staff.

    Personal data: username, first_name, last_name, email, pending_email.
    """

    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    email_confirmed_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def has_confirmed_email(self) -> bool:
        return bool(self.email) and self.email_confirmed_at is not None

    def confirm_email(self, email: str) -> None:
        """Marks `email` as the user's confirmed address (after they followed the link)."""
        self.email = email
        self.email_confirmed_at = timezone.now()
        self.save(update_fields=["email", "email_confirmed_at"])
