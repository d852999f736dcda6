"""Statements of Results: the PDF a candidate downloads, and its reference."""

import base64
import secrets
from collections.abc import Iterable

from django.apps import apps
from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Crockford's base32 without I, L, O, U: nothing a person can misread or mistype.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_GROUPS, _GROUP_LENGTH = 3, 4


def new_reference() -> str:
    """A random reference like `7K3M-9QXD-2P4R`: 60 bits, so it cannot be guessed."""
    return new_references(1)[0]


def normalize_reference(typed: str) -> str:
    """What a person typed, as stored: case, spaces and look-alike letters forgiven."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum())
    cleaned = cleaned.translate(str.maketrans("ILOU", "110V"))
    size = _GROUP_LENGTH
    return "-".join(cleaned[i : i + size] for i in range(0, len(cleaned), size))


class StatementQuerySet(models.QuerySet):
    def issue_for_sessions(self, session_ids: Iterable[int]) -> int:
        """Issues a statement to every result of these sessions that has none yet, in
        batches of inserts; returns how many. Run at release (and when an import adds
        results to a released session), so that showing a result never has to write."""
        return issue_missing(self.model, _results_model(), session_ids)


class Statement(models.Model):
    """The Statement of Results of one result. Its reference stays the same on every
    download, so a printed copy can always be verified."""

    result = models.OneToOneField(
        "exams.Result", on_delete=models.CASCADE, related_name="statement"
    )
    reference = models.CharField(
        _("Statement of Results reference"), max_length=20, unique=True, default=new_reference
    )
    issued_at = models.DateTimeField(_("first issued at"), default=timezone.now)

    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("Statement of Results")
        verbose_name_plural = _("Statements of Results")

    def __str__(self) -> str:
        return self.reference


BATCH = 5000
# RFC 4648 base32 (A-Z, 2-7) to the reference alphabet, one character for one.
_FROM_BASE32 = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", _ALPHABET)


def new_references(count: int) -> list[str]:
    """`count` references as `new_reference` makes them, drawn at once: 60 random bits
    each (the first 12 base32 characters of 10 random bytes)."""
    encoded = base64.b32encode(secrets.token_bytes(10 * count)).decode().translate(_FROM_BASE32)
    size = _GROUP_LENGTH
    return [
        "-".join(encoded[i + g : i + g + size] for g in range(0, 12, size))
        for i in range(0, 16 * count, 16)
    ]


def _results_model() -> type[models.Model]:
    return apps.get_model("exams", "Result")


def issue_missing(
    statement_model: type[models.Model],
    result_model: type[models.Model],
    session_ids: Iterable[int] | None,
) -> int:
    """The work of `issue_for_sessions` (all released sessions when `session_ids` is None),
    written over the models it is given so that the data migration can run it too.

    Rows go in as plain tuples, 5,000 to an INSERT: building a model instance for each of
    200,000 results would cost more than the inserts. A statement issued meanwhile by
    someone else is skipped (ON CONFLICT DO NOTHING), not doubled."""
    missing = result_model._default_manager.filter(statement__isnull=True)
    if session_ids is None:
        missing = missing.filter(entry__session__released_at__isnull=False)
    else:
        missing = missing.filter(entry__session_id__in=list(session_ids))
    ids = list(missing.values_list("pk", flat=True))
    connection = connections[router.db_for_write(statement_model)]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            rows = zip(batch, new_references(len(batch)), [now] * len(batch), strict=True)
            cursor.executemany(_insert_sql(statement_model, connection), list(rows))
    return len(ids)


def _insert_sql(statement_model: type[models.Model], connection: BaseDatabaseWrapper) -> str:
    meta, quote = statement_model._meta, connection.ops.quote_name
    fields = {field.name: field for field in meta.concrete_fields}
    columns = ", ".join(quote(fields[name].column) for name in _COLUMNS)
    # Only the model's own table and column names go into the text; values are parameters.
    table = quote(meta.db_table)
    return f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING"  # noqa: S608  # nosec B608


_COLUMNS = ("result", "reference", "issued_at")
