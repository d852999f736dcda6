"""The audit log page: administrators see their account's activity, newest first."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from organisations import audit
from organisations.models import AuditEvent, Membership

URL = reverse("organisations:activity")


@pytest.fixture
def events(rvs_admin, rvs_member, rvs_outsider, inbox_share) -> None:
    member = Membership.objects.get(user=rvs_member)
    audit.record(member, AuditEvent.Action.VIEW, share=inbox_share, detail="PGD961 PGD961 ONE")
    audit.record(member, AuditEvent.Action.EXPORT, detail="12 rows status=new")
    AuditEvent.objects.filter(action="view").update(
        created_at=timezone.now() - dt.timedelta(hours=1)
    )
    keio = Membership.objects.get(user=rvs_outsider)
    audit.record(keio, AuditEvent.Action.EXPORT, detail="99 rows at Keio")


def test_it_lists_the_accounts_events_newest_first(client, rvs_admin, events) -> None:
    client.force_login(rvs_admin)
    text = client.get(URL).text
    text = text[text.index("<tbody>") :]  # the action filter lists every action too
    assert "member@waseda.example.jp" in text
    assert "Exported results" in text and "12 rows status=new" in text
    assert "Viewed a result" in text and "PGD961 ONE" in text
    assert text.index("Exported results") < text.index("Viewed a result")
    assert "99 rows at Keio" not in text


def test_it_filters_by_action(client, rvs_admin, events) -> None:
    client.force_login(rvs_admin)
    text = client.get(URL, {"action": "view"}).text
    assert "PGD961 ONE" in text
    assert "12 rows" not in text


def test_it_pages_the_log(client, rvs_admin, rvs_account) -> None:
    admin = Membership.objects.get(user=rvs_admin)
    for number in range(51):
        audit.record(admin, AuditEvent.Action.EXPORT, detail=f"export {number}")
    client.force_login(rvs_admin)
    first = client.get(URL, {"action": "export"}).text
    assert "export 50" in first and "?action=export&amp;page=2" in first
    assert "export 0<" in client.get(URL, {"action": "export", "page": 2}).text


def test_it_another_organisation_sees_only_its_own(client, rvs_outsider, events) -> None:
    client.force_login(rvs_outsider)
    text = client.get(URL).text
    assert "99 rows at Keio" in text
    assert "member@waseda.example.jp" not in text and "PGD961" not in text


@pytest.mark.parametrize("who", ["rvs_member", "pending_user", "owner_user"])
def test_it_refuses_others(client, request, who, events, owner) -> None:
    user = owner.user if who == "owner_user" else request.getfixturevalue(who)
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 403
    assert "12 rows" not in response.content.decode()


def test_it_sends_visitors_to_the_login(client, db) -> None:
    assert client.get(URL).url.startswith(reverse("organisations:login"))
