"""Finding organisation accounts from what a candidate types: "wased", "ＷＡＳＥＤＡ", "早稲田".

Each account keeps `search_text`, the normalised words of its organisation's name, its
department and the organisation's aliases (" waseda university admissions office 早稲田大学 "),
`name_text`, the words of the name alone, and `sort_key`, the order of the list: name,
then department and aliases, then city. Accounts are ranked in three tiers: the name
starts with the query, then every query word is in the name, then anywhere. Each tier is
one query that the database answers already sorted and cut to the page, so no query
reads more than the page's rows in order, or the few rows a narrow query matches
(decision record 0005; bench/search_bench.py times it through the page).
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Collate

from directory.models import CJK, OrganisationAccount, fenced
from lib.csvrows import batches
from lib.searchtext import search_words
from lib.untrusted import without_control_characters

# No organisation's name is longer; a longer query is cut here rather than becoming
# thousands of LIKE clauses.
MAX_QUERY = 100
# Sorts after every character a name holds: `key < phrase + _LAST` ends its prefix range.
_LAST = "\U0010ffff"
SEARCH_FIELDS = ["search_text", "name_text", "rest_text", "sort_key"]
# A tier with at most this many matches is ranked in Python from its keys alone.
KEYS = 1000
# What the lists of accounts show (and sign-up's is_active): the search columns are a
# few hundred bytes a row, not worth reading for the rows of a page.
SHOWN = ["uuid", "organisation", "department", "is_active", "sort_key"]
SHOWN += ["organisation__name", "organisation__name_ja", "organisation__city"]
SHOWN += ["organisation__country"]


def search_accounts(query: str, limit: int = 20) -> list[OrganisationAccount]:
    """Accounts matching every word of `query`, best first, with their organisation."""
    words = query_words(query)
    if not words:
        return []
    named, *others = _tiers(words)
    found = list(_ranked(named)[:limit])  # a range of the sort_key index: always quick
    # A tier at a time, best first: most queries fill the page from the first or second.
    # (One UNION ALL of the three was slower on PostgreSQL: it always runs all three.)
    # The later tiers say which accounts by id; those are read together at the end.
    chosen: list[int] = []
    for condition in others:
        if len(found) + len(chosen) >= limit:
            break
        chosen += _tier(condition, limit - len(found) - len(chosen))
    accounts = _shown().in_bulk(chosen) if chosen else {}
    return found + [accounts[pk] for pk in chosen]


def _tier(condition: Q, wanted: int) -> list[int]:
    """The ids of the first `wanted` accounts of a tier, from up to KEYS of its keys
    fetched in any order and sorted here (the same code-point order); only a tier with
    more is read in order. Asked for the page in order straight away, PostgreSQL guesses
    how many rows match, and when words that go together ("st mary") make it guess
    hundreds where there are a handful, or thousands where there are hundreds, it reads
    the whole sort_key index looking for them."""
    keys = list(_ranked(condition).order_by().values_list("sort_key", "pk")[: KEYS + 1])
    if len(keys) <= KEYS:
        return [pk for _key, pk in sorted(keys)[:wanted]]
    return list(_ranked(condition).values_list("pk", flat=True)[:wanted])


def _tiers(words: list[str]) -> list[Q]:
    """The name starts with the query; every word is in the name; every word is somewhere.

    Each condition names the column whose trigram index finds its rows, so the planner
    can tell a handful of rows (read them through the index, then sort) from thousands
    (read the sort_key index in order until the page is full). Hence the third tier says
    that some word is in the department or aliases, which follows from the rest, and asks
    for every word in search_text only when there are several (estimates of two
    conditions that always go together multiply: a thousand rows would look like ten)."""
    phrase = " " + " ".join(words)
    named = Q(key__gte=phrase, key__lt=phrase + _LAST)
    in_name = _all_in("name_text", words)
    in_rest = Q()
    for word in words:
        in_rest |= Q(rest_text__contains=_pattern(word))
    if len(words) > 1:  # one word may be in the name, another in the department
        in_rest &= _all_in("search_text", words)
    return [named, in_name & ~named, in_rest & ~in_name]


def query_words(query: str) -> list[str]:
    """The normalised words of a query, or none if it is too short to search with.

    Control characters go first: a NUL typed into the URL ("a%00b") would otherwise reach
    the LIKE pattern, which PostgreSQL refuses."""
    words = search_words([without_control_characters(query)[:MAX_QUERY]]).split()
    typed = "".join(words)
    if len(typed) < 2 and not CJK.search(typed):
        return []
    return words


def refresh_search_text(organisation_ids: Iterable[int], batch_size: int = 1000) -> int:
    """Recomputes and saves the search text of every account of these organisations."""
    count = 0
    for chunk in batches(organisation_ids, batch_size):
        accounts = list(
            OrganisationAccount.objects.filter(organisation_id__in=chunk).select_related(
                "organisation"
            )
        )
        for account in accounts:
            account.refresh_search_text()
        OrganisationAccount.objects.bulk_update(accounts, SEARCH_FIELDS, batch_size=batch_size)
        count += len(accounts)
    return count


def _pattern(word: str) -> str:
    """What a text must contain for `word` to match: the start of a word, or the word's
    characters in a row anywhere in a CJK word (fenced: see `search_columns`)."""
    return fenced(word) if CJK.search(word) else " " + word


def _all_in(field: str, words: list[str]) -> Q:
    matches = Q()
    for word in words:
        matches &= Q(**{f"{field}__contains": _pattern(word)})
    return matches


def _ranked(condition: Q) -> QuerySet[OrganisationAccount]:
    """Listed accounts meeting `condition`, in the order of sort_key by code point, as
    Python compares strings: SQLite's default, PostgreSQL's "C" collation (the
    index of migration 0003 is in that collation, whatever the database's default)."""
    key: F | Collate = F("sort_key")
    if connection.vendor == "postgresql":
        key = Collate(key, "C")
    return _shown().alias(key=key).filter(condition, listed=True).order_by("key")


def _shown() -> QuerySet[OrganisationAccount]:
    return OrganisationAccount.objects.select_related("organisation").only(*SHOWN)
