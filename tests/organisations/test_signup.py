import re

from django.core import mail
from django.urls import reverse

from accounts.models import User
from directory.models import OrganisationAccount
from organisations.models import AccountApplication, Membership, Role, Status
from sharing.models import Invitation, Share, ShareStatus
from sharing.shares import send_result
from tests.factories import PASSWORD, link_in_last_email, make_account

URL = reverse("organisations:create")


def person(**overrides: str) -> dict[str, str]:
    data = {
        "contact_name": "Aiko Tanaka",
        "email": "Aiko@Kansai.example.jp",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "language": "en",
    }
    data.update(overrides)
    return data


def new_organisation(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Kansai Gaidai University",
        "department": "Admissions",
        "type": "university",
        "country": "JP",
        "city": "Osaka",
        "website": "https://kansai.example.jp",
    }
    data.update(overrides)
    return {**person(), **data}


CHANGELIST = reverse("admin:organisations_accountapplication_changelist")


def approve(client, application, **confirm: str):
    """Staff tick the application and choose "Approve": the page that compares addresses
    comes back; `confirm` (e.g. confirm="yes", addresses_checked="1") is sent with it."""
    data = {"action": "approve", "_selected_action": [application.pk], **confirm}
    return client.post(CHANGELIST, data)


def confirm_address(user) -> None:
    user.refresh_from_db()
    user.confirm_email(user.email)


def test_it_the_landing_page_offers_the_guides_three_choices(client, db) -> None:
    text = client.get(reverse("organisations:landing")).text
    assert "I want to create a new Results Verification Service account." in text
    assert (
        "Add me as a user of my organisation&#x27;s Results Verification Service account." in text
        or "Add me as a user of my organisation's Results Verification Service" in text
    )
    assert "I have taken an exam and want to view or share my results." in text


def test_it_a_new_organisation_applies_confirms_and_is_approved_by_staff(
    client, staff, run_worker, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, new_organisation())
    assert response.url == reverse("organisations:check_email")  # a reload applies not twice
    assert "Check your email" in client.get(response.url).text
    user = User.objects.get(username="aiko@kansai.example.jp")
    application = AccountApplication.objects.get()
    assert application.account.listed is False and application.account.is_active is False
    assert Membership.objects.get(user=user).role == Role.ADMIN
    run_worker()
    client.get(link_in_last_email("/rvs/confirm/"))
    user.refresh_from_db()
    assert user.email_confirmed_at is not None

    client.force_login(staff)
    page = approve(client, application)
    assert "aiko@kansai.example.jp" in page.text and "https://kansai.example.jp" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        approve(client, application, confirm="yes")
    run_worker()
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    account = application.account
    account.refresh_from_db()
    assert account.is_active and account.listed
    assert Membership.objects.get(user=user).status == Status.APPROVED
    assert "account is open" in mail.outbox[-1].subject


