import pytest
from django.urls import reverse

from organisations.models import AuditEvent, Membership, Role

URL = reverse("organisations:users")


def act(client, membership: Membership, action: str):
    return client.post(
        reverse("organisations:change_member", args=[membership.pk]),
        {"action": action},
        follow=True,
    )


def test_it_administrators_see_the_users(client, rvs_admin, rvs_member) -> None:
    client.force_login(rvs_admin)
    text = client.get(URL).text
    assert "admin@waseda.example.jp" in text and "member@waseda.example.jp" in text


@pytest.mark.parametrize("who", ["rvs_member", "rvs_outsider", "pending_user"])
def test_it_others_may_not_manage_users(client, request, rvs_admin, who) -> None:
    client.force_login(request.getfixturevalue(who))
    page = client.get(URL)
    # Another organisation's administrator sees only their own account's users.
    assert page.status_code == 403 or "admin@waseda.example.jp" not in page.text
    target = Membership.objects.get(user=rvs_admin)
    assert client.post(
        reverse("organisations:change_member", args=[target.pk]), {"action": "remove"}
    ).status_code in (403, 404)
    assert Membership.objects.filter(pk=target.pk).exists()


def test_it_a_candidate_and_a_visitor_are_kept_out(client, owner, db) -> None:
    assert client.get(URL).url.startswith(reverse("organisations:login"))
    client.force_login(owner.user)
    assert client.get(URL).status_code == 403


def test_it_roles_change_and_members_are_removed(client, rvs_admin, rvs_member) -> None:
    client.force_login(rvs_admin)
    member = Membership.objects.get(user=rvs_member)
    act(client, member, "admin")
    member.refresh_from_db()
    assert member.role == Role.ADMIN
    act(client, member, "remove")
    assert not Membership.objects.filter(pk=member.pk).exists()
    assert AuditEvent.objects.filter(action="users").count() == 2


def test_it_the_last_administrator_cannot_be_demoted_or_removed(client, rvs_admin) -> None:
    client.force_login(rvs_admin)
    own = Membership.objects.get(user=rvs_admin)
    response = act(client, own, "member")
    assert "at least one administrator" in response.text
    act(client, own, "remove")
    own.refresh_from_db()
    assert own.role == Role.ADMIN


def test_it_another_accounts_member_is_404(client, rvs_admin, rvs_outsider) -> None:
    client.force_login(rvs_admin)
    theirs = Membership.objects.get(user=rvs_outsider)
    assert act(client, theirs, "remove").status_code == 404
    assert Membership.objects.filter(pk=theirs.pk).exists()


def test_it_an_administrator_cannot_approve_a_joiner_who_never_confirmed_the_address(
    client, rvs_admin, pending_user
) -> None:
    # Anyone can ask to join with someone else's work address; until its owner follows
    # the emailed link, approving would hand the account's results to the asker.
    pending_user.email_confirmed_at = None
    pending_user.save(update_fields=["email_confirmed_at"])
    client.force_login(rvs_admin)
    target = Membership.objects.get(user=pending_user)
    act(client, target, "approve")
    target.refresh_from_db()
    assert target.status == "pending"


def test_it_an_administrator_approves_a_confirmed_joiner(client, rvs_admin, pending_user) -> None:
    client.force_login(rvs_admin)
    target = Membership.objects.get(user=pending_user)
    act(client, target, "approve")
    target.refresh_from_db()
    assert target.status == "approved"
