"""Sending results to organisation accounts, with the candidate's consent."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from directory.api import OrganisationAccount
from exams.api import Result
from sharing.models import Share, ShareStatus


def consent_sentence() -> str:
    """The exact sentence shown next to the button, in the current language."""
    return _(
        "By clicking send you are consenting to sharing your result details with the "
        "chosen institution or organisation."
    )


@dataclass(frozen=True)
class SendOutcome:
    share: Share
    created: bool  # False: this result was already sent to that account


def send_result(
    result: Result,
    account: OrganisationAccount,
    ip_address: str | None,
    consent: tuple[str, str] | None = None,
) -> SendOutcome:
    """Records the share and its consent; delivers it now if the account is active.

    `consent` (text, language) is one given earlier, with an invitation; by default it is
    the sentence beside the Send button, now."""
    consent_text, consent_language = consent or (consent_sentence(), get_language())
    existing = Share.objects.current().filter(result=result, account=account).first()
    if existing is not None:
        return SendOutcome(existing, created=False)
    share = Share(
        result=result,
        account=account,
        session_id=result.entry.session_id,
        consent_text=consent_text,
        consent_language=consent_language,
        ip_address=ip_address,
    )
    try:
        with transaction.atomic():
            share.save()
            if account.is_active:
                _deliver(share)
    except IntegrityError:
        # A double click: the other request made the share a moment ago.
        existing = Share.objects.current().get(result=result, account=account)
        return SendOutcome(existing, created=False)
    return SendOutcome(share, created=True)


def _deliver(share: Share) -> None:
    from sharing.tasks import notify_share_received

    share.status = ShareStatus.DELIVERED
    share.delivered_at = timezone.now()
    share.save(update_fields=["status", "delivered_at"])
    share_id = share.pk
    transaction.on_commit(lambda: notify_share_received.enqueue(share_id))


def deliver_pending_shares(account: OrganisationAccount) -> int:
    """Delivers what was sent to `account` before it had users (call when it joins)."""
    delivered = 0
    pending = Share.objects.current().filter(account=account, status=ShareStatus.PENDING)
    for share in pending.select_for_update():
        _deliver(share)
        delivered += 1
    return delivered


def withdraw_share(share: Share) -> bool:
    """Withdraws a share; the organisation no longer sees it. False if already withdrawn."""
    return bool(
        Share.objects.filter(pk=share.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
    )


def shares_of_result(result: Result) -> list[Share]:
    return list(Share.objects.filter(result=result).select_related("account__organisation"))


def shares_of_candidate(candidate_id: int) -> list[Share]:
    return list(
        Share.objects.filter(result__entry__candidate_id=candidate_id).select_related(
            "account__organisation", "result__entry__session__exam"
        )
    )
