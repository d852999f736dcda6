"""Every form of the Verification Service, in one place. Forms whose logic belongs to the
domain (the inbox's filters, one exam's score requirement) live beside that logic and are
listed here too."""

from organisations.forms.accounts import (
    CreateAccountForm,
    ForgotPasswordForm,
    JoinForm,
    LoginForm,
    PersonFields,
    WorkEmailChangeForm,
)
from organisations.forms.activity import ActivityFilterForm
from organisations.forms.settings import NotifyForm
from organisations.forms.verify import BulkForm, ReferenceForm, SecretForm
from organisations.inbox import InboxFilterForm
from organisations.requirements import RequirementForm

__all__ = [
    "ActivityFilterForm",
    "BulkForm",
    "CreateAccountForm",
    "ForgotPasswordForm",
    "InboxFilterForm",
    "JoinForm",
    "LoginForm",
    "NotifyForm",
    "PersonFields",
    "ReferenceForm",
    "RequirementForm",
    "SecretForm",
    "WorkEmailChangeForm",
]
