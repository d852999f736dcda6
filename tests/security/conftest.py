"""The organisation fixtures (an account with its admin and member, shared results) are
shared with tests/organisations; the candidate ones come from tests/conftest.py."""

from tests.organisations.conftest import (  # noqa: F401
    inbox_share,
    other_account,
    released_pet,
    rvs_account,
    rvs_admin,
    rvs_member,
    rvs_outsider,
)
