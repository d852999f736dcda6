"""Staff open accounts and let members in only through the onboarding, with the person's
address set beside the directory's official one (issue 8, section 3)."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from directory.models import Organisation
from exams.api import release_session
from organisations import onboarding
from organisations.models import AccountApplication, Membership, Role, Status
from sharing.models import Share, ShareStatus
from sharing.shares import send_result
from tests.factories import make_account, make_rvs_user

APPLICATIONS = reverse("admin:organisations_accountapplication_changelist")
MEMBERSHIPS = reverse("admin:organisations_membership_changelist")


@pytest.fixture
def listed(db):
    """A department in the directory, official address on tohoku.example.jp."""
    return make_account("Tohoku University", "Admissions", email="nyushi@tohoku.example.jp")


def apply(account, email: str, confirmed: bool = True) -> AccountApplication:
    user = onboarding.create_user(email=email, name="Applicant", password="x" * 20, language="en")
    if confirmed:
        user.confirm_email(email)
    return onboarding.apply_for_account(user, {}, None, account)


@pytest.fixture
def waiting_share(owner, pet_session, listed) -> Share:
    release_session(pet_session)
    return send_result(owner.entries.get().result, listed, None).share


def approve(client, url: str, pks: list[int], **confirm: str):
    return client.post(
        url, {"action": confirm.pop("action", "approve"), "_selected_action": pks, **confirm}
    )


def share_status(share: Share) -> str:
    return Share.objects.get(pk=share.pk).status


def test_it_cannot_approve_before_the_applicant_confirmed_the_address(
    client, staff, listed, waiting_share
) -> None:
    """Old code: anyone typing any address could have an account opened, and the
    department's waiting results delivered to them."""
    application = apply(listed, "nyushi2@tohoku.example.jp", confirmed=False)
    client.force_login(staff)
    response = approve(client, APPLICATIONS, [application.pk], confirm="yes")
    assert response.status_code == 302  # no approval page: nothing can be approved
    assert "whose applicant confirmed the address" in client.get(APPLICATIONS).text
    application.refresh_from_db()
    assert application.status == Status.PENDING
    assert share_status(waiting_share) == ShareStatus.PENDING
    assert not onboarding.decide_application(application, approve=True)


def test_it_the_list_shows_both_addresses_and_whether_the_domains_match(
    client, staff, listed
) -> None:
    apply(listed, "someone@gmail.example.com")
    client.force_login(staff)
    page = client.get(APPLICATIONS).text
    assert "someone@gmail.example.com" in page
    assert "nyushi@tohoku.example.jp" in page
    assert "icon-no" in page  # the "same domain" column says no


def test_it_waiting_results_go_out_only_once_staff_accept_the_warning(
    client, staff, listed, waiting_share, django_capture_on_commit_callbacks
) -> None:
    application = apply(listed, "someone@gmail.example.com")
    client.force_login(staff)

    page = approve(client, APPLICATIONS, [application.pk])
    assert page.status_code == 200
    assert "someone@gmail.example.com" in page.text and "nyushi@tohoku.example.jp" in page.text
    assert "The domains differ: gmail.example.com is not tohoku.example.jp." in page.text
    assert share_status(waiting_share) == ShareStatus.PENDING

    page = approve(client, APPLICATIONS, [application.pk], confirm="yes")
    assert "Tick the box" in page.text
    assert share_status(waiting_share) == ShareStatus.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        done = approve(client, APPLICATIONS, [application.pk], confirm="yes", addresses_checked="1")
    assert done.status_code == 302
    assert share_status(waiting_share) == ShareStatus.DELIVERED
    application.refresh_from_db()
    assert application.status == Status.APPROVED


def test_it_an_address_in_the_official_domain_needs_no_acknowledgement(
    client, staff, listed, waiting_share
) -> None:
    application = apply(listed, "kyomu@mail.tohoku.example.jp")
    client.force_login(staff)
    page = approve(client, APPLICATIONS, [application.pk])
    assert "The domains differ" not in page.text and "addresses_checked" not in page.text
    approve(client, APPLICATIONS, [application.pk], confirm="yes")
    assert share_status(waiting_share) == ShareStatus.DELIVERED


def test_it_a_new_organisation_is_compared_with_its_website_not_with_itself(db) -> None:
    """Old code copied the applicant's address into the directory as the official one."""
    user = onboarding.create_user(
        email="boss@freemail.example.com", name="X", password="x" * 20, language="en"
    )
    fields = {
        "name": "Kansai Gaidai",
        "country": "JP",
        "city": "Osaka",
        "type": "university",
        "website": "https://www.kansaigaidai.example.jp/",
        "department": "",
    }
    application = onboarding.apply_for_account(user, fields, None)
    assert application.account.email == ""
    from organisations.approval import address_warning

    warning = address_warning(user.email, application.account)
    assert "freemail.example.com is not kansaigaidai.example.jp" in warning
    assert Organisation.objects.get().website == fields["website"]


def test_it_the_admin_cannot_tick_an_account_active(client, staff, listed, waiting_share) -> None:
    """Old code: ticking "active" opened the account and left its results waiting forever."""
    client.force_login(staff)
    url = reverse("admin:directory_organisationaccount_change", args=[listed.pk])
    client.post(
        url,
        {
            "organisation": listed.organisation_id,
            "department": "Admissions",
            "email": "nyushi@tohoku.example.jp",
            "is_active": "on",
        },
    )
    listed.refresh_from_db()
    assert listed.is_active is False
    assert share_status(waiting_share) == ShareStatus.PENDING


def test_it_the_admin_cannot_set_a_membership_approved_by_hand(client, staff, rvs_account) -> None:
    member = make_rvs_user("ken@waseda.example.jp", rvs_account, status=Status.PENDING)
    membership = Membership.objects.get(user=member)
    client.force_login(staff)
    client.post(
        reverse("admin:organisations_membership_change", args=[membership.pk]),
        {"role": Role.ADMIN, "status": Status.APPROVED, "notify": "immediate"},
    )
    membership.refresh_from_db()
    assert membership.status == Status.PENDING


def test_it_staff_approve_a_member_through_the_onboarding(
    client, staff, rvs_account, run_worker, django_capture_on_commit_callbacks
) -> None:
    member = make_rvs_user("ken@gmail.example.com", rvs_account, status=Status.PENDING)
    membership = Membership.objects.get(user=member)
    client.force_login(staff)
    page = approve(client, MEMBERSHIPS, [membership.pk], action="approve_members")
    assert "The domains differ: gmail.example.com is not waseda.example.jp." in page.text
    with django_capture_on_commit_callbacks(execute=True):
        approve(
            client,
            MEMBERSHIPS,
            [membership.pk],
            action="approve_members",
            confirm="yes",
            addresses_checked="1",
        )
    run_worker()
    membership.refresh_from_db()
    assert membership.status == Status.APPROVED
    assert mail.outbox[-1].to == ["ken@gmail.example.com"]


def test_it_staff_cannot_approve_a_member_who_has_not_confirmed(client, staff, rvs_account) -> None:
    member = User.objects.create_user("ken@waseda.example.jp", "ken@waseda.example.jp", "x" * 20)
    membership = Membership.objects.create(user=member, account=rvs_account)
    client.force_login(staff)
    response = approve(
        client, MEMBERSHIPS, [membership.pk], action="approve_members", confirm="yes"
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Status.PENDING
