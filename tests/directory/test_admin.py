import pytest
from django.test import Client
from django.urls import reverse

from directory.models import Organisation, OrganisationAccount
from directory.search import search_accounts

pytestmark = pytest.mark.django_db


def listed(staff_client: Client, model: str, query: str = "") -> list[str]:
    response = staff_client.get(reverse(f"admin:directory_{model}_changelist") + query)
    assert response.status_code == 200
    return [str(obj) for obj in response.context["cl"].result_list]


def found(query: str) -> list[str]:
    return [str(account) for account in search_accounts(query)]


@pytest.mark.parametrize(
    ("query", "count"), [("ＷＡＳＥＤＡ", 3), ("早稲田", 3), ("wased", 3), ("waseda law", 1)]
)
def test_it_finds_accounts_however_the_name_is_typed(staff_client, directory, query, count) -> None:
    accounts = listed(staff_client, "organisationaccount", f"?q={query}")

    assert len(accounts) == count
    assert all(account.startswith("WASEDA University") for account in accounts)


def test_it_filters_accounts_by_type_country_and_activity(staff_client, directory) -> None:
    OrganisationAccount.objects.filter(organisation__name="Keio University").update(is_active=True)

    assert listed(staff_client, "organisationaccount", "?organisation__type__exact=employer") == [
        "Contoso Pharmaceuticals – Tokyo Office"
    ]
    assert listed(staff_client, "organisationaccount", "?organisation__country__exact=CA") == [
        "Université de Montréal – Admissions"
    ]
    assert listed(staff_client, "organisationaccount", "?is_active__exact=1") == [
        "Keio University – Faculty of Law"
    ]


def test_it_lists_accounts_with_their_city_and_country(staff_client, directory) -> None:
    response = staff_client.get(
        reverse("admin:directory_organisationaccount_changelist") + "?q=mary"
    )

    page = response.content.decode()
    assert "Belfast" in page
    assert "Moraga" in page
    assert "University or college" in page


def test_it_shows_an_organisation_with_its_accounts(staff_client, directory) -> None:
    waseda = Organisation.objects.get(name="WASEDA University")

    response = staff_client.get(reverse("admin:directory_organisation_change", args=[waseda.pk]))

    page = response.content.decode()
    assert 'value="School of Law"' in page
    assert 'value="Graduate School of Commerce"' in page
    assert "早稲田大学" in page


def test_it_makes_a_new_alias_searchable_on_every_account(staff_client, directory) -> None:
    keio = Organisation.objects.get(name="Keio University")
    law = keio.accounts.get()
    data = {
        "name": keio.name,
        "country": "JP",
        "city": "Tokyo",
        "type": "university",
        "aliases": "慶應義塾大学\nKeiō Gijuku",
        "website": "",
        "accounts-TOTAL_FORMS": "2",
        "accounts-INITIAL_FORMS": "1",
        "accounts-MIN_NUM_FORMS": "0",
        "accounts-MAX_NUM_FORMS": "1000",
        "accounts-0-id": str(law.pk),
        "accounts-0-organisation": str(keio.pk),
        "accounts-0-department": "Faculty of Law",
        "accounts-0-email": "",
        "accounts-1-organisation": str(keio.pk),
        "accounts-1-department": "Faculty of Economics",
        "accounts-1-email": "econ@keio.example.jp",
    }

    response = staff_client.post(
        reverse("admin:directory_organisation_change", args=[keio.pk]), data
    )

    assert response.status_code == 302
    assert found("keio gijuku") == [
        "Keio University – Faculty of Economics",
        "Keio University – Faculty of Law",
    ]


def test_it_makes_a_renamed_organisation_searchable(staff_client, directory) -> None:
    keio = Organisation.objects.get(name="Keio University")
    law = keio.accounts.get()
    data = {
        "name": "Keio Gijuku University",
        "country": "JP",
        "city": "Tokyo",
        "type": "university",
        "aliases": "",
        "website": "https://www.keio.ac.jp/",
        "accounts-TOTAL_FORMS": "1",
        "accounts-INITIAL_FORMS": "1",
        "accounts-MIN_NUM_FORMS": "0",
        "accounts-MAX_NUM_FORMS": "1000",
        "accounts-0-id": str(law.pk),
        "accounts-0-organisation": str(keio.pk),
        "accounts-0-department": "Faculty of Law",
        "accounts-0-email": "",
    }

    staff_client.post(reverse("admin:directory_organisation_change", args=[keio.pk]), data)

    assert found("gijuku") == ["Keio Gijuku University – Faculty of Law"]
    assert found("慶應") == []


def test_it_makes_an_account_added_on_its_own_searchable(staff_client, directory) -> None:
    waseda = Organisation.objects.get(name="WASEDA University")
    data = {
        "organisation": str(waseda.pk),
        "department": "School of Science and Engineering / 理工学部",
        "email": "",
    }

    response = staff_client.post(reverse("admin:directory_organisationaccount_add"), data)

    assert response.status_code == 302
    assert found("waseda 理工") == [
        "WASEDA University – School of Science and Engineering / 理工学部"
    ]
