"""What exam-board staff see before they open an account or let someone in.

The person's address is set beside the directory's official address for that department:
the account's contact email, or, when the directory has none, the organisation's website.
When their domains differ, staff are warned and must say they checked; only then are the
results waiting for the department delivered.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from accounts.api import User
from directory.api import OrganisationAccount
from sharing.api import Share, ShareStatus


@dataclass(frozen=True)
class AddressCheck:
    label: str
    email: str
    confirmed: bool
    official: str
    warning: str
    results: int


def _domain(value: str) -> str:
    """The domain of an email address or a website (`www.` dropped), lower case."""
    host = value.rpartition("@")[2] if "@" in value else (urlsplit(value).hostname or "")
    host = host.strip().rstrip(".").lower()
    return host.removeprefix("www.")


def official_address(account: OrganisationAccount) -> str:
    return account.email or account.organisation.website


def domains_match(email: str, official: str) -> bool:
    """The person's domain is the official one or below it (mail.waseda.jp ~ waseda.jp)."""
    mine, theirs = _domain(email), _domain(official)
    return bool(theirs) and (mine == theirs or mine.endswith("." + theirs))


def address_warning(email: str, account: OrganisationAccount) -> str:
    official = official_address(account)
    if not official:
        return _("The directory has no official address for this department. Check it another way.")
    if not domains_match(email, official):
        return _("The domains differ: %(mine)s is not %(official)s.") % {
            "mine": _domain(email),
            "official": _domain(official),
        }
    return ""


def check(label: str, user: User, account: OrganisationAccount, waiting_only: bool) -> AddressCheck:
    """`waiting_only`: count the results that approval delivers (a new account), else all
    the results the person will see (a new member of an open account)."""
    shares = Share.objects.current().filter(account=account)
    if waiting_only:
        shares = shares.filter(status=ShareStatus.PENDING)
    return AddressCheck(
        label=label,
        email=user.email,
        confirmed=user.has_confirmed_email,
        official=official_address(account),
        warning=address_warning(user.email, account),
        results=shares.count(),
    )
