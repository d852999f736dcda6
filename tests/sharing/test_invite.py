import datetime as dt

from django.core import mail
from django.urls import reverse

from limits.models import Counter
from sharing.models import Invitation

URL = reverse("sharing:invite")


def form(**overrides: str) -> dict[str, str]:
    data = {
        "organisation_name": "Kansai Gaidai",
        "email": "admissions@kansai.example.jp",
        "website": "https://www.kansaigaidai.example.jp",
        "country": "JP",
        "message": "Please accept my result.",
    }
    data.update(overrides)
    return data


def test_it_invites_a_japanese_organisation_in_english_and_japanese(
    client, owner, run_worker, django_capture_on_commit_callbacks
) -> None:
    client.force_login(owner.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form(), follow=True)
    assert "We have invited Kansai Gaidai" in response.text
    invitation = Invitation.objects.get()
    assert invitation.candidate == owner
    run_worker()
    message = mail.outbox[0]
    assert message.to == ["admissions@kansai.example.jp"]
    assert message.subject.startswith("PGD961 ONE would like to send you their exam result / ")
    assert "would like to send you their result directly" in message.body
    english, japanese = message.body.split("-" * 60)
    assert "試験" in japanese
    assert "リザルトブリッジ試験機構から貴機関へ" in japanese  # the board's Japanese name
    html = message.alternatives[0].content.split('lang="ja"')[1]
    assert "リザルトブリッジ試験機構から貴機関へ" in html
    assert "Please accept my result." in message.body
    landing = message.body.split(f"/invitations/{invitation.uuid}/")[0]
    assert landing.endswith("http://testserver")
    page = client.get(reverse("sharing:invitation", args=[invitation.uuid]))
    assert "Kansai Gaidai" in page.text


def test_it_writes_only_english_to_other_countries(
    client, owner, run_worker, django_capture_on_commit_callbacks
) -> None:
    client.force_login(owner.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form(country="GB", email="office@example.ac.uk"))
    run_worker()
    assert "日本語" not in mail.outbox[0].body


def test_it_allows_five_invitations_a_day(client, owner) -> None:
    client.force_login(owner.user)
    for n in range(5):
        client.post(URL, form(email=f"office{n}@example.org"))
    response = client.post(URL, form(email="sixth@example.org"))
    assert response.status_code == 400
    assert "up to 5 invitations a day" in response.text
    assert Invitation.objects.count() == 5


def test_it_the_day_ends_24_hours_after_the_first_invitation(client, owner) -> None:
    client.force_login(owner.user)
    for n in range(5):
        client.post(URL, form(email=f"office{n}@example.org"))
    later = dt.timedelta(hours=25)
    for counter in Counter.objects.all():  # as if a day had gone by
        counter.window_start -= later
        counter.blocked_until = counter.blocked_until and counter.blocked_until - later
        counter.save()
    assert client.post(URL, form(email="next-day@example.org")).status_code == 302


def test_it_does_not_invite_an_address_twice_in_a_week(client, owner, outsider) -> None:
    client.force_login(owner.user)
    client.post(URL, form())
    client.force_login(outsider.user)
    response = client.post(URL, form(email="ADMISSIONS@kansai.example.jp"))
    assert response.status_code == 400
    assert 'id="id_email_error"' in response.text  # told in their own language (ja)
    assert Invitation.objects.count() == 1


def test_it_reports_bad_input(client, owner) -> None:
    client.force_login(owner.user)
    response = client.post(URL, form(email="not-an-email", country="XX", organisation_name=""))
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert not Invitation.objects.exists()


def test_it_the_candidate_sees_only_their_own_invitations(client, owner, outsider) -> None:
    Invitation.objects.create(
        candidate=owner, organisation_name="Mine Univ", country="JP", email="a@example.org"
    )
    client.force_login(outsider.user)
    assert "Mine Univ" not in client.get(reverse("sharing:invitations")).text
    client.force_login(owner.user)
    assert "Mine Univ" in client.get(reverse("sharing:invitations")).text
