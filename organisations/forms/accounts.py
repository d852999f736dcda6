from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.api import EmailChangeForm, LimitedAuthenticationForm, NewPasswordForm, User
from directory.api import OrganisationType


class PersonFields(NewPasswordForm):
    """Who is signing up: name, work email, password, language."""

    contact_name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("Work email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    language = forms.ChoiceField(
        label=_("Language for emails and pages"), choices=settings.LANGUAGES
    )

    def clean_email(self) -> str:
        # An address that already has an account is not an error here: saying so would let
        # anyone test addresses. The views email its owner instead (onboarding).
        return self.cleaned_data["email"].lower()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("password1") and not self.has_error("password2"):
            email = data.get("email", "")
            self.validate_password_for(
                User(username=email, email=email, first_name=data.get("contact_name", ""))
            )
        return data


class CreateAccountForm(PersonFields):
    """A new account: an organisation from the directory (by `account`) or a new one."""

    field_order = ["name", "department", "type", "country", "city", "website"]
    account = forms.UUIDField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    department = forms.CharField(label=_("Faculty or department"), max_length=200, required=False)
    type = forms.ChoiceField(
        label=_("Type of organisation"), choices=OrganisationType.choices, required=False
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = sorted(countries, key=lambda c: (c[0] != "JP", str(c[1])))
        cast(forms.ChoiceField, self.fields["country"]).choices = [("", "—"), *choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("account"):
            for name in ("name", "type", "country"):
                if not data.get(name):
                    self.add_error(name, _("Tell us this for a new organisation."))
        return data


class JoinForm(PersonFields):
    account = forms.UUIDField(
        label=_("Account"),
        error_messages={"required": _("Choose the account you want to join.")},
    )


class LoginForm(LimitedAuthenticationForm):
    username = forms.EmailField(
        label=_("Work email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _("The email address or password is not right. Check them and try again."),
        "inactive": _("This account is not active."),
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].lower()


class ForgotPasswordForm(forms.Form):
    email = forms.EmailField(label=_("Work email address"))


class WorkEmailChangeForm(EmailChangeForm):
    """A new work address (it becomes the sign-in name once confirmed) and the password."""

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.fields["email"].label = _("New work email address")

    def clean_email(self) -> str:
        return self.cleaned_data["email"].lower()
