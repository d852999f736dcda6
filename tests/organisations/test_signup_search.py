"""The directory search inside the sign-up forms: Search keeps what was typed, the
type-ahead gets the list alone, and a sign-up ends on a redirect."""

import pytest
from django.urls import reverse

from organisations.models import AccountApplication
from tests.factories import make_account
from tests.organisations.test_signup import new_organisation, person

CREATE, JOIN = reverse("organisations:create"), reverse("organisations:join")


def test_it_search_keeps_what_was_typed_and_applies_nothing(client, db) -> None:
    make_account("Kansai Gaidai University", "Admissions", city="Osaka")
    typed = {**new_organisation(name="Kansai Gaidai", city="Hirakata"), "q": "kansai"}
    response = client.post(CREATE, {**typed, "search": "1"})
    assert response.status_code == 200
    text = response.text
    assert 'value="Kansai Gaidai"' in text and 'value="Hirakata"' in text
    assert 'value="Aiko@Kansai.example.jp"' in text and 'value="kansai"' in text
    assert "Kansai Gaidai University" in text  # the hits
    assert "error-message" not in text  # nothing was submitted yet
    assert not AccountApplication.objects.exists()


@pytest.mark.parametrize("url", [CREATE, JOIN])
def test_it_the_type_ahead_gets_the_list_alone(client, rvs_account, url) -> None:
    make_account("Kansai Gaidai University", "Admissions", city="Osaka")
    text = client.get(url, {"partial": "1", "q": "waseda" if url == JOIN else "kansai"}).text
    assert text.lstrip().startswith('<input type="hidden" name="searched"')
    assert '<fieldset class="hits">' in text
    assert "<html" not in text
    assert ("Admissions Office" if url == JOIN else "Kansai Gaidai University") in text


@pytest.mark.parametrize("url", [CREATE, JOIN])
def test_it_both_pages_use_the_send_pages_script(client, db, url) -> None:
    text = client.get(url).text
    assert f'data-typeahead="{url}"' in text and "js/typeahead" in text


def test_it_join_search_keeps_the_name(client, rvs_account) -> None:
    text = client.post(JOIN, {**person(contact_name="Ken Sato"), "q": "waseda", "search": "1"})
    assert 'value="Ken Sato"' in text.text and "Admissions Office" in text.text


def test_it_redirects_after_applying_and_the_page_names_the_address(client, db) -> None:
    response = client.post(CREATE, new_organisation())
    assert response.status_code == 302
    page = client.get(response.url)
    assert "aiko@kansai.example.jp" in page.text
    assert AccountApplication.objects.count() == 1


def test_it_the_check_email_page_alone_leads_home(client, db) -> None:
    assert client.get(reverse("organisations:check_email")).url == reverse("organisations:landing")


def test_it_a_second_application_for_the_same_department_is_refused(client, db) -> None:
    """It was a server error (the unique account per department) before."""
    client.post(CREATE, new_organisation())
    response = client.post(CREATE, new_organisation(email="other@kansai.example.jp"))
    assert response.status_code == 400
    assert "Ask to join it instead" in response.text
    assert AccountApplication.objects.count() == 1


def test_it_enter_in_a_complete_form_applies_rather_than_searching_again(client, db) -> None:
    """Search is the first button, so Enter in the password field sends it: with the list
    already showing that search, a complete form is applied."""
    typed = {**new_organisation(), "q": "kansai", "searched": "kansai", "search": "1"}
    response = client.post(CREATE, typed)
    assert response.status_code == 302
    assert AccountApplication.objects.count() == 1


def test_it_a_new_search_never_applies(client, db) -> None:
    typed = {**new_organisation(), "q": "kansai", "searched": "", "search": "1"}
    assert client.post(CREATE, typed).status_code == 200
    assert not AccountApplication.objects.exists()
