"""The whole journey in one test: a candidate sends, the organisation is emailed, opens the
result and processes it; the candidate sees "viewed"."""

from django.core import mail
from django.urls import reverse

from exams.api import release_session
from sharing.models import Share


def test_it_send_email_open_process_and_the_candidate_sees_viewed(
    client,
    owner,
    pet_session,
    rvs_admin,
    rvs_account,
    run_worker,
    django_capture_on_commit_callbacks,
) -> None:
    release_session(pet_session)
    result = owner.entries.get().result

    client.force_login(owner.user)
    found = client.get(reverse("sharing:send", args=[result.uuid]), {"q": "wased"})
    assert "Admissions Office" in found.text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("sharing:send", args=[result.uuid]), {"account": str(rvs_account.uuid)})
    run_worker()
    assert mail.outbox[-1].to == ["admin@waseda.example.jp"]

    client.force_login(rvs_admin)
    inbox = client.get(reverse("organisations:inbox"))
    assert "PGD961" in inbox.text and "New" in inbox.text
    share = Share.objects.get()
    detail = client.get(reverse("organisations:share", args=[share.uuid]))
    assert "Pass with Merit" in detail.text
    client.post(reverse("organisations:process", args=[share.uuid]))
    share.refresh_from_db()
    assert share.viewed_at is not None and share.processed_at is not None

    client.force_login(owner.user)
    assert "Viewed on" in client.get(reverse("sharing:shares")).text
