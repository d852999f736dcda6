from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.models import AuditEvent


class ActivityFilterForm(forms.Form):
    """The audit log's filter, read from the query string."""

    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All")), *AuditEvent.Action.choices]
    )
