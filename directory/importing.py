"""Organisation directory import: one row per account, an organisation's faculty or department.

Rows with the same name, country and city are one organisation. Its type, aliases,
website and Japanese name (`name_ja`, an optional last column) may be repeated on each of
its rows or given on one of them; two rows that give
different values are an error. A re-import updates organisations and accounts in place and
never deletes: an account missing from the file stays, since shares point at it.
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from directory.models import Organisation, OrganisationAccount, OrganisationType
from directory.search import refresh_search_text
from exams.api import (
    BATCH_SIZE,
    Cells,
    ErrorLog,
    ImportRejected,
    RowError,
    check_header,
    open_csv,
)
from lib.csvrows import CsvRow, Source, batches

COLUMNS = ["name", "department", "country", "city", "type", "aliases", "email", "website"]
# Files written before organisations had a Japanese name stay valid (and keep the names).
OPTIONAL_COLUMNS = ["name_ja"]
ALIAS_SEPARATOR = "|"
# Not an ISO code, but reserved by ISO 3166 for the country and what people write.
_RESERVED_CODES = {"UK": "GB"}
# What an organisation's rows must agree on (an empty cell agrees with anything).
_SHARED_COLUMNS = ("type", "aliases", "website")

OrganisationKey = tuple[str, str, str]  # name, country, city


@dataclass(slots=True)
class _OrganisationValues:
    """The shared columns of one organisation, with the line that gave each value."""

    values: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class _AccountRow:
    organisation: OrganisationKey
    department: str
    email: str


@dataclass
class DirectoryReport:
    new_organisations: int = 0
    updated_organisations: int = 0
    new_accounts: int = 0
    updated_accounts: int = 0

    def summary(self) -> str:
        accounts = self.new_accounts + self.updated_accounts
        organisations = self.new_organisations + self.updated_organisations
        return _(
            "Imported %(accounts)s (%(new_accounts)d new, %(updated_accounts)d updated) "
            "of %(organisations)s (%(new_organisations)d new, %(updated_organisations)d updated)."
        ) % {
            "accounts": ngettext("%(n)d account", "%(n)d accounts", accounts) % {"n": accounts},
            "organisations": ngettext("%(n)d organisation", "%(n)d organisations", organisations)
            % {"n": organisations},
            "new_accounts": self.new_accounts,
            "updated_accounts": self.updated_accounts,
            "new_organisations": self.new_organisations,
            "updated_organisations": self.updated_organisations,
        }


def import_organisations(source: Source, progress: bool | None = None) -> DirectoryReport:
    """Upserts organisations and their accounts from a directory CSV; all rows or none."""
    with open_csv(source) as reader, transaction.atomic():
        check_header(reader.header, COLUMNS, OPTIONAL_COLUMNS)
        run = _DirectoryImport(reader.header)
        for chunk in batches(reader.rows(progress), BATCH_SIZE):
            run.add(chunk)
        if run.errors:
            raise ImportRejected(run.errors)
        return run.save()


class _DirectoryImport:
    def __init__(self, header: list[str]) -> None:
        self.header = header
        # A column the file lacks leaves what the organisations hold as it is.
        self.shared = [*_SHARED_COLUMNS, *(c for c in OPTIONAL_COLUMNS if c in header)]
        self.errors = ErrorLog()
        self.organisations: dict[OrganisationKey, _OrganisationValues] = {}
        self.accounts: dict[tuple[OrganisationKey, str], tuple[int, _AccountRow]] = {}

    def add(self, chunk: list[CsvRow]) -> None:
        problems: list[RowError] = []
        for csv_row in chunk:
            cells = Cells(csv_row)
            if cells.width_matches(len(self.header)):
                self._parse(cells)
            problems.extend(cells.errors)
        self.errors.extend(problems)

    def _parse(self, cells: Cells) -> None:
        key = (
            cells.text("name", max_length=200),
            _country(cells),
            cells.text("city", max_length=100, required=False),
        )
        department = cells.text("department", max_length=200, required=False)
        shared = {
            "type": _type(cells),
            "aliases": _aliases(cells),
            "website": cells.url("website"),
            "name_ja": cells.text("name_ja", max_length=200, required=False),
        }
        account = _AccountRow(key, department, cells.email("email"))
        if cells.errors:
            return
        line = cells.row.line
        first_line, _first = self.accounts.setdefault((key, department), (line, account))
        if first_line != line:
            cells.problem(
                _("this organisation and department are already on line %(line)d")
                % {"line": first_line}
            )
        self._merge(cells, self.organisations.setdefault(key, _OrganisationValues()), shared)

    def _merge(self, cells: Cells, known: _OrganisationValues, shared: dict[str, str]) -> None:
        for column, value in shared.items():
            if not value:
                continue
            seen = known.values.setdefault(column, value)
            line = known.lines.setdefault(column, cells.row.line)
            if seen != value:
                cells.problem(
                    _("%(column)s differs from line %(line)d of the same organisation")
                    % {"column": column, "line": line}
                )

    def save(self) -> DirectoryReport:
        report = DirectoryReport()
        existing = _organisation_ids(self.organisations)
        report.updated_organisations = len(existing)
        report.new_organisations = len(self.organisations) - len(existing)
        Organisation.objects.bulk_create(
            [_organisation(key, known) for key, known in self.organisations.items()],
            update_conflicts=True,
            unique_fields=["name", "country", "city"],
            update_fields=self.shared,
            batch_size=BATCH_SIZE,
        )
        ids = _organisation_ids(self.organisations)
        accounts = [
            OrganisationAccount(
                organisation_id=ids[row.organisation], department=row.department, email=row.email
            )
            for _line, row in self.accounts.values()
        ]
        report.updated_accounts = _count_existing(accounts)
        report.new_accounts = len(accounts) - report.updated_accounts
        OrganisationAccount.objects.bulk_create(
            accounts,
            update_conflicts=True,
            unique_fields=["organisation", "department"],
            update_fields=["email"],
            batch_size=BATCH_SIZE,
        )
        refresh_search_text(ids.values())
        return report


def _country(cells: Cells) -> str:
    value = cells.text("country", max_length=64)
    code = country_code(value) if value else ""
    if value and not code:
        cells.problem(
            _("country %(value)s is neither an ISO code like JP nor a country name like Japan")
            % {"value": value}
        )
    return code


@lru_cache(maxsize=1024)
def country_code(value: str) -> str:
    """The ISO code of "JP", "jpn", "Japan", "japan", "日本", "ＪＰ" (django-countries'
    names in English and Japanese); "" for what is none of them."""
    value = unicodedata.normalize("NFKC", value).strip()
    value = _RESERVED_CODES.get(value.upper(), value)
    code = countries.alpha2(value) if value.isascii() else ""
    return code or countries.by_name(value) or countries.by_name(value, language="ja")


def _type(cells: Cells) -> str:
    value = cells.text("type", max_length=64).lower()
    if value and value not in OrganisationType.values:
        cells.problem(
            _("type %(value)s is not one of %(types)s")
            % {"value": value, "types": ", ".join(OrganisationType.values)}
        )
    return value


def _aliases(cells: Cells) -> str:
    aliases: list[str] = []
    for alias in cells.row.get("aliases").split(ALIAS_SEPARATOR):
        alias = alias.strip()
        if len(alias) > 200:
            cells.problem(_("an alias is longer than 200 characters"))
        elif alias and alias not in aliases:
            aliases.append(alias)
    return "\n".join(aliases)


def _organisation(key: OrganisationKey, known: _OrganisationValues) -> Organisation:
    name, country, city = key
    values = known.values
    return Organisation(
        name=name,
        country=country,
        city=city,
        type=values["type"],
        aliases=values.get("aliases", ""),
        website=values.get("website", ""),
        name_ja=values.get("name_ja", ""),
    )


def _organisation_ids(keys: Iterable[OrganisationKey]) -> dict[OrganisationKey, int]:
    ids: dict[OrganisationKey, int] = {}
    for chunk in batches(keys, BATCH_SIZE):
        wanted = set(chunk)
        rows = Organisation.objects.filter(name__in={name for name, _c, _t in chunk})
        for pk, name, country, city in rows.values_list("pk", "name", "country", "city"):
            if (name, country, city) in wanted:
                ids[name, country, city] = pk
    return ids


def _count_existing(accounts: list[OrganisationAccount]) -> int:
    count = 0
    for chunk in batches(accounts, BATCH_SIZE):
        keys = {(account.organisation_id, account.department) for account in chunk}
        existing = OrganisationAccount.objects.filter(
            organisation_id__in={key[0] for key in keys}
        ).values_list("organisation_id", "department")
        count += len(keys.intersection(existing))
    return count
