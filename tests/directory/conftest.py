"""A small organisation directory for the search, import and admin tests."""

import pytest

from directory.models import Organisation, OrganisationAccount, OrganisationType
from tests.exams.conftest import write_file  # noqa: F401 (a fixture shared with the imports)


def make_accounts(
    name: str,
    *departments: str,
    country: str = "JP",
    city: str = "Tokyo",
    aliases: str = "",
    type: str = OrganisationType.UNIVERSITY,
) -> list[OrganisationAccount]:
    """An organisation with one account per department, searchable as the import leaves it."""
    organisation = Organisation.objects.create(
        name=name, country=country, city=city, aliases=aliases, type=type
    )
    accounts = []
    for department in departments or [""]:
        account = OrganisationAccount(organisation=organisation, department=department)
        account.refresh_search_text()
        account.save()
        accounts.append(account)
    return accounts


@pytest.fixture
def directory(db: None) -> None:
    make_accounts(
        "WASEDA University",
        "School of Law",
        "Admissions Office",
        "Graduate School of Commerce",
        aliases="早稲田大学\nWaseda Daigaku\nSōdai",
    )
    make_accounts("The University of Tokyo", "Faculty of Law", aliases="東京大学\nTodai")
    make_accounts("Tokyo University of Foreign Studies", aliases="東京外国語大学")
    make_accounts("Keio University", "Faculty of Law", aliases="慶應義塾大学")
    make_accounts("Université de Montréal", "Admissions", country="CA", city="Montréal")
    make_accounts("St Mary's College", "Admissions", country="US", city="Moraga")
    make_accounts("St Mary's College", "Admissions", country="GB", city="Belfast")
    make_accounts(
        "Contoso Pharmaceuticals", "Tokyo Office", country="US", city="Boston", type="employer"
    )
