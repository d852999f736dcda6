"""Finding organisation accounts from what a candidate types: "wased", "ＷＡＳＥＤＡ", "早稲田".

Each account keeps `search_text`, the normalised words of its organisation's name, its
department and the organisation's aliases (" waseda university admissions office 早稲田大学 ").
The database narrows the directory down with one LIKE per query word (a trigram index
serves it on PostgreSQL, see sharing/migrations/0002) and hands over a few hundred candidates,
those whose name starts with the query first; they are ranked here, where the same
normalisation is at hand. bench/search_bench.py times it on 30,000 accounts.
"""

import re
from collections.abc import Iterable
from typing import NamedTuple

from django.db.models import Case, IntegerField, Q, Value, When

from directory.models import Organisation, OrganisationAccount
from lib.csvrows import batches
from lib.searchtext import search_words
from lib.untrusted import without_control_characters

# Enough to rank the first page well; a broader query ("university") lists name prefixes
# first and the rest alphabetically, and the candidate is asked to type more.
CANDIDATES = 300
# No organisation's name is longer; a longer query is cut here rather than becoming
# thousands of LIKE clauses.
MAX_QUERY = 100
# Scripts written without spaces between words (and Hangul, whose compounds are long):
# a query in them may match anywhere, not only at the start of a word.
_CJK = re.compile(
    "[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0003ffff]"
)
_NAME, _NAME_WORDS, _OTHER = 0, 1, 2


class _Candidate(NamedTuple):
    pk: int
    organisation_id: int
    search_text: str


def search_accounts(query: str, limit: int = 20) -> list[OrganisationAccount]:
    """Accounts matching every word of `query`, best first, with their organisation."""
    words = query_words(query)
    if not words:
        return []
    candidates = _candidates(words, max(limit, CANDIDATES))
    organisations = Organisation.objects.in_bulk({row.organisation_id for row in candidates})
    best = sorted(candidates, key=_Ranking(words, organisations).key)[:limit]
    # Whole accounts only for the page shown: building hundreds costs more than a query.
    accounts = OrganisationAccount.objects.in_bulk([row.pk for row in best])
    found = []
    for row in best:
        if row.pk in accounts:  # else deleted meanwhile
            account = accounts[row.pk]
            account.organisation = organisations[row.organisation_id]
            found.append(account)
    return found


def query_words(query: str) -> list[str]:
    """The normalised words of a query, or none if it is too short to search with.

    Control characters go first: a NUL typed into the URL ("a%00b") would otherwise reach
    the LIKE pattern, which PostgreSQL refuses."""
    words = search_words([without_control_characters(query)[:MAX_QUERY]]).split()
    typed = "".join(words)
    if len(typed) < 2 and not _CJK.search(typed):
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
        OrganisationAccount.objects.bulk_update(accounts, ["search_text"], batch_size=batch_size)
        count += len(accounts)
    return count


def _pattern(word: str) -> str:
    """What `search_text` must contain for `word` to match."""
    return word if _CJK.search(word) else " " + word


def _candidates(words: list[str], count: int) -> list[_Candidate]:
    matches = Q()
    for word in words:
        matches &= Q(search_text__contains=_pattern(word))
    # search_text starts with the name: these are the organisations named by the query.
    # The rest in the order of search_text, which is by name, then department, without
    # joining the organisations: broad queries ("大学") match half the directory.
    named = When(search_text__startswith=" " + " ".join(words), then=Value(_NAME))
    rows = (
        OrganisationAccount.objects.filter(matches, listed=True)
        .annotate(named=Case(named, default=Value(_OTHER), output_field=IntegerField()))
        .order_by("named", "search_text")
        .values_list("pk", "organisation_id", "search_text")
    )
    return [_Candidate(*row) for row in rows[:count]]


class _Ranking:
    """Sort keys: name starts with the query, then words of the name, then the rest;
    ties by name, then department (normalised, as search_text has them), then city."""

    def __init__(self, words: list[str], organisations: dict[int, Organisation]) -> None:
        self.words = words
        self.phrase = " " + " ".join(words)
        self.organisations = organisations
        self._names: dict[int, tuple[int, str]] = {}  # organisation id → (tier, name words)

    def key(self, row: _Candidate) -> tuple[int, str, str, str]:
        tier, name = self._name(row.organisation_id)
        department = row.search_text[len(name) :]  # and the aliases, the same for a name
        return tier, name, department, self.organisations[row.organisation_id].city

    def _name(self, organisation_id: int) -> tuple[int, str]:
        if organisation_id not in self._names:
            name = search_words([self.organisations[organisation_id].name])
            if name.startswith(self.phrase):
                tier = _NAME
            elif all(_pattern(word) in name for word in self.words):
                tier = _NAME_WORDS
            else:
                tier = _OTHER
            self._names[organisation_id] = (tier, name)
        return self._names[organisation_id]
