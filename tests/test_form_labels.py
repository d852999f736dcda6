"""A field without a label gets one Django makes from its name, in English on every page
("Account: Choose the account…" in the error summary of a Japanese page)."""

from django.forms.forms import BaseForm
from django.urls import get_resolver

from tests.test_translations import SOURCES

# Labelled when the form is made: Django's sign-in form names the username field after
# the user model's (translated) verbose name; the requirement form after its exam.
LABELLED_ON_INIT = {
    ("StaffLoginForm", "username"),
    ("LimitedAuthenticationForm", "username"),
    ("RequirementForm", "accepted"),
}


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def test_it_labels_every_visible_field_of_our_forms() -> None:
    assert get_resolver().url_patterns  # imports every view, so every form
    unlabelled = [
        (form.__name__, name)
        for form in _subclasses(BaseForm)
        if form.__module__.split(".")[0] in SOURCES
        for name, field in form.base_fields.items()  # type: ignore[attr-defined]
        if field.label is None and not field.widget.is_hidden
    ]
    assert set(unlabelled) <= LABELLED_ON_INIT
