from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RegistrationAttemptQuerySet(models.QuerySet):
    def failures_since(self, since: datetime) -> "RegistrationAttemptQuerySet":
        return self.filter(succeeded=False, created_at__gte=since)


class RegistrationAttempt(models.Model):
    """One try at registering with an ID Number and Secret Number.

    Kept so that wrong Secret Numbers can be limited per ID Number, per client address and
    in total (docs/decisions/0003), across every web server sharing the database.
    Personal data: candidate_id, ip_address.
    """

    candidate_id = models.CharField(_("ID Number"), max_length=32, db_index=True)
    ip_address = models.GenericIPAddressField(_("client address"), null=True, db_index=True)
    succeeded = models.BooleanField(_("succeeded"), default=False)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    objects = RegistrationAttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("registration attempt")
        verbose_name_plural = _("registration attempts")

    def __str__(self) -> str:
        outcome = "ok" if self.succeeded else "wrong"
        return f"{self.candidate_id} {outcome} {self.created_at:%Y-%m-%d %H:%M}"


def lockout_window() -> timedelta:
    return timedelta(minutes=settings.REGISTRATION_LOCKOUT_MINUTES)
