from django import forms

from organisations.models import Membership


class NotifyForm(forms.ModelForm):
    """How a member is told about results that arrive (each one, a digest, or not)."""

    class Meta:
        model = Membership
        fields = ["notify"]
        widgets = {"notify": forms.RadioSelect}
