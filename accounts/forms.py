from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from accounts.models import User


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
