import pytest
from django.urls import reverse

from exams.api import release_session
from sharing.models import Share
from sharing.shares import deliver_pending_shares, send_result
from tests.factories import make_account


@pytest.fixture
def share(owner, pet_session):
    release_session(pet_session)
    account = make_account("Keio University", "Admissions", aliases="慶應義塾大学")
    return send_result(owner.entries.get().result, account, "127.0.0.1").share


def test_it_lists_the_candidates_shares_with_status(client, owner, share) -> None:
    client.force_login(owner.user)
    response = client.get(reverse("sharing:shares"))
    assert "Keio University" in response.text
    assert "Admissions" in response.text
    assert "Pending" in response.text


def test_it_shows_delivered_and_viewed(client, owner, share) -> None:
    deliver_pending_shares(share.account)
    client.force_login(owner.user)
    assert "Delivered" in client.get(reverse("sharing:shares")).text
    Share.objects.filter(pk=share.pk).update(status="viewed", viewed_at=share.created_at)
    assert "Viewed on" in client.get(reverse("sharing:shares")).text


def test_it_the_candidate_withdraws_a_share(client, owner, share) -> None:
    client.force_login(owner.user)
    response = client.post(reverse("sharing:withdraw", args=[share.uuid]), follow=True)
    assert "You have withdrawn your result from Keio University" in response.text
    share.refresh_from_db()
    assert share.withdrawn_at is not None
    assert not Share.objects.current().exists()


def test_it_a_withdrawn_result_can_be_sent_again(owner, share) -> None:
    Share.objects.filter(pk=share.pk).update(withdrawn_at=share.created_at)
    again = send_result(share.result, share.account, None)
    assert again.created
    assert Share.objects.count() == 2


def test_it_another_candidate_cannot_see_or_withdraw_it(client, outsider, share) -> None:
    client.force_login(outsider.user)
    assert "Keio" not in client.get(reverse("sharing:shares")).text
    response = client.post(reverse("sharing:withdraw", args=[share.uuid]))
    assert response.status_code == 404
    share.refresh_from_db()
    assert share.withdrawn_at is None


def test_it_asks_for_confirmation_before_withdrawing(client, owner, share) -> None:
    client.force_login(owner.user)
    shares = client.get(reverse("sharing:shares")).text
    confirm_url = reverse("sharing:withdraw", args=[share.uuid])
    assert f'href="{confirm_url}"' in shares  # a link to the question, not a POST at once
    response = client.get(confirm_url)
    assert "Withdraw your result?" in response.text
    assert "You sent your Preliminary English Test result to Keio University" in response.text
    assert "Yes, withdraw my result" in response.text
    share.refresh_from_db()
    assert share.withdrawn_at is None


def test_it_another_candidate_cannot_open_the_confirmation(client, outsider, share) -> None:
    client.force_login(outsider.user)
    assert client.get(reverse("sharing:withdraw", args=[share.uuid])).status_code == 404


def test_it_keeps_the_results_session_on_the_share(inbox_share) -> None:
    assert inbox_share.session == inbox_share.result.entry.session
