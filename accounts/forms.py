from datetime import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import devices
from accounts.models import User
from accounts.usernames import normalize_username
from limits import api as limits

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class NewPasswordForm(forms.Form):
    """A password typed twice, checked by Django's validators against the user-to-be."""

    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_password2(self) -> str:
        first, again = self.cleaned_data.get("password1"), self.cleaned_data["password2"]
        if first and first != again:
            raise forms.ValidationError(_("The two passwords are different."))
        return again

    def validate_password_for(self, user: User) -> bool:
        """Runs the validators (similarity to the user's name and email too)."""
        try:
            password_validation.validate_password(self.cleaned_data["password1"], user)
        except forms.ValidationError as error:
            self.add_error("password1", error)
            return False
        return True


class LimitedAuthenticationForm(AuthenticationForm):
    """Django's sign-in form with the guide's lockout: more than three wrong passwords and
    the account cannot sign in from this kind of client for 30 minutes (docs/decisions/0006).

    A locked account is refused before its password is checked, and the refusal is not
    counted, so the lock ends 30 minutes after it began whatever happens meanwhile.
    """

    locked_until: datetime | None = None
    locked_message = _(
        "Too many wrong passwords: you cannot log in until %(time)s, even with the right one."
    )

    def limiter_username(self) -> str:
        return normalize_username(self.cleaned_data.get("username") or "")

    def clean(self) -> dict:
        username = self.limiter_username()
        if not username or not self.cleaned_data.get("password"):
            return super().clean()
        device = devices.device_for(self.request, username) if self.request else None
        count = limits.login_count(username, device)
        self.locked_until = count.blocked_until
        if self.locked_until is None:
            try:
                cleaned = super().clean()
            except forms.ValidationError:
                self.locked_until = limits.login_failed(username, device)
                if self.locked_until is None:
                    raise
            else:
                if count.counted:
                    limits.login_succeeded(username, device)
                return cleaned
        raise forms.ValidationError(
            self.locked_message,
            code="locked",
            params={"time": date_filter(timezone.localtime(self.locked_until), "DATETIME_FORMAT")},
        )


class UnlockRequestForm(forms.Form):
    username = forms.CharField(max_length=254, widget=forms.HiddenInput)

    def clean_username(self) -> str:
        return normalize_username(self.cleaned_data["username"])


def check_current_password(user: User, password: str, wrong: "StrOrPromise") -> None:
    """Raises `wrong` unless `password` is the user's, and refuses without checking after
    too many wrong ones: a borrowed session must not become a way to guess the password."""
    until = limits.password_check_blocked_until(user.pk)
    if until is None and not user.check_password(password):
        until = limits.password_check_failed(user.pk)
        if until is None:
            raise forms.ValidationError(wrong, code="password_incorrect")
    if until is not None:
        raise forms.ValidationError(
            _("Too many wrong passwords. From %(time)s you can try again."),
            code="password_locked",
            params={"time": date_filter(timezone.localtime(until), "DATETIME_FORMAT")},
        )


class LimitedPasswordChangeForm(PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django's form focuses the current password; on My details it is the second of
        # three forms, and a phone would open the page scrolled down to it.
        self.fields["old_password"].widget.attrs.pop("autofocus", None)

    def clean_old_password(self) -> str:
        password = self.cleaned_data["old_password"]
        check_current_password(self.user, password, self.error_messages["password_incorrect"])
        return password


class EmailChangeForm(forms.Form):
    """A new address, and the current password: a borrowed session alone cannot change
    where the password-reset emails go."""

    email = forms.EmailField(
        label=_("New email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    current_password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_current_password(self) -> str:
        password = self.cleaned_data["current_password"]
        check_current_password(self.user, password, _("The password is not right."))
        return password
