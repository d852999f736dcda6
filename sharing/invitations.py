"""Candidates inviting organisations that are not in the directory."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from exams.models import Candidate
from notifications.api import send_email
from sharing.models import Invitation

DAILY_LIMIT_PER_CANDIDATE = 5
SAME_ADDRESS_AFTER = timedelta(days=7)


def invitations_left_today(candidate: Candidate) -> int:
    since = timezone.now() - timedelta(days=1)
    sent = Invitation.objects.filter(candidate=candidate, created_at__gte=since).count()
    return max(DAILY_LIMIT_PER_CANDIDATE - sent, 0)


def recently_invited(email: str) -> bool:
    since = timezone.now() - SAME_ADDRESS_AFTER
    return Invitation.objects.filter(email__iexact=email, created_at__gte=since).exists()


def send_invitation(candidate: Candidate, **fields: str) -> Invitation:
    """Records the invitation and queues its email (English, plus Japanese for Japan)."""
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
