import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from exams.models import Candidate, Result
from sharing.models import Invitation, Share, ShareStatus
from tests.factories import make_account

pytestmark = pytest.mark.django_db


def listed(staff_client: Client, model: str, query: str = "") -> list[str]:
    response = staff_client.get(reverse(f"admin:sharing_{model}_changelist") + query)
    assert response.status_code == 200
    return [str(obj) for obj in response.context["cl"].result_list]


@pytest.fixture
def share(owner: Candidate) -> Share:
    account = make_account("WASEDA University", "Admissions Office")
    return Share.objects.create(
        result=Result.objects.get(entry__candidate=owner),
        account=account,
        consent_text="By clicking send you are consenting…",
        consent_language="en",
        status=ShareStatus.DELIVERED,
    )


def test_it_lists_shares_by_status(staff_client, share) -> None:
    withdrawn = Share.objects.create(
        result=share.result,
        account=share.account,
        consent_text="…",
        consent_language="ja",
        withdrawn_at=timezone.now(),
    )

    assert listed(staff_client, "share") == [str(withdrawn), str(share)]
    assert listed(staff_client, "share", "?status__exact=delivered") == [
        "PGD961 PET 2026-06-13: 85 Pass with Merit → WASEDA University – Admissions Office"
    ]


def test_it_shows_shares_read_only(staff_client, share) -> None:
    page = staff_client.get(reverse("admin:sharing_share_change", args=[share.pk])).content.decode()

    assert "By clicking send you are consenting" in page
    assert 'name="_save"' not in page
    assert staff_client.get(reverse("admin:sharing_share_add")).status_code == 403
    assert (
        staff_client.get(reverse("admin:sharing_share_delete", args=[share.pk])).status_code == 403
    )


def test_it_lists_invitations_read_only(staff_client, owner) -> None:
    invitation = Invitation.objects.create(
        candidate=owner,
        organisation_name="Hokkaido University",
        email="admissions@hokudai.example.jp",
        country="JP",
    )

    assert listed(staff_client, "invitation") == [
        "Hokkaido University <admissions@hokudai.example.jp>"
    ]
    url = reverse("admin:sharing_invitation_change", args=[invitation.pk])
    assert 'name="_save"' not in staff_client.get(url).content.decode()
    assert staff_client.get(reverse("admin:sharing_invitation_add")).status_code == 403
