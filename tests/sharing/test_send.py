import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from exams.api import release_session
from sharing.models import Share, ShareStatus
from tests.factories import make_account, make_rvs_user


@pytest.fixture
def released(owner, pet_session):
    release_session(pet_session)
    return owner.entries.get().result


@pytest.fixture
def waseda(db):
    aliases = "早稲田大学\nWaseda Daigaku"
    return {
        "admissions": make_account(
            "WASEDA University", "Admissions Office", aliases=aliases, active=True
        ),
        "law": make_account("WASEDA University", "School of Law", aliases=aliases),
    }


def send_url(result) -> str:
    return reverse("sharing:send", args=[result.uuid])


def test_it_shows_the_guides_send_page(client, owner, released) -> None:
    client.force_login(owner.user)
    response = client.get(send_url(released))
    assert "Send your result" in response.text
    assert "85/100" in response.text
    assert "shortest part of the name" in response.text
    assert "Send them an invite to create an account." in response.text
    assert "Back to my result" in response.text
    assert (
        "By clicking send you are consenting to sharing your result details with the "
        "chosen institution or organisation."
    ) in response.text


@pytest.mark.parametrize("query", ["waseda", "Wased", "早稲田"])
def test_it_lists_departments_found_by_a_search(client, owner, released, waseda, query) -> None:
    client.force_login(owner.user)
    response = client.get(send_url(released), {"q": query})
    assert "Admissions Office" in response.text
    assert "School of Law" in response.text
    assert "Tokyo" in response.text


def test_it_the_partial_answer_has_only_the_hits(client, owner, released, waseda) -> None:
    client.force_login(owner.user)
    response = client.get(send_url(released), {"q": "waseda", "partial": "1"})
    assert "School of Law" in response.text
    assert "<html" not in response.text


def test_it_sends_and_records_consent_and_delivers_to_an_active_account(
    client, owner, released, waseda, run_worker, django_capture_on_commit_callbacks
) -> None:

    account = waseda["admissions"]
    make_rvs_user("officer@waseda.example.jp", account)
    client.force_login(owner.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_url(released), {"account": str(account.uuid)}, follow=True)
    assert "Your result has been sent to WASEDA University – Admissions Office" in response.text
    share = Share.objects.get()
    assert (share.result, share.account) == (released, account)
    assert share.status == ShareStatus.DELIVERED
    assert share.consent_text.startswith("By clicking send you are consenting")
    assert share.consent_language == "en"
    assert share.ip_address == "127.0.0.1"
    run_worker()
    assert [m.to for m in mail.outbox] == [["officer@waseda.example.jp"]]
    assert "85" not in mail.outbox[0].body


def test_it_records_the_consent_in_japanese(client, outsider, pet_session, waseda) -> None:
    release_session(pet_session)
    client.force_login(outsider.user)
    result = outsider.entries.get().result
    client.post(send_url(result), {"account": str(waseda["law"].uuid)})
    share = Share.objects.get()
    assert share.consent_language == "ja"
    assert "同意" in share.consent_text


def test_it_keeps_a_share_pending_for_an_account_without_users(
    client, owner, released, waseda
) -> None:
    client.force_login(owner.user)
    client.post(send_url(released), {"account": str(waseda["law"].uuid)})
    assert Share.objects.get().status == ShareStatus.PENDING


def test_it_sending_twice_makes_no_second_share_and_says_so(
    client, owner, released, waseda
) -> None:
    client.force_login(owner.user)
    data = {"account": str(waseda["admissions"].uuid)}
    client.post(send_url(released), data)
    response = client.post(send_url(released), data, follow=True)
    assert "You already sent this result" in response.text
    assert Share.objects.count() == 1


def test_it_refuses_a_tampered_or_missing_account(client, owner, released, waseda) -> None:
    client.force_login(owner.user)
    unknown = client.post(send_url(released), {"account": "00000000-0000-0000-0000-000000000000"})
    assert unknown.status_code == 400
    assert "not in our directory" in unknown.text
    garbage = client.post(send_url(released), {"account": "1; DROP TABLE"})
    assert garbage.status_code == 400
    missing = client.post(send_url(released), {})
    assert "Choose the organisation" in missing.text
    assert not Share.objects.exists()


def test_it_answers_404_for_another_candidates_result(
    client, owner, outsider, released, waseda
) -> None:
    client.force_login(outsider.user)
    assert client.get(send_url(released)).status_code == 404
    response = client.post(send_url(released), {"account": str(waseda["law"].uuid)})
    assert response.status_code == 404
    assert not Share.objects.exists()


def test_it_refuses_to_send_an_unreleased_result(client, owner, pet_session, waseda) -> None:
    client.force_login(owner.user)
    result = owner.entries.get().result
    assert client.get(send_url(result)).status_code == 404


def test_it_a_refused_send_keeps_the_search_results(client, owner, released, waseda) -> None:
    client.force_login(owner.user)
    response = client.post(send_url(released), {"q": "waseda"})
    assert response.status_code == 400
    assert "Choose the organisation" in response.text
    assert "School of Law" in response.text


def test_it_refuses_an_account_that_is_not_listed(client, owner, released, waseda) -> None:
    unlisted = waseda["law"]
    unlisted.listed = False
    unlisted.save()
    client.force_login(owner.user)
    response = client.post(send_url(released), {"account": str(unlisted.uuid)})
    assert response.status_code == 400
    assert not Share.objects.exists()


def test_it_names_organisations_in_japanese_on_japanese_pages(
    client, owner, released, waseda
) -> None:
    waseda["law"].organisation.name_ja = "早稲田大学"
    waseda["law"].organisation.save()
    owner.user.language = ""  # pages follow the browser
    owner.user.save()
    client.force_login(owner.user)
    japanese = client.get(send_url(released), {"q": "waseda"}, HTTP_ACCEPT_LANGUAGE="ja")
    assert "<strong>早稲田大学</strong>" in japanese.text
    english = client.get(send_url(released), {"q": "waseda"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "<strong>WASEDA University</strong>" in english.text


def test_it_keeps_send_disabled_and_explains_until_there_is_a_list(
    client, owner, released, waseda
) -> None:
    client.force_login(owner.user)
    before = client.get(send_url(released)).text
    assert 'id="send-button" aria-describedby="send-hint" disabled' in before
    assert "First search for the organisation and choose it from the list." in before
    listed = client.get(send_url(released), {"q": "waseda"}).text  # without JavaScript
    assert 'aria-describedby="send-hint">' in listed  # a choice can be made: enabled
    assert '<p id="send-hint" class="hint" hidden>' in listed


def test_it_dates_a_second_send_in_the_sites_time_zone(
    client, owner, released, waseda, settings
) -> None:
    """20:00 UTC on 29 November is 30 November in Japan, as the shares table says."""
    assert settings.TIME_ZONE == "Asia/Tokyo"
    client.force_login(owner.user)
    data = {"account": str(waseda["admissions"].uuid)}
    client.post(send_url(released), data)
    late_evening_utc = dt.datetime(2026, 11, 29, 20, 0, tzinfo=dt.UTC)
    Share.objects.update(created_at=late_evening_utc)
    response = client.post(send_url(released), data, follow=True)
    already = "You already sent this result to WASEDA University – Admissions Office on"
    assert f"{already} 30 November 2026" in response.text
    assert "29 November" not in response.text
