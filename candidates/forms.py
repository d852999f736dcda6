from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts.forms import NewPasswordForm
from accounts.models import User
from accounts.usernames import normalize_username

ID_NUMBER_HELP = _("On your Confirmation of Entry. Your exam centre can give it to you.")


class IdNumberField(forms.CharField):
    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("label", _("ID Number"))
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "characters", "spellcheck": "false"}
        )

    def clean(self, value: str) -> str:
        return normalize_username(super().clean(value))


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

    def clean_email_again(self) -> str:
        first, again = self.cleaned_data.get("email", ""), self.cleaned_data["email_again"]
        if first and first.lower() != again.lower():
            raise forms.ValidationError(_("The two email addresses are different."))
        return again


class LoginForm(AuthenticationForm):
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


class EmailChangeForm(forms.Form):
    email = forms.EmailField(
        label=_("New email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class LanguageForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language"]
