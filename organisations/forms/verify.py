"""The forms of the verification pages: one result at a time, or a CSV file."""

from django import forms
from django.utils.translation import gettext_lazy as _

from exams.api import normalize_candidate_id
from lib.dates import DateOfBirthField
from organisations import bulk
from organisations.verification import MAX_ID_LENGTH, REFERENCE, SECRET, Attempt
from statements.api import normalize_reference

MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # 5,000 rows of IDs and secrets fit in a tenth of this


class SecretForm(forms.Form):
    method = SECRET
    candidate_id = forms.CharField(
        label=_("ID Number"),
        max_length=32,
        help_text=_("On the candidate's Confirmation of Entry, for example PGD961."),
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "spellcheck": "false", "autocomplete": "off"}
        ),
    )
    # Never sent back to the page: a Secret Number appears only where it was typed.
    secret_number = forms.CharField(
        label=_("Secret Number"),
        max_length=32,
        widget=forms.PasswordInput(
            render_value=False, attrs={"autocomplete": "off", "inputmode": "numeric"}
        ),
    )

    # Shown only while wrong Secret Numbers for this ID Number, or in total, make
    # verification ask for it too (docs/decisions/0003).
    date_of_birth = DateOfBirthField(
        label=_("Candidate's date of birth"),
        required=False,
        help_text=_("For example 2008-04-02."),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "off"}, format="%Y-%m-%d"),
    )
    asks_date_of_birth = False

    def clean_candidate_id(self) -> str:
        # Normalised before the length is checked: `ß` typed is `SS` stored.
        candidate_id = normalize_candidate_id(self.cleaned_data["candidate_id"])
        if len(candidate_id) > MAX_ID_LENGTH:
            raise forms.ValidationError(
                _("An ID Number has at most %(limit_value)d characters."),
                params={"limit_value": MAX_ID_LENGTH},
            )
        return candidate_id

    def ask_date_of_birth(self) -> None:
        self.asks_date_of_birth = True
        self.add_error(
            "date_of_birth",
            _(
                "There have been many unsuccessful attempts with this ID Number. To protect "
                "the candidate, please also enter their date of birth."
            ),
        )

    def attempt(self) -> Attempt:
        data = self.cleaned_data
        return Attempt.by_secret(
            data["candidate_id"], data["secret_number"], data.get("date_of_birth")
        )


class ReferenceForm(forms.Form):
    method = REFERENCE
    reference = forms.CharField(
        label=_("Statement of Results reference"),
        max_length=bulk.MAX_TYPED,
        help_text=_("Printed on the Statement of Results, for example 7K3M-9QXD-2P4R."),
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "spellcheck": "false", "autocomplete": "off"}
        ),
    )
    date_of_birth = DateOfBirthField(
        label=_("Candidate's date of birth"), help_text=_("For example 2008-04-02.")
    )

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"]
        if not normalize_reference(reference):
            raise forms.ValidationError(_("Enter the reference as it is printed."))
        return reference

    def attempt(self) -> Attempt:
        data = self.cleaned_data
        return Attempt.by_reference(data["reference"], data["date_of_birth"])


class BulkForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, with the header candidate_id,secret_number (or "
            "candidate_id,secret_number,date_of_birth) or reference,date_of_birth; "
            "up to 5,000 rows."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> list[bulk.Row]:
        """The file's rows, parsed; a file that cannot be used is one error here."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 2 MB. Split it into smaller files.")
            )
        try:
            return bulk.read_rows(upload)
        except bulk.FileRefused as exc:
            raise forms.ValidationError(str(exc)) from None
