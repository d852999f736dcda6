from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

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


class RegistrationForm(forms.Form):
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
    language = forms.ChoiceField(
        label=_("Language for emails and pages"), choices=settings.LANGUAGES
    )

    def clean_email_again(self) -> str:
        first, again = self.cleaned_data.get("email", ""), self.cleaned_data["email_again"]
        if first and first.lower() != again.lower():
            raise forms.ValidationError(_("The two email addresses are different."))
        return again

    def clean_password2(self) -> str:
        first, again = self.cleaned_data.get("password1"), self.cleaned_data["password2"]
        if first and first != again:
            raise forms.ValidationError(_("The two passwords are different."))
        return again

    def validate_password_for(self, user: User) -> bool:
        """Runs Django's password validators against the user-to-be; False if they fail."""
        try:
            password_validation.validate_password(self.cleaned_data["password1"], user)
        except forms.ValidationError as error:
            self.add_error("password1", error)
            return False
        return True


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
