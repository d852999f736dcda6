"""What other apps use from the sharing app."""

from sharing.invitations import send_invited_result
from sharing.models import Invitation, Share, ShareStatus
from sharing.shares import deliver_pending_shares, send_result, shares_of_result
from sharing.signals import share_delivered

__all__ = [
    "Invitation",
    "Share",
    "ShareStatus",
    "deliver_pending_shares",
    "send_invited_result",
    "send_result",
    "share_delivered",
    "shares_of_result",
]
