"""Invitations cannot be used to flood mailboxes: per candidate a day, and per client
address and per recipient an hour (limits.allow_invitation)."""

from django.test import Client
from django.urls import reverse

from exams.models import Candidate
from sharing.models import Invitation

URL = reverse("sharing:invite")


def _invite(client: Client, email: str, **extra: str):  # noqa: ANN202
    data = {"organisation_name": "Kansai Gaidai", "email": email, "country": "JP"}
    return client.post(URL, data, **extra)


def test_it_stops_one_connection_inviting_through_many_accounts(
    client: Client,
    owner: Candidate,
    outsider: Candidate,
    settings,  # noqa: ANN001
) -> None:
    settings.EMAILS_PER_ADDRESS = 2
    client.force_login(owner.user)
    assert _invite(client, "a@example.org").status_code == 302
    assert _invite(client, "b@example.org").status_code == 302
    client.force_login(outsider.user)
    response = _invite(client, "c@example.org", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "お使いの接続から複数の招待を送信しました" in response.text  # the outsider reads ja
    assert Invitation.objects.count() == 2
    # Another connection is not affected.
    assert _invite(client, "c@example.org", REMOTE_ADDR="203.0.113.9").status_code == 302


def test_it_counts_a_candidates_invitations_in_the_limiter(
    client: Client,
    owner: Candidate,
    settings,  # noqa: ANN001
) -> None:
    settings.INVITATIONS_PER_CANDIDATE = 2
    client.force_login(owner.user)
    _invite(client, "a@example.org")
    _invite(client, "b@example.org")
    Invitation.objects.all().delete()  # the count is not the rows: deleting them frees nothing
    response = _invite(client, "c@example.org")
    assert response.status_code == 400
    assert "up to 2 invitations a day" in response.text
