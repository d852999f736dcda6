"""Sign-in, lockout and unlock, written once and used by every portal (candidates, the
Verification Service, staff). A `Portal` names what differs: templates and URL names."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from notifications.api import send_email


def record_sign_in(sender: object, user: User, **kwargs: object) -> None:
    """Replaces Django's `update_last_login` (accounts/apps.py): the same one UPDATE also
    notes the language the user signed in with, which their emails use until they choose
    one (`User.email_language`). Pages never write it: a GET costs no write."""
    language = translation.get_language()
    user.last_login = timezone.now()
    user.last_language = language if language in dict(settings.LANGUAGES) else ""
    user.save(update_fields=["last_login", "last_language"])


UNLOCK_SALT = "accounts.unlock"
UNLOCK_MAX_AGE = 60 * 60  # an hour: the lock itself lasts 30 minutes


@dataclass(frozen=True)
class Portal:
    namespace: str  # URL namespace: "candidates" or "organisations"
    base_template: str  # the portal's page layout

    def url(self, name: str, *args: str) -> str:
        return reverse(f"{self.namespace}:{name}", args=args)

    def owns(self, user: User) -> bool:
        """Whether `user` signs in here (an ID Number on the candidates' site)."""
        if self.namespace == "candidates":
            return hasattr(user, "candidate")
        return user.memberships.exists()


CANDIDATES = Portal("candidates", "base.html")
ORGANISATIONS = Portal("organisations", "organisations/base.html")
PORTALS = {portal.namespace: portal for portal in (CANDIDATES, ORGANISATIONS)}


def send_password_reset(portal: Portal, user: User, email: str, context: dict[str, str]) -> None:
    """Emails `user` a link to choose a new password on `portal` (Django's reset token)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = portal.url("password_reset_confirm", uid, default_token_generator.make_token(user))
    send_email(user.email, email, {**context, "url": settings.SITE_URL + path}, user.email_language)


def make_unlock_token(user: User) -> str:
    return signing.dumps({"u": user.username}, salt=UNLOCK_SALT)


def read_unlock_token(token: str) -> str | None:
    """The username the link unlocks, or None if it is bad or older than an hour."""
    try:
        data = signing.loads(token, salt=UNLOCK_SALT, max_age=UNLOCK_MAX_AGE)
    except signing.BadSignature:
        return None
    return data.get("u") if isinstance(data, dict) else None


def send_unlock_link(portal: Portal, user: User) -> None:
    context = {
        "name": user.get_full_name() or user.username,
        "username": user.username,
        "url": settings.SITE_URL + portal.url("unlock", make_unlock_token(user)),
        "minutes": UNLOCK_MAX_AGE // 60,
    }
    send_email(user.email, "unlock", context, user.email_language)
