"""The audit log and score requirements in the exam board's admin."""

from django.urls import reverse

import organisations.admin_audit  # noqa: F401 (registers the pages, as organisations.admin does)
from organisations import audit
from organisations.models import AuditEvent, Membership


def test_it_lists_and_searches_the_audit_log(client, staff, rvs_member, rvs_outsider) -> None:
    audit.record(Membership.objects.get(user=rvs_member), "export", detail="3 rows")
    audit.record(Membership.objects.get(user=rvs_outsider), "export", detail="7 rows")
    client.force_login(staff)
    url = reverse("admin:organisations_auditevent_changelist")
    text = client.get(url, {"q": "waseda"}).text
    assert "3 rows" in text and "7 rows" not in text
    assert "7 rows" in client.get(url, {"action__exact": "export", "q": "keio"}).text


def test_it_keeps_the_audit_log_read_only(client, staff, rvs_member) -> None:
    audit.record(Membership.objects.get(user=rvs_member), "export", detail="3 rows")
    event = AuditEvent.objects.get()
    client.force_login(staff)
    assert client.get(reverse("admin:organisations_auditevent_add")).status_code == 403
    change = reverse("admin:organisations_auditevent_change", args=[event.pk])
    assert client.get(change).status_code == 200  # viewable
    assert client.post(change, {"detail": "changed"}).status_code == 403
    delete = reverse("admin:organisations_auditevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.detail == "3 rows"


def test_it_lists_score_requirements(client, staff, pet_requirement) -> None:
    client.force_login(staff)
    text = client.get(reverse("admin:organisations_scorerequirement_changelist")).text
    assert "WASEDA University" in text and "PET" in text
