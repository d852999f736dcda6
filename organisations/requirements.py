"""Score requirements: what an account accepts, checked in Python and in the database.

`check` gives the reasons a result falls short (for people to read); `meets_q` is the same
rule as a database condition (for filtering 20,000 shares without loading them). Both must
say the same thing about every result: tests/organisations/test_requirements.py holds them
to it. An exam without a requirement is not accepted.
"""

import calendar
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.api import OrganisationAccount
from exams.api import Exam, Result
from organisations.models import ScoreRequirement

MAX_AGE_LIMIT = 240  # months: 20 years is already more than any real requirement


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (31 March → 28 or 29 Feb)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def months_between(earlier: datetime, later: datetime) -> int:
    """Whole calendar months from `earlier` to `later`."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if months > 0 and months_before(later, months) < earlier:
        months -= 1
    return max(months, 0)


def check(
    result: Result, requirements: Iterable[ScoreRequirement], now: datetime | None = None
) -> list[str]:
    """Why `result` does not meet the account's requirements; empty when it does."""
    exam = result.entry.session.exam
    requirement = next((r for r in requirements if r.exam_id == exam.pk), None)
    if requirement is None:
        return [_("%(exam)s is not an accepted exam") % {"exam": exam.code}]
    reasons = []
    minimum = requirement.min_overall
    if minimum is not None and result.overall_score < minimum:
        reasons.append(
            _("Overall score %(score)s is below the minimum %(minimum)s")
            % {"score": result.overall_score, "minimum": minimum}
        )
    reasons += _component_reasons(result, exam, requirement.component_minimums)
    if requirement.max_age_months is not None:
        reasons += _age_reasons(result, requirement.max_age_months, now or timezone.now())
    return reasons


def _component_reasons(result: Result, exam: Exam, minimums: dict[str, int]) -> list[str]:
    reasons = []
    names: dict[str, str] | None = None
    for code, minimum in minimums.items():
        score = result.component_scores.get(code)
        if isinstance(score, int | float) and score >= minimum:
            continue
        if names is None:  # only now: most results pass, and the names cost a lookup
            names = {component.code: component.name for component in exam.components.all()}
        values = {"component": names.get(code, code), "score": score, "minimum": minimum}
        if isinstance(score, int | float):
            reasons.append(_("%(component)s %(score)s is below the minimum %(minimum)s") % values)
        else:
            reasons.append(_("%(component)s has no score; the minimum is %(minimum)s") % values)
    return reasons


def _age_reasons(result: Result, maximum: int, now: datetime) -> list[str]:
    released_at = result.entry.session.released_at
    if released_at is None:
        return [_("The result has not been released")]
    if released_at >= months_before(now, maximum):
        return []
    age = months_between(released_at, now)
    if age > maximum:
        return [
            _("The result is %(age)s months old; the maximum is %(maximum)s")
            % {"age": age, "maximum": maximum}
        ]
    # Older than the limit by days only: "24 months old; the maximum is 24" would puzzle.
    return [_("The result is more than %(maximum)s months old") % {"maximum": maximum}]


def requirement_q(requirement: ScoreRequirement, now: datetime) -> Q:
    """Shares whose result meets this one requirement (the same rule as `check`)."""
    # The session as the share keeps it: no join of the result to its entry.
    condition = Q(session__exam_id=requirement.exam_id)
    if requirement.min_overall is not None:
        condition &= Q(result__overall_score__gte=requirement.min_overall)
    for code, minimum in requirement.component_minimums.items():
        # A JSON key lookup: a missing score is NULL, which is never >= anything.
        condition &= Q(**{f"result__component_scores__{code}__gte": minimum})
    if requirement.max_age_months is not None:
        cutoff = months_before(now, requirement.max_age_months)
        condition &= Q(session__released_at__gte=cutoff)
    return condition


