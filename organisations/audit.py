"""The audit log: every view, verification and export, readable by account admins."""

from organisations.models import AuditEvent, Membership


def record(membership: Membership, action: str, *, share: object = None, detail: str = "") -> None:
    AuditEvent.objects.create(
        account=membership.account,
        user=membership.user,
        action=action,
        share=share,
        detail=detail[:300],
    )
