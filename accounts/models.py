from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Anyone who signs in: candidates (username = ID Number), organisation users, staff.

    Personal data: username, first_name, last_name, email, pending_email.
    """

    # Empty until the user chooses (the switcher, My details, a registration form): until
    # then pages follow the browser, and emails the language of the last sign-in.
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, blank=True
    )
    last_language = models.CharField(
        _("language at last sign-in"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        editable=False,
    )
    email_confirmed_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    pending_email = models.EmailField(
        _("new email address, not confirmed yet"),
        blank=True,
        help_text=_("The current address stays in use until the link sent here is opened."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def email_language(self) -> str:
        """What emails to this user are written in: their choice, else the language they
        last signed in with, else the board's default."""
        return self.language or self.last_language or settings.LANGUAGE_CODE

    @property
    def has_confirmed_email(self) -> bool:
        return bool(self.email) and self.email_confirmed_at is not None

    @property
    def address_to_confirm(self) -> str:
        """What a confirmation link confirms now: the pending new address, else the current
        one while it is unconfirmed; "" when there is nothing to confirm."""
        if self.pending_email:
            return self.pending_email
        return "" if self.email_confirmed_at else self.email

    @property
    def signs_in_with_email(self) -> bool:
        """Organisation users' username is their address (candidates use an ID Number)."""
        return "@" in self.username

    def username_for(self, email: str) -> str:
        return email.lower() if self.signs_in_with_email else self.username

    def email_taken_by_someone_else(self, email: str) -> bool:
        """For users who sign in with their address: another account already uses it."""
        if not self.signs_in_with_email:
            return False
        others = User.objects.exclude(pk=self.pk)
        return others.filter(username=email.lower()).exists()

    def ask_to_change_email(self, email: str) -> None:
        """Records the new address; the current one stays until the new one is confirmed.
        Any earlier confirmation link stops working (tokens are bound to this state)."""
        self.pending_email = "" if email.lower() == self.email.lower() else email
        self.save(update_fields=["pending_email"])

    def confirm_email(self, email: str) -> None:
        """Marks `email` as the user's confirmed address (after they followed the link).
        The username of an organisation user follows it."""
        self.email = email
        self.username = self.username_for(email)
        self.pending_email = ""
        self.email_confirmed_at = timezone.now()
        self.save(update_fields=["email", "username", "pending_email", "email_confirmed_at"])

    def restore_email(self, old_email: str) -> None:
        """Undoes a change from the old mailbox: back to `old_email`, nothing pending, and
        no password (whoever changed the address knew it); sessions end with it."""
        self.set_unusable_password()
        self.save(update_fields=["password"])
        self.confirm_email(old_email)


class Session(AbstractBaseSession):
    """Django's database session row, with whose it is: the page's one query reads the
    session, its user and their candidate record together (docs/decisions/0010). Deleting
    the row signs out, as ever; deleting the user deletes their sessions."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+"
    )

    @classmethod
    def get_session_store_class(cls) -> type[SessionBase]:
        from accounts.sessions import SessionStore

        return SessionStore
