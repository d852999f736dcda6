"""Candidates inviting organisations that are not in the directory."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from directory.api import OrganisationAccount
from exams.api import Candidate, Result
from limits import api as limits
from notifications.api import send_email
from sharing.models import Invitation
from sharing.shares import send_result

SAME_ADDRESS_AFTER = timedelta(days=7)


def invitations_left_today(candidate: Candidate) -> int:
    return limits.invitations_left(candidate.candidate_id)


def recently_invited(email: str) -> bool:
    since = timezone.now() - SAME_ADDRESS_AFTER
    return Invitation.objects.filter(email__iexact=email, created_at__gte=since).exists()


def invitation_consent() -> str:
    """The sentence beside the invitation's button when it carries a result."""
    return _(
        "By sending the invitation you consent to your result being sent to this "
        "organisation as soon as its account opens."
    )


def send_invitation(
    candidate: Candidate, address: str | None, result: Result | None = None, **fields: str
) -> Invitation | None:
    """Records the invitation and queues its email (English, plus Japanese for Japan);
    None, sending nothing, when the candidate, the recipient or the client address `address`
    has had its ration of invitations (limits.allow_invitation)."""
    if not limits.allow_invitation(candidate.candidate_id, fields["email"], address):
        return None
    with transaction.atomic():
        consent = {"consent_text": invitation_consent(), "consent_language": get_language()}
        invitation = Invitation.objects.create(
            candidate=candidate, result=result, **(consent if result else {}), **fields
        )
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


def send_invited_result(
    invitation: Invitation, account: OrganisationAccount, applicant_email: str
) -> None:
    """The invitation's account has opened: the result the candidate chose goes to it, with
    the consent they gave when inviting (unless they sent it meanwhile).

    Only to the address the candidate invited: the invitation's link can be forwarded or
    leak, and whoever opens an account with it under another address is not who the
    candidate consented to send to (they can still send it themselves)."""
    invitation.account = account
    invitation.save(update_fields=["account"])
    invited = applicant_email.strip().casefold() == invitation.email.strip().casefold()
    if invited and invitation.result is not None and invitation.result.is_released:
        consent = (invitation.consent_text, invitation.consent_language)
        send_result(invitation.result, account, None, consent=consent)