def meets_q(
    account: OrganisationAccount,
    now: datetime | None = None,
    requirements: Iterable[ScoreRequirement] | None = None,
) -> Q:
    """A condition on Share: its result meets one of the account's requirements (read
    here unless the caller has them already)."""
    now = now or timezone.now()
    if requirements is None:
        requirements = ScoreRequirement.objects.filter(account=account)
    condition = Q(pk__in=[])  # no requirement: nothing is accepted
    for requirement in requirements:
        condition |= requirement_q(requirement, now)
    return condition


class RequirementForm(forms.Form):
    """One exam's requirement. Prefixed with the exam code, so one page holds them all."""

    accepted = forms.BooleanField(required=False)

    def __init__(
        self,
        *args: Any,
        exam: Exam,
        requirement: ScoreRequirement | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", exam.code.lower())
        kwargs.setdefault("initial", _initial(requirement))
        super().__init__(*args, **kwargs)
        self.exam, self.requirement = exam, requirement
        self.fields["accepted"].label = _("Accept %(exam)s results") % {"exam": exam.name}
        self.fields["min_overall"] = self._score_field(_("Minimum overall score"))
        for component in exam.components.all():
            self.fields[f"component_{component.code}"] = self._score_field(component.name)
        self.fields["max_age_months"] = forms.IntegerField(
            label=_("Maximum age of the result, in months"),
            required=False,
            min_value=1,
            max_value=MAX_AGE_LIMIT,
            help_text=_("Counted from the release of the results."),
        )

    def _score_field(self, label: str) -> forms.IntegerField:
        scale = {"min": self.exam.score_min, "max": self.exam.score_max}
        outside = _("Enter a score from %(min)s to %(max)s, the scale of this exam.") % scale
        return forms.IntegerField(
            label=label,
            required=False,
            min_value=scale["min"],
            max_value=scale["max"],
            error_messages={"min_value": outside, "max_value": outside},
        )

    @property
    def component_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("component_")]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        typed = [name for name, value in data.items() if name != "accepted" and value is not None]
        if typed and not data.get("accepted"):
            # Saving minimums for an exam that is not accepted would quietly lose them.
            raise forms.ValidationError(
                _("Tick “%(label)s” to keep these minimums, or clear them.")
                % {"label": self.fields["accepted"].label}
            )
        return data

    def values(self) -> dict[str, Any]:
        """The ScoreRequirement fields from the cleaned data."""
        data = self.cleaned_data
        components = {
            name.removeprefix("component_"): value
            for name, value in data.items()
            if name.startswith("component_") and value is not None
        }
        return {
            "min_overall": data["min_overall"],
            "component_minimums": components,
            "max_age_months": data["max_age_months"],
        }


def _initial(requirement: ScoreRequirement | None) -> dict[str, object]:
    if requirement is None:
        return {}
    initial: dict[str, object] = {
        "accepted": True,
        "min_overall": requirement.min_overall,
        "max_age_months": requirement.max_age_months,
    }
    for code, minimum in requirement.component_minimums.items():
        initial[f"component_{code}"] = minimum
    return initial


def save_requirements(account: OrganisationAccount, forms: list[RequirementForm]) -> list[str]:
    """Saves valid forms; returns what changed, one line per exam, for the audit log."""
    changes = []
    for form in forms:
        current, exam = form.requirement, form.exam
        if not form.cleaned_data["accepted"]:
            if current is not None:
                current.delete()
                changes.append(f"{exam.code}: removed")
            continue
        values = form.values()
        if current is not None and all(getattr(current, k) == v for k, v in values.items()):
            continue
        ScoreRequirement.objects.update_or_create(account=account, exam=exam, defaults=values)
        changes.append(f"{exam.code}: {describe(values)}")
    return changes


def describe(values: dict[str, Any]) -> str:
    """A short, language-neutral line for the audit log: `overall>=80 writing>=65 age<=24m`."""
    parts = ["accepted"]
    if values["min_overall"] is not None:
        parts.append(f"overall>={values['min_overall']}")
    parts += [f"{code}>={minimum}" for code, minimum in values["component_minimums"].items()]
    if values["max_age_months"] is not None:
        parts.append(f"age<={values['max_age_months']}m")
    return " ".join(parts)
