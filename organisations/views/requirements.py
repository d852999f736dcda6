"""Score requirements: everyone in the account reads them, administrators change them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from exams.api import Exam
from organisations import audit
from organisations.access import member_required
from organisations.models import AuditEvent, Membership, ScoreRequirement
from organisations.requirements import RequirementForm, save_requirements


def _forms(membership: Membership, data: object = None) -> list[RequirementForm]:
    """One form per exam in the catalogue, filled from the account's requirements."""
    current = {r.exam_id: r for r in ScoreRequirement.objects.filter(account=membership.account)}
    exams = Exam.objects.prefetch_related("components")
    return [RequirementForm(data, exam=exam, requirement=current.get(exam.pk)) for exam in exams]


def _summary(forms: list[RequirementForm]) -> list[dict[str, object]]:
    """The accepted exams and their minimums, for the read-only page of members."""
    summary = []
    for form in forms:
        requirement = form.requirement
        if requirement is None:
            continue
        names = {component.code: component.name for component in form.exam.components.all()}
        components = [
            (names.get(code, code), minimum)
            for code, minimum in requirement.component_minimums.items()
        ]
        summary.append({"exam": form.exam, "requirement": requirement, "components": components})
    return summary


@require_http_methods(["GET", "POST"])
@member_required
def requirements(request: HttpRequest, membership: Membership) -> HttpResponse:
    if request.method == "POST" and not membership.is_admin:
        raise PermissionDenied
    forms = _forms(membership, request.POST if request.method == "POST" else None)
    # A list, not a generator: every form checks its fields, so all errors show at once.
    if request.method == "POST" and all([form.is_valid() for form in forms]):
        with transaction.atomic():
            changes = save_requirements(membership.account, forms)
            if changes:
                audit.record(
                    membership, AuditEvent.Action.REQUIREMENTS, params={"changes": changes}
                )
        messages.success(request, _("The score requirements have been saved."))
        return redirect("organisations:requirements")
    context = {
        "forms": forms,
        "summary": _summary(forms),
        "can_change": membership.is_admin,
        "has_errors": any(form.errors for form in forms),
    }
    status = 400 if context["has_errors"] else 200
    return render(request, "organisations/requirements.html", context, status=status)
