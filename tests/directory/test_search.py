import pytest

from directory import api
from directory.models import OrganisationAccount
from directory.search import search_accounts
from tests.factories import make_accounts

pytestmark = pytest.mark.django_db

WASEDA = [
    "WASEDA University – Admissions Office",
    "WASEDA University – Graduate School of Commerce",
    "WASEDA University – School of Law",
]


def found(query: str, limit: int = 20) -> list[str]:
    return [str(account) for account in search_accounts(query, limit)]


@pytest.mark.parametrize(
    "query", ["waseda", "Wased", "WASEDA", "ＷＡＳＥＤＡ", "ｗａｓｅｄａ", "早稲田", " waseda  "]
)
def test_it_finds_every_department_of_waseda_however_it_is_typed(directory, query) -> None:
    assert found(query) == WASEDA


def test_it_finds_an_organisation_by_an_alias_typed_without_accents(directory) -> None:
    assert found("Sodai") == WASEDA
    assert found("daigaku") == WASEDA


@pytest.mark.parametrize("query", ["Universite", "université", "UNIVERSITÉ DE MONT", "montreal"])
def test_it_ignores_accents(directory, query) -> None:
    assert found(query) == ["Université de Montréal – Admissions"]


def test_it_matches_latin_script_only_at_the_start_of_words(directory) -> None:
    assert found("aseda") == []
    assert found("niversity") == []
    assert found("commerce") == ["WASEDA University – Graduate School of Commerce"]


def test_it_matches_japanese_anywhere_in_a_word(directory) -> None:
    assert found("稲田") == WASEDA
    assert found("外国語") == ["Tokyo University of Foreign Studies"]
    assert set(found("大学")) == {
        *WASEDA,
        "The University of Tokyo – Faculty of Law",
        "Tokyo University of Foreign Studies",
        "Keio University – Faculty of Law",
    }


def test_it_requires_every_word_of_the_query(directory) -> None:
    assert found("waseda law") == ["WASEDA University – School of Law"]
    assert found("早稲田 law") == ["WASEDA University – School of Law"]
    assert found("law waseda") == ["WASEDA University – School of Law"]
    assert found("waseda montreal") == []


def test_it_ranks_name_prefixes_then_name_words_then_departments_and_aliases(directory) -> None:
    assert found("tokyo") == [
        "Tokyo University of Foreign Studies",  # the name starts with the query
        "The University of Tokyo – Faculty of Law",  # a word of the name
        "Contoso Pharmaceuticals – Tokyo Office",  # the department
    ]
    assert found("law") == [
        "Keio University – Faculty of Law",
        "The University of Tokyo – Faculty of Law",
        "WASEDA University – School of Law",
    ]


def test_it_ranks_name_prefixes_first_even_among_many_matches(directory) -> None:
    for letter in "ABCDE":
        make_accounts(f"{letter} Trading", "Tokyo Office", type="employer")

    assert found("tokyo", limit=1) == ["Tokyo University of Foreign Studies"]


def test_it_tells_same_named_organisations_apart_by_city(directory) -> None:
    accounts = search_accounts("st mary")

    assert [(str(account), account.organisation.city) for account in accounts] == [
        ("St Mary's College – Admissions", "Belfast"),
        ("St Mary's College – Admissions", "Moraga"),
    ]
    assert {account.organisation.country for account in accounts} == {"GB", "US"}


@pytest.mark.parametrize("query", ["", "   ", "w", "Ｗ", "é", "-", "'", "%", "_"])
def test_it_finds_nothing_for_an_empty_or_one_letter_query(directory, query) -> None:
    assert found(query) == []


def test_it_searches_with_a_single_japanese_character(directory) -> None:
    assert found("東") == [
        "The University of Tokyo – Faculty of Law",
        "Tokyo University of Foreign Studies",
    ]
    assert found("慶") == ["Keio University – Faculty of Law"]


def test_it_treats_like_wildcards_as_plain_characters(directory) -> None:
    assert found("wa%a") == []
    assert found("%%") == []


def test_it_returns_at_most_the_limit(directory) -> None:
    assert found("waseda", limit=2) == WASEDA[:2]


def test_it_fetches_the_organisations_with_the_accounts(
    directory, django_assert_max_num_queries
) -> None:
    # One a tier (the later ones their ids only), then their accounts, organisations joined.
    with django_assert_max_num_queries(4):
        names = [account.organisation.name for account in search_accounts("university")]

    assert len(names) == 6


def test_it_finds_inactive_accounts_too(directory) -> None:
    OrganisationAccount.objects.update(is_active=False)

    assert found("keio") == ["Keio University – Faculty of Law"]


def test_it_is_what_other_apps_call(directory) -> None:
    assert [str(account) for account in api.search_accounts("早稲田", limit=1)] == WASEDA[:1]


def test_it_follows_an_organisation_renamed_and_refreshed(directory) -> None:
    keio = OrganisationAccount.objects.get(organisation__name="Keio University").organisation
    keio.name, keio.aliases = "Keio Gijuku University", "慶應義塾"
    keio.save()
    api.refresh_search_text([keio.pk])

    assert found("gijuku") == ["Keio Gijuku University – Faculty of Law"]
    assert found("慶應義塾大学") == []
    assert found("義塾") == ["Keio Gijuku University – Faculty of Law"]


def test_it_ranks_every_match_not_only_the_first_few_hundred(directory) -> None:
    for number in range(30):
        make_accounts(f"Aoba Trading {number:02d}", "Osaka Office", type="employer")
    make_accounts("Zushi Osaka Institute")  # a word of the name, after every department

    assert found("osaka", limit=1) == ["Zushi Osaka Institute"]
    assert found("osaka", limit=40)[1:3] == [
        "Aoba Trading 00 – Osaka Office",
        "Aoba Trading 01 – Osaka Office",
    ]


def test_it_finds_part_of_a_word_mixing_scripts(directory) -> None:
    make_accounts("JR東日本", "人事部")

    assert found("jr") == ["JR東日本 – 人事部"]
    assert found("r東") == ["JR東日本 – 人事部"]
    assert found("東日") == ["JR東日本 – 人事部"]
    assert found("jr 人事") == ["JR東日本 – 人事部"]


@pytest.mark.parametrize("query", ["kings", "King's", "KING’S COLLEGE", "kings london"])
def test_it_ignores_apostrophes_and_punctuation(directory, query) -> None:
    make_accounts("King's College London")
    assert found(query) == ["King's College London"]


def test_it_finds_words_joined_by_a_hyphen_typed_either_way(directory) -> None:
    make_accounts("Keio-Gijuku University")
    assert found("keio gijuku") == found("keio-gijuku") == ["Keio-Gijuku University"]


def test_it_ranks_a_tier_of_many_matches_from_its_keys(directory) -> None:
    # 70 names with "mary" as a later word: more than a page, fewer than KEYS.
    for number in reversed(range(70)):
        make_accounts(f"Saint Mary {number:02d} College")

    with_mary = found("mary", limit=25)

    assert with_mary == [f"Saint Mary {number:02d} College" for number in range(25)]
    assert found("mary", limit=3)[:1] == ["Saint Mary 00 College"]
