"""One page of the inbox as table rows: read as plain values, written with format_html.

A page is 50 rows of 11 labelled cells. Through the ORM each row was six model instances
(share, result, entry, candidate, session, exam) and through the template engine eleven
dotted lookups a cell: together most of the page's time (bench/inbox_bench.py,
docs/decisions/0014). Here each row is one tuple of the columns shown, and the labels are
written into the row's markup once a page; every value is still escaped as the template
would, and the labels are the template's msgids, so the translations did not change.
"""

from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from types import SimpleNamespace
from typing import Any
from uuid import UUID

from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from directory.api import OrganisationAccount
from exams.api import full_name, localized
from organisations.inbox import (
    NEW,
    STATUS_CHOICES,
    STATUS_TAGS,
    inbox_shares,
    meeting,
    status_name,
)
from organisations.requirements import meets_q
from sharing.api import Share

# What a row shows, read straight from the joins (no model instances).
ROW_VALUES = {
    "family_name": F("result__entry__candidate__family_name"),
    "given_name": F("result__entry__candidate__given_name"),
    "candidate_id": F("result__entry__candidate__candidate_id"),
    "date_of_birth": F("result__entry__candidate__date_of_birth"),
    "exam_en": F("session__exam__name_en"),
    "exam_ja": F("session__exam__name_ja"),
    "session_date": F("session__date"),
    "grade_en": F("result__grade_en"),
    "grade_ja": F("result__grade_ja"),
    "overall_score": F("result__overall_score"),
    "cefr_level": F("result__cefr_level"),
}


def rows(
    ids: Iterable[int], account: OrganisationAccount, meets: Q | None = None
) -> list[dict[str, Any]]:
    """One page of the inbox, by share id, newest first, with whether each meets the
    requirements (`meets`: `meets_q(account)`, if the caller has it already).

    The page's ids are chosen first, from the share table alone (and whatever a filter
    needs); the joins for the columns shown are then made for 50 rows, not for all 20,000
    before sorting them. Whether a row meets the requirements is a column of the same
    query, over the joins it makes anyway (a missing score, NULL, is "does not meet", as
    in the filter). Still within inbox_shares: ids of another account's shares find nothing.
    """
    column = meeting(meets_q(account) if meets is None else meets)
    shares = inbox_shares(account).filter(pk__in=list(ids))
    # The plugin cannot see the keys of **ROW_VALUES, so the rows are plain dicts here.
    values: QuerySet[Share, dict[str, Any]] = shares.values(  # type: ignore[assignment]
        "uuid", "status", "processed_at", "delivered_at", meets=column, **ROW_VALUES
    )
    return list(values)


_ROW = (
    '<th scope="row" data-label="{l_candidate}"><a href="{url}">{name}</a></th>'
    '<td data-label="{l_id}">{candidate_id}</td>'
    '<td data-label="{l_birth}">{birth}</td>'
    '<td data-label="{l_exam}">{exam}</td>'
    '<td data-label="{l_session}">{session}</td>'
    '<td data-label="{l_result}">{grade}</td>'
    '<td data-label="{l_overall}" class="number">{overall}</td>'
    '<td data-label="{l_cefr}">{cefr}</td>'
    '<td data-label="{l_received}">{received}</td>'
    '<td data-label="{l_status}"><span class="tag {tag}">{status}</span></td>'
)
_MEETS_CELL = '<td data-label="{l_requirements}">{meets}</td>'

_ROW_START = {True: '<tr class="is-new">', False: "<tr>"}
_LABELS = {
    "l_candidate": "Candidate",
    "l_id": "ID Number",
    "l_birth": "Date of birth",
    "l_exam": "Exam",
    "l_session": "Session date",
    "l_result": "Result",
    "l_overall": "Overall score",
    "l_cefr": "CEFR level",
    "l_received": "Received",
    "l_status": "Status",
    "l_requirements": "Requirements",
}
_CELLS = ["url", "name", "candidate_id", "birth", "exam", "session", "grade", "overall"]
_CELLS += ["cefr", "received", "tag", "status", "meets"]
_ANY_UUID = UUID(int=0)


def rows_html(rows: Iterable[dict[str, Any]], has_requirements: bool = True) -> SafeString:
    """The inbox table's rows (the values `rows` read), escaped as the template would.
    Without score requirements there is nothing to meet: the column is left out."""
    page = _Page(has_requirements)
    html = [format_html(template, **cells) for template, cells in page.cells(rows)]
    return format_html_join("\n", "{}", ((row,) for row in html))


class _Page:
    """What every row of a page shares: the labels, the link, formatted dates and texts."""

    def __init__(self, has_requirements: bool) -> None:
        labels = {
            key: _literal(conditional_escape(gettext(label))) for key, label in _LABELS.items()
        }
        # The labels are written into the row's markup once; the cells stay placeholders.
        markup = _ROW + (_MEETS_CELL if has_requirements else "") + "</tr>"
        row = markup.format(**labels, **{name: "{" + name + "}" for name in _CELLS})
        self.templates = {new: start + row for new, start in _ROW_START.items()}
        self.meets = format_html('<span class="meets-yes">✓ {}</span>', gettext("Meets"))
        self.fails = format_html('<span class="meets-no">✗ {}</span>', gettext("Does not meet"))
        self.statuses = {status: str(label) for status, label in STATUS_CHOICES}
        # One reverse() for the page: fifty cost a fifth of the rows' time.
        self.url = reverse("organisations:share", args=[_ANY_UUID])
        self.dates: dict[date, str] = {}
        self.texts = lru_cache(maxsize=None)(_localized)  # a few exams and grades a page
        self.number = lru_cache(maxsize=None)(formats.localize)  # and a few scores

    def cells(self, rows: Iterable[dict[str, Any]]) -> Iterable[tuple[str, dict[str, object]]]:
        for row in rows:
            status = status_name(row["status"], row["processed_at"])
            yield (
                self.templates[status == NEW],
                {
                    "url": self.url.replace(str(_ANY_UUID), str(row["uuid"])),
                    "name": full_name(row["family_name"], row["given_name"]),
                    "candidate_id": row["candidate_id"],
                    "birth": self.date(row["date_of_birth"]),
                    "exam": self.texts("name", row["exam_en"], row["exam_ja"]),
                    "session": self.date(row["session_date"]),
                    "grade": self.texts("grade", row["grade_en"], row["grade_ja"]),
                    "overall": self.number(row["overall_score"]),
                    "cefr": row["cefr_level"] or "—",
                    "received": self.date(row["delivered_at"]),
                    "tag": STATUS_TAGS[status],
                    "status": self.statuses[status],
                    "meets": self.meets if row["meets"] else self.fails,
                },
            )

    def date(self, value: date | datetime | None) -> str:
        """As `|date:"SHORT_DATE_FORMAT"` ("3 Dec 2026": ten columns fit a 1280 px screen
        where "3 December 2026" does not) of the local day, each day formatted once: a
        page's rows share a few sessions and delivery days."""
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = timezone.localtime(value).date()  # the day alone
        if value not in self.dates:
            self.dates[value] = formats.date_format(value, "SHORT_DATE_FORMAT")
        return self.dates[value]


def _localized(field: str, en: str, ja: str) -> str:
    return localized(SimpleNamespace(**{f"{field}_en": en, f"{field}_ja": ja}), field)


def _literal(text: str) -> str:
    """`text` as a literal part of a str.format template."""
    return text.replace("{", "{{").replace("}", "}}")
