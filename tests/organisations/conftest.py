"""An approved account with an administrator and a member; another organisation's admin;
a user still waiting for approval. Add fixtures here; don't rewrite these."""

import pytest

from accounts.models import User
from directory.models import OrganisationAccount
from organisations.models import Membership, Role, Status
from tests.conftest import PASSWORD
from tests.sharing.fixtures import make_account


def make_rvs_user(
    email: str,
    account: OrganisationAccount,
    role: str = Role.MEMBER,
    status: str = Status.APPROVED,
    language: str = "en",
) -> User:
    user = User(
        username=email, email=email, first_name=email.split("@")[0].title(), language=language
    )
    user.set_password(PASSWORD)
    user.save()
    user.confirm_email(email)
    Membership.objects.create(user=user, account=account, role=role, status=status)
    return user


@pytest.fixture
def rvs_account(db) -> OrganisationAccount:
    return make_account(
        "WASEDA University",
        "Admissions Office",
        aliases="早稲田大学\nWaseda Daigaku",
        active=True,
        email="admissions@waseda.example.jp",
    )


@pytest.fixture
def other_account(db) -> OrganisationAccount:
    return make_account(
        "Keio University",
        "Admissions",
        aliases="慶應義塾大学",
        active=True,
        email="admissions@keio.example.jp",
    )


@pytest.fixture
def rvs_admin(rvs_account) -> User:
    return make_rvs_user("admin@waseda.example.jp", rvs_account, role=Role.ADMIN)


@pytest.fixture
def rvs_member(rvs_account) -> User:
    return make_rvs_user("member@waseda.example.jp", rvs_account)


@pytest.fixture
def rvs_outsider(other_account) -> User:
    return make_rvs_user("admin@keio.example.jp", other_account, role=Role.ADMIN)


@pytest.fixture
def pending_user(rvs_account) -> User:
    return make_rvs_user("new@waseda.example.jp", rvs_account, status=Status.PENDING)


# --- Shared results in the inbox (tests of the inbox, share, export, requirements) ---

OWNER_SCORES = {"reading": 88, "writing": 81, "listening": 90, "speaking": 79}
SECOND_SCORES = {"reading": 75, "writing": 61, "listening": 70, "speaking": 80}


def share_result(candidate, account, scores: dict | None = None):
    """Sends the candidate's (released) result to `account`; returns the Share."""
    from sharing.shares import send_result

    result = candidate.entries.get().result
    if scores is not None:
        result.component_scores = scores
        result.save(update_fields=["component_scores"])
    return send_result(result, account, None).share


@pytest.fixture
def released_pet(pet_session):
    from exams.api import release_session

    release_session(pet_session)
    return pet_session


@pytest.fixture
def inbox_share(owner, released_pet, rvs_account):
    """PGD961 ONE's PET result (85; writing 81), delivered to WASEDA Admissions Office."""
    return share_result(owner, rvs_account, OWNER_SCORES)


@pytest.fixture
def second_share(outsider, released_pet, rvs_account):
    """YAMADA Hanako's PET result (72; writing 61), delivered to WASEDA too."""
    return share_result(outsider, rvs_account, SECOND_SCORES)


@pytest.fixture
def keio_share(outsider, released_pet, other_account):
    """YAMADA Hanako's result sent to Keio (another organisation) only."""
    return share_result(outsider, other_account, SECOND_SCORES)


@pytest.fixture
def pet_requirement(rvs_account, catalogue):
    """WASEDA accepts PET from 80 overall, writing from 65, released up to 24 months ago."""
    from exams.models import Exam
    from organisations.models import ScoreRequirement

    return ScoreRequirement.objects.create(
        account=rvs_account,
        exam=Exam.objects.get(code="PET"),
        min_overall=80,
        component_minimums={"writing": 65},
        max_age_months=24,
    )
