from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from sharing.invitations import recently_invited


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for the organisation"),
        required=False,
        max_length=100,
        help_text=_(
            "Type the shortest part of the name, for example “waseda”. If an "
            "institution has several accounts, choose the correct faculty or department."
        ),
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}
        ),
    )


class SendForm(forms.Form):
    account = forms.UUIDField(
        label=_("Organisation"),
        error_messages={"required": _("Choose the organisation to send your result to.")},
    )


class InvitationForm(forms.Form):
    organisation_name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    email = forms.EmailField(
        label=_("Their email address"),
        help_text=_("For example the admissions office. We send the invitation there."),
    )
    website = forms.URLField(label=_("Their website"), required=False, assume_scheme="https")
    country = forms.ChoiceField(label=_("Country"))
    message = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Country names in the page's language, Japan first for our candidates.
        choices = [(code, name) for code, name in countries]
        choices.sort(key=lambda choice: (choice[0] != "JP", str(choice[1])))
        cast(forms.ChoiceField, self.fields["country"]).choices = [("", "—"), *choices]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if recently_invited(email):
            raise forms.ValidationError(
                _("This address was invited in the last 7 days. Please wait for them to reply.")
            )
        return email
