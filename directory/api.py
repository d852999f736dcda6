"""What other apps use from the organisation directory."""

from directory.importing import COLUMNS, import_organisations
from directory.models import AccountQuerySet, Organisation, OrganisationAccount, OrganisationType
from directory.search import refresh_search_text, search_accounts

__all__ = [
    "COLUMNS",
    "AccountQuerySet",
    "Organisation",
    "OrganisationAccount",
    "OrganisationType",
    "import_organisations",
    "refresh_search_text",
    "search_accounts",
]
