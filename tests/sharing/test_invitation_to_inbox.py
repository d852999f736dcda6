"""From the send page's invitation to the result in the new account's inbox."""

from django.urls import reverse

from organisations.models import AccountApplication
from sharing.models import Invitation, Share, ShareStatus
from tests.organisations.test_signup import approve, confirm_address, new_organisation
from tests.sharing.test_invite import form

INVITE = reverse("sharing:invite")


def invite_with_result(client, owner, released_result) -> Invitation:
    client.force_login(owner.user)
    send_page = client.get(reverse("sharing:send", args=[released_result.uuid])).text
    link = f"{INVITE}?result={released_result.uuid}"
    assert f'href="{link}"' in send_page
    page = client.get(link).text
    assert "When they open their account, we send them this result." in page
    assert "By sending the invitation you consent" in page
    client.post(link, form())
    client.logout()
    return Invitation.objects.get()


def test_it_the_landing_page_leads_to_a_prefilled_account(client, owner, released_result) -> None:
    invitation = invite_with_result(client, owner, released_result)
    landing = client.get(reverse("sharing:invitation", args=[invitation.uuid])).text
    create = f"{reverse('organisations:create')}?invitation={invitation.uuid}"
    assert f'href="{create}"' in landing
    assert "area-organisation" in landing and "quote this invitation" not in landing
    page = client.get(create).text
    assert 'value="Kansai Gaidai"' in page and 'value="admissions@kansai.example.jp"' in page
    assert '<option value="JP" selected>' in page


def test_it_the_invited_result_arrives_when_the_account_opens(
    client, staff, owner, released_result
) -> None:
    invitation = invite_with_result(client, owner, released_result)
    assert invitation.result == released_result and "consent" in invitation.consent_text
    create = f"{reverse('organisations:create')}?invitation={invitation.uuid}"
    client.post(create, new_organisation(name="Kansai Gaidai", email=invitation.email))
    application = AccountApplication.objects.get()
    assert not Share.objects.exists()  # not before the board approves the account
    confirm_address(application.applicant)
    client.force_login(staff)
    approve(client, application, confirm="yes", addresses_checked="1")
    share = Share.objects.get()
    assert share.account == application.account and share.result == released_result
    assert share.status == ShareStatus.DELIVERED
    assert share.consent_text == invitation.consent_text
    client.force_login(application.applicant)
    assert "PGD961 ONE" in client.get(reverse("organisations:inbox")).text


def test_it_an_invitation_without_a_result_sends_nothing(client, staff, owner) -> None:
    client.force_login(owner.user)
    client.post(INVITE, form())
    invitation = Invitation.objects.get()
    assert invitation.result is None
    client.post(
        f"{reverse('organisations:create')}?invitation={invitation.uuid}",
        new_organisation(name="Kansai Gaidai"),
    )
    application = AccountApplication.objects.get()
    confirm_address(application.applicant)
    client.force_login(staff)
    approve(client, application, confirm="yes", addresses_checked="1")
    invitation.refresh_from_db()
    assert invitation.account == application.account and not Share.objects.exists()


def test_it_someone_elses_result_is_not_carried(client, owner, outsider, released_pet) -> None:
    foreign = outsider.entries.get().result
    client.force_login(owner.user)
    assert client.get(f"{INVITE}?result={foreign.uuid}").status_code == 404


def test_it_a_forwarded_invitation_link_under_another_address_gets_no_result(
    client, staff, owner, released_result
) -> None:
    """The attacker has the invitation's link (forwarded, leaked) and opens an account
    with it under their own address: staff approve it, and the result stays with the
    candidate."""
    invitation = invite_with_result(client, owner, released_result)
    create = f"{reverse('organisations:create')}?invitation={invitation.uuid}"
    client.post(create, new_organisation(name="Kansai Gaidai", email="someone@else.example"))
    application = AccountApplication.objects.get()
    assert application.applicant.email == "someone@else.example"
    confirm_address(application.applicant)
    client.force_login(staff)
    approve(client, application, confirm="yes", addresses_checked="1")
    application.account.refresh_from_db()
    assert application.account.is_active
    assert not Share.objects.exists()
