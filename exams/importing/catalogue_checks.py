"""Checks a parsed catalogue (from YAML or JSON) and turns it into unsaved model objects."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from exams.models import Component, Exam, GradeBand

_EXAM_KEYS = {"code", "name_en", "name_ja", "description_en", "description_ja", "scale"}
_LIST_KEYS = {"components", "bands"}
_COMPONENT_KEYS = {"code", "name_en", "name_ja"}
_BAND_KEYS = {"min_score", "max_score", "grade_en", "grade_ja", "cefr_level"}
# A component code becomes a results CSV column, so it must not be a fixed column's name.
_RESERVED_CODES = {"candidate_id", "exam_code", "session_date", "overall_score"}


@dataclass
class ExamSpec:
    exam: Exam
    components: list[Component] = field(default_factory=list)
    bands: list[GradeBand] = field(default_factory=list)


class Problems(list[str]):
    """Messages about one exam, each starting with the exam's code (or position)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def add(self, where: str, message: str) -> None:
        place = " ".join(f"{self.name} {where}".split())
        self.append(f"{place}: {message}")

    def from_validation(self, where: str, error: ValidationError) -> None:
        for name, messages in error.message_dict.items():
            for message in messages:
                self.add(f"{where} {name}".strip(), message)


def check_catalogue(data: object) -> tuple[list[ExamSpec], list[str]]:
    """The exams described by `data`, and every problem found in them."""
    items = data.get("exams") if isinstance(data, dict) else data
    if not isinstance(items, list) or not items:
        return [], [_("the file must hold a list of exams (or an “exams:” list)")]
    specs: list[ExamSpec] = []
    problems: list[str] = []
    codes: set[str] = set()
    for number, item in enumerate(items, start=1):
        spec, found = check_exam(item, number)
        if spec.exam.code and spec.exam.code in codes:
            found.add("", _("the exam code appears twice in the file"))
        codes.add(spec.exam.code)
        specs.append(spec)
        problems.extend(found)
    return specs, problems


def check_exam(item: object, number: int) -> tuple[ExamSpec, Problems]:
    if not isinstance(item, dict):
        problems = Problems(_("exam #%(n)d") % {"n": number})
        problems.add("", _("must be a mapping of fields"))
        return ExamSpec(Exam()), problems
    problems = Problems(str(item.get("code") or _("exam #%(n)d") % {"n": number}))
    _unknown_keys(item, _EXAM_KEYS | _LIST_KEYS, "", problems)
    exam = Exam(**_texts(item, _EXAM_KEYS - {"scale"}, "", problems))
    # None only alongside a reported problem; _clean() then reports the field too.
    exam.score_min, exam.score_max = _scale(item.get("scale"), problems)  # type: ignore[assignment]
    _clean(exam, "", problems)
    spec = ExamSpec(exam)
    spec.components = _components(_list(item, "components", problems), problems)
    spec.bands = _bands(_list(item, "bands", problems), exam, problems)
    return spec, problems


def _components(items: list[Any], problems: Problems) -> list[Component]:
    components, seen = [], set()
    for position, item in enumerate(items):
        where = f"components[{position + 1}]"
        if not _is_mapping(item, where, problems):
            continue
        _unknown_keys(item, _COMPONENT_KEYS, where, problems)
        component = Component(position=position, **_texts(item, _COMPONENT_KEYS, where, problems))
        _clean(component, where, problems)
        if component.code in seen:
            problems.add(
                where, _("component code %(code)s is used twice") % {"code": component.code}
            )
        if component.code in _RESERVED_CODES:
            problems.add(where, _("%(code)s cannot be a component code") % {"code": component.code})
        seen.add(component.code)
        components.append(component)
    return components


def _bands(items: list[Any], exam: Exam, problems: Problems) -> list[GradeBand]:
    bands = []
    for position, item in enumerate(items, start=1):
        where = f"bands[{position}]"
        if not _is_mapping(item, where, problems):
            continue
        _unknown_keys(item, _BAND_KEYS, where, problems)
        texts = _texts(item, {"grade_en", "grade_ja", "cefr_level"}, where, problems)
        # A missing score is None alongside a reported problem; _clean() reports it too.
        band = GradeBand(  # type: ignore[misc]
            min_score=_int(item, "min_score", where, problems),
            max_score=_int(item, "max_score", where, problems),
            **texts,
        )
        _clean(band, where, problems)
        bands.append(band)
    check_band_ranges(bands, exam, problems)
    return bands


def check_band_ranges(bands: list[GradeBand], exam: Exam, problems: Problems) -> None:
    """Each band inside the exam's scale, from <= to, and no two bands overlapping."""
    scored = [band for band in bands if band.min_score is not None and band.max_score is not None]
    for band in scored:
        where = f"{band.grade_en} {band.min_score}–{band.max_score}"
        if band.min_score > band.max_score:
            problems.add(where, _("the band's min_score is above its max_score"))
        elif exam.score_min is not None and not (
            exam.score_min <= band.min_score and band.max_score <= exam.score_max
        ):
            problems.add(where, _("the band is outside the exam's scale"))
    ordered = sorted(scored, key=lambda band: band.min_score)
    for lower, upper in zip(ordered, ordered[1:], strict=False):
        if upper.min_score <= lower.max_score:
            problems.add(f"{lower.grade_en} / {upper.grade_en}", _("the two bands overlap"))


def _scale(value: object, problems: Problems) -> tuple[int | None, int | None]:
    if not isinstance(value, dict):
        problems.add("scale", _("must be a mapping with min and max"))
        return None, None
    low, high = _int(value, "min", "scale", problems), _int(value, "max", "scale", problems)
    if low is None or high is None:
        return None, None  # already reported; bands are then not checked against it
    if low > high:
        problems.add("scale", _("min is above max"))
        return None, None
    return low, high


def _texts(item: dict, keys: set[str], where: str, problems: Problems) -> dict[str, str]:
    texts = {}
    for key in sorted(keys & item.keys()):
        value = item[key]
        if value is not None and not isinstance(value, str):
            problems.add(f"{where} {key}", _("must be text"))
        texts[key] = value if isinstance(value, str) else ""
    return texts


def _int(item: dict, key: str, where: str, problems: Problems) -> int | None:
    value = item.get(key)
    # bool is an int in Python, but `min: yes` is surely a mistake.
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    problems.add(f"{where} {key}", _("must be a whole number"))
    return None


def _list(item: dict, key: str, problems: Problems) -> list[Any]:
    value = item.get(key)
    if isinstance(value, list) and value:
        return value
    problems.add(key, _("must be a non-empty list"))
    return []


def _is_mapping(item: object, where: str, problems: Problems) -> bool:
    if not isinstance(item, dict):
        problems.add(where, _("must be a mapping of fields"))
    return isinstance(item, dict)


def _unknown_keys(item: dict, known: set[str], where: str, problems: Problems) -> None:
    for key in sorted(set(map(str, item)) - known):
        problems.add(f"{where} {key}", _("unknown field"))


def _clean(instance: models.Model, where: str, problems: Problems) -> None:
    """The model's own checks (lengths, blanks, slugs), minus those done elsewhere."""
    try:
        instance.full_clean(
            exclude=["exam", "score_min", "score_max", "min_score", "max_score"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        problems.from_validation(where, error)
