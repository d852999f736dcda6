"""Catalogue load: exams with their components and grade bands, from YAML or JSON."""

import json
import os
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exams.importing.catalogue_checks import ExamSpec, check_catalogue
from exams.importing.common import ErrorLog, ImportRejected
from exams.models import Component, Exam, GradeBand

_EXAM_FIELDS = ["name_en", "name_ja", "description_en", "description_ja", "score_min", "score_max"]


@dataclass
class CatalogueReport:
    new: int = 0
    updated: int = 0

    def summary(self) -> str:
        exams = self.new + self.updated
        loaded = ngettext("%(n)d exam", "%(n)d exams", exams) % {"n": exams}
        return _("Loaded %(exams)s (%(new)d new, %(updated)d updated).") % {
            "exams": loaded,
            "new": self.new,
            "updated": self.updated,
        }


def load_catalogue(path: str | os.PathLike[str]) -> CatalogueReport:
    """Creates or updates every exam in the file; all of them or none (ImportRejected)."""
    specs, problems = check_catalogue(_read(Path(path)))
    if problems:
        errors = ErrorLog()
        for problem in problems:
            errors.add(None, problem)
        raise ImportRejected(errors)
    return _apply(specs)


def _read(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportRejected.single(_("the file does not exist")) from None
    except UnicodeDecodeError:
        raise ImportRejected.single(_("the file is not UTF-8 text")) from None
    except OSError as exc:
        raise ImportRejected.single(
            _("the file cannot be read (%(detail)s)") % {"detail": exc.strerror}
        ) from None
    try:
        return json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        # Both parsers name the line and column of the mistake in their message.
        raise ImportRejected.single(
            _("the file is not valid JSON or YAML: %(detail)s") % {"detail": exc}
        ) from None


@transaction.atomic
def _apply(specs: list[ExamSpec]) -> CatalogueReport:
    report = CatalogueReport()
    for spec in specs:
        defaults = {name: getattr(spec.exam, name) for name in _EXAM_FIELDS}
        exam, created = Exam.objects.update_or_create(code=spec.exam.code, defaults=defaults)
        report.new += created
        report.updated += not created
        # Nothing refers to components or bands by key (results copy the grade text and
        # store component scores by code), so replacing them outright is safe.
        exam.components.all().delete()
        exam.bands.all().delete()
        for component in spec.components:
            component.exam = exam
        for band in spec.bands:
            band.exam = exam
        Component.objects.bulk_create(spec.components)
        GradeBand.objects.bulk_create(spec.bands)
    return report
