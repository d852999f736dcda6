"""Candidates inviting organisations that are not in the directory."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from exams.api import Candidate
from limits import api as limits
from notifications.api import send_email
from sharing.models import Invitation

SAME_ADDRESS_AFTER = timedelta(days=7)


def invitations_left_today(candidate: Candidate) -> int:
    return limits.invitations_left(candidate.candidate_id)


def recently_invited(email: str) -> bool:
    since = timezone.now() - SAME_ADDRESS_AFTER
    return Invitation.objects.filter(email__iexact=email, created_at__gte=since).exists()


def send_invitation(candidate: Candidate, address: str | None, **fields: str) -> Invitation | None:
    """Records the invitation and queues its email (English, plus Japanese for Japan);
    None, sending nothing, when the candidate, the recipient or the client address `address`
    has had its ration of invitations (limits.allow_invitation)."""
    if not limits.allow_invitation(candidate.candidate_id, fields["email"], address):
        return None
    with transaction.atomic():
        invitation = Invitation.objects.create(candidate=candidate, **fields)
        url = settings.SITE_URL + reverse("sharing:invitation", args=[invitation.uuid])
        context = {
            "organisation_name": invitation.organisation_name,
            "candidate_name": candidate.full_name,
            "message": invitation.message,
            "url": url,
            "bilingual": invitation.country.upper() == "JP",
        }
        send_email(invitation.email, "invitation", context, "en")
    return invitation
