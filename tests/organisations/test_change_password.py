"""Organisation users change their password as candidates do: the current one first."""

from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD

URL = reverse("organisations:change_password")
NEW = "a quite different passphrase 42"


def test_it_changes_the_password_and_keeps_the_session(client, rvs_member) -> None:
    client.force_login(rvs_member)
    response = client.post(
        URL, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}, follow=True
    )
    assert "Your password has been changed." in response.text
    assert User.objects.get(pk=rvs_member.pk).check_password(NEW)
    assert client.get(reverse("organisations:inbox")).status_code == 200


def test_it_needs_the_current_password(client, rvs_member) -> None:
    client.force_login(rvs_member)
    response = client.post(
        URL, {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 400
    assert "error-message" in response.text
    assert User.objects.get(pk=rvs_member.pk).check_password(PASSWORD)


def test_it_the_settings_page_offers_it_without_autofocus(client, rvs_member) -> None:
    client.force_login(rvs_member)
    text = client.get(reverse("organisations:settings")).text
    assert 'name="old_password"' in text and "autofocus" not in text


def test_it_refuses_visitors(client, db) -> None:
    response = client.post(URL, {"old_password": PASSWORD})
    assert response.status_code == 302 and "/login/" in response.url