def test_it_staff_rejection_is_emailed(
    client, staff, run_worker, django_capture_on_commit_callbacks
) -> None:
    client.post(URL, new_organisation())
    application = AccountApplication.objects.get()
    client.force_login(staff)
    changelist = reverse("admin:organisations_accountapplication_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "reject", "_selected_action": [application.pk]})
    run_worker()
    assert mail.outbox[-1].to == ["aiko@kansai.example.jp"]
    assert "could not approve" in mail.outbox[-1].body
    assert not application.account.__class__.objects.get(pk=application.account_id).is_active


def test_it_claiming_a_directory_account_delivers_its_pending_shares(
    client, staff, owner, pet_session
) -> None:
    from exams.api import release_session

    release_session(pet_session)
    listed = make_account("Kansai Gaidai University", "Admissions", city="Osaka")
    share = send_result(owner.entries.get().result, listed, None).share
    assert share.status == ShareStatus.PENDING
    page = client.get(URL, {"q": "kansai"})
    assert "Kansai Gaidai University" in page.text
    client.post(URL, {**person(), "account": str(listed.uuid), "q": "kansai"})
    application = AccountApplication.objects.get()
    assert application.account == listed
    confirm_address(application.applicant)
    client.force_login(staff)
    approve(client, application, confirm="yes", addresses_checked="1")
    assert Share.objects.get(pk=share.pk).status == ShareStatus.DELIVERED


def test_it_an_invitation_prefills_the_form_and_links_up(client, staff, owner) -> None:
    invitation = Invitation.objects.create(
        candidate=owner,
        organisation_name="Kansai Gaidai",
        email="office@kansai.example.jp",
        country="JP",
        website="https://kansai.example.jp",
    )
    page = client.get(URL, {"invitation": str(invitation.uuid)})
    assert 'value="Kansai Gaidai"' in page.text
    assert 'value="office@kansai.example.jp"' in page.text
    client.post(
        URL + f"?invitation={invitation.uuid}",
        new_organisation(name="Kansai Gaidai", email="office@kansai.example.jp"),
    )
    application = AccountApplication.objects.get()
    assert application.invitation == invitation
    confirm_address(application.applicant)
    client.force_login(staff)
    approve(client, application, confirm="yes")
    invitation.refresh_from_db()
    assert invitation.account == application.account


def test_it_refuses_an_account_that_is_already_open(client, rvs_admin, rvs_account) -> None:
    response = client.post(URL, {**person(), "account": str(rvs_account.uuid)})
    assert response.status_code == 400
    assert "Ask to join it instead" in response.text
    assert not AccountApplication.objects.exists()


def test_it_reports_missing_fields(client, rvs_admin) -> None:
    response = client.post(URL, new_organisation(name="", email="admin@waseda.example.jp"))
    assert response.status_code == 400
    assert "Tell us this for a new organisation." in response.text
    assert "already has an account" not in response.text
    assert not OrganisationAccount.objects.filter(listed=False).exists()


def test_it_a_new_unapproved_organisation_is_not_in_the_candidates_search(client, db) -> None:
    from directory.search import search_accounts

    client.post(URL, new_organisation())
    assert search_accounts("kansai") == []


def page_without_tokens(response) -> str:
    """The page, with its CSRF token (different on every response) taken out."""
    return re.sub(r'value="[A-Za-z0-9]{64}"', "", response.text)


def test_it_a_taken_address_gets_the_same_answer_and_its_owner_an_email(
    client, rvs_admin, run_worker, django_capture_on_commit_callbacks
) -> None:
    """Old code said "This email address already has an account": anyone could test
    addresses. Now the page is the one a new address gets; the owner is told by email."""
    fresh = client.post(URL, new_organisation(email="fresh@kansai.example.jp"), follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        taken = client.post(
            URL, new_organisation(name="Other", email="Admin@Waseda.example.jp"), follow=True
        )
    assert taken.status_code == fresh.status_code == 200
    assert page_without_tokens(taken).replace(
        "admin@waseda.example.jp", "fresh@kansai.example.jp"
    ) == page_without_tokens(fresh)
    assert AccountApplication.objects.filter(applicant=rvs_admin).count() == 0
    run_worker()
    (notice,) = [m for m in mail.outbox if m.to == ["admin@waseda.example.jp"]]
    assert "already has one" in notice.body
    assert "/rvs/login/" in notice.body and "/rvs/password/forgot/" in notice.body


def test_it_emails_about_a_taken_address_are_rationed(
    client, rvs_admin, settings, run_worker, django_capture_on_commit_callbacks
) -> None:
    settings.EMAILS_PER_RECIPIENT = 2
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("One", "Two", "Three", "Four"):
            response = client.post(
                URL, new_organisation(name=name, email=rvs_admin.email), follow=True
            )
            assert "Check your email" in response.text
    run_worker()
    assert len([m for m in mail.outbox if m.to == [rvs_admin.email]]) == 2
