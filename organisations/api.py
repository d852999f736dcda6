"""What other apps (today only the demo loader) use from the Verification Service."""

from organisations.models import Membership, Role, Status

__all__ = ["Membership", "Role", "Status"]
