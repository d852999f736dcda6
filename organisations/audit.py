"""The audit log: every view, verification and export, readable by account admins."""

from typing import TYPE_CHECKING

from organisations.models import AuditEvent, Membership

if TYPE_CHECKING:
    from sharing.api import Share


def record(
    membership: Membership, action: str, *, share: "Share | None" = None, detail: str = ""
) -> None:
    AuditEvent.objects.create(
        account=membership.account,
        user=membership.user,
        action=action,
        share=share,
        detail=detail[:300],
    )
