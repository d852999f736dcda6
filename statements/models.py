"""Statements of Results: the PDF a candidate downloads, and its reference."""

import secrets
from collections.abc import Iterable

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Crockford's base32 without I, L, O, U: nothing a person can misread or mistype.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_GROUPS, _GROUP_LENGTH = 3, 4


def new_reference() -> str:
    """A random reference like `7K3M-9QXD-2P4R`: 60 bits, so it cannot be guessed.

    One draw of 60 random bits, five per character: a release issues one per result."""
    bits = secrets.randbits(5 * _GROUP_LENGTH * _GROUPS)
    chars = [_ALPHABET[(bits >> (5 * i)) & 31] for i in range(_GROUP_LENGTH * _GROUPS)]
    size = _GROUP_LENGTH
    return "-".join("".join(chars[i : i + size]) for i in range(0, len(chars), size))


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


BATCH = 2000


def _results_model() -> type[models.Model]:
    return apps.get_model("exams", "Result")


def issue_missing(
    statement_model: type[models.Model],
    result_model: type[models.Model],
    session_ids: Iterable[int] | None,
) -> int:
    """The work of `issue_for_sessions` (all released sessions when `session_ids` is None),
    written over the models it is given so that the data migration can run it too. A
    statement issued meanwhile by someone else is skipped (ignore_conflicts), not doubled."""
    missing = result_model._default_manager.filter(statement__isnull=True)
    if session_ids is None:
        missing = missing.filter(entry__session__released_at__isnull=False)
    else:
        missing = missing.filter(entry__session_id__in=list(session_ids))
    ids = list(missing.values_list("pk", flat=True))
    now = timezone.now()
    for start in range(0, len(ids), BATCH):
        rows = [
            statement_model(result_id=pk, reference=new_reference(), issued_at=now)
            for pk in ids[start : start + BATCH]
        ]
        statement_model._default_manager.bulk_create(rows, ignore_conflicts=True)
    return len(ids)
