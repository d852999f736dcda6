"""Statements of Results: the PDF a candidate downloads, and its reference."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Crockford's base32 without I, L, O, U: nothing a person can misread or mistype.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_GROUPS, _GROUP_LENGTH = 3, 4


def new_reference() -> str:
    """A random reference like `7K3M-9QXD-2P4R`: 60 bits, so it cannot be guessed."""
    groups = (
        "".join(secrets.choice(_ALPHABET) for _ in range(_GROUP_LENGTH)) for _ in range(_GROUPS)
    )
    return "-".join(groups)


def normalize_reference(typed: str) -> str:
    """What a person typed, as stored: case, spaces and look-alike letters forgiven."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum())
    cleaned = cleaned.translate(str.maketrans("ILOU", "110V"))
    size = _GROUP_LENGTH
    return "-".join(cleaned[i : i + size] for i in range(0, len(cleaned), size))


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

    class Meta:
        verbose_name = _("Statement of Results")
        verbose_name_plural = _("Statements of Results")

    def __str__(self) -> str:
        return self.reference
