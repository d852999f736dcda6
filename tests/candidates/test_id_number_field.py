"""The ID Number field of the login, forgot-password and registration forms."""

import pytest

from candidates.forms import ForgotPasswordForm, LoginForm
from tests.factories import PASSWORD


@pytest.mark.parametrize("typed", ["pgd961", " PGD961 ", "ＰＧＤ９６１", "ｐｇｄ９６１"])
def test_it_reads_an_id_number_as_typed_on_any_keyboard(typed) -> None:
    form = ForgotPasswordForm({"candidate_id": typed})
    assert form.is_valid()
    assert form.cleaned_data["candidate_id"] == "PGD961"


@pytest.mark.parametrize("typed", ["ß" * 32, "ﬃ" * 32])
def test_it_checks_the_length_once_normalised(typed) -> None:
    form = ForgotPasswordForm({"candidate_id": typed})
    assert not form.is_valid()
    assert form.errors["candidate_id"] == ["An ID Number has at most 32 characters."]


def test_it_signs_in_with_a_full_width_id_number(owner, rf) -> None:
    request = rf.post("/login/")
    form = LoginForm(request, {"username": "ＰＧＤ９６１", "password": PASSWORD})
    assert form.is_valid(), form.errors
    assert form.get_user() == owner.user
