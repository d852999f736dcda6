from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts import api as accounts_forms
from accounts.api import LimitedAuthenticationForm, NewPasswordForm, User, normalize_username
from lib.dates import DateOfBirthField

ID_NUMBER_HELP = _("On your Confirmation of Entry. Your exam centre can give it to you.")


class IdNumberField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("ID Number"))
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "characters", "spellcheck": "false"}
        )

    default_error_messages = {
        "max_length": _("An ID Number has at most %(limit_value)d characters."),
    }

    def to_python(self, value: object) -> str:
        # Normalised (NFKC, upper case) before the length is checked: `ß` becomes `SS`,
        # so 32 typed characters may be 64 stored ones.
        return normalize_username(super().to_python(value) or "")


class RegistrationForm(NewPasswordForm):
    candidate_id = IdNumberField(help_text=ID_NUMBER_HELP)
    secret_number = forms.CharField(
        label=_("Secret Number"),
        max_length=32,
        help_text=_("Also on your Confirmation of Entry. You need it only to register."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    email = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    email_again = forms.EmailField(
        label=_("Email address again"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    language = forms.ChoiceField(
        label=_("Language for emails and pages"), choices=settings.LANGUAGES
    )
    # Shown only while wrong Secret Numbers make registration ask for it (0003).
    date_of_birth = DateOfBirthField(
        label=_("Date of birth"),
        required=False,
        help_text=_("As printed on your Confirmation of Entry, for example 2008-04-02."),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
    )
    asks_date_of_birth = False

    def clean_email_again(self) -> str:
        first, again = self.cleaned_data.get("email", ""), self.cleaned_data["email_again"]
        if first and first.lower() != again.lower():
            raise forms.ValidationError(_("The two email addresses are different."))
        return again

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("password1") and cleaned.get("candidate_id"):
            # Against what was typed, never the candidate's record: the answer must be
            # the same whether the Secret Number is right or not (0003).
            typed = User(username=cleaned["candidate_id"], email=cleaned.get("email", ""))
            self.validate_password_for(typed)
        return cleaned

    def ask_date_of_birth(self, *, missing: bool = False) -> None:
        self.asks_date_of_birth = True
        if missing:
            self.add_error(
                "date_of_birth",
                _(
                    "For your security, please also enter your date of birth, as printed "
                    "on your Confirmation of Entry."
                ),
            )


class LoginForm(LimitedAuthenticationForm):
    username = IdNumberField()
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("The ID Number or password is not right. Check them and try again."),
        "inactive": _("This account is not active. Please contact your exam centre."),
    }


class ForgotPasswordForm(forms.Form):
    candidate_id = IdNumberField(help_text=ID_NUMBER_HELP)


class EmailChangeForm(accounts_forms.EmailChangeForm):
    """A new address and the current password (see accounts.forms)."""


class LanguageForm(forms.ModelForm):
    """The user's choice; until they make one it shows the language of the page."""

    language = forms.ChoiceField(
        label=_("Language for emails and pages"), choices=settings.LANGUAGES
    )

    class Meta:
        model = User
        fields = ["language"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["language"] = self.instance.language or get_language()
