"""Verify a result: one with the form, or many from a CSV file."""

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from limits.api import client_ip
from organisations import bulk, verification
from organisations.access import member_required
from organisations.forms import BulkForm, ReferenceForm, SecretForm
from organisations.models import Membership


@member_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, membership: Membership) -> HttpResponse:
    # Two forms on one page; a hidden `method` field says which one was sent.
    method = request.POST.get("method") if request.method == "POST" else None
    secret_form = SecretForm(request.POST if method == SecretForm.method else None)
    reference_form = ReferenceForm(request.POST if method == ReferenceForm.method else None)
    forms: dict[str, SecretForm | ReferenceForm] = {
        SecretForm.method: secret_form,
        ReferenceForm.method: reference_form,
    }
    context: dict[str, object] = {"secret_form": secret_form, "reference_form": reference_form}
    form = forms.get(method or "")
    if form is not None and form.is_valid():
        checked = verification.verify(membership, form.attempt(), client_ip(request))
        if checked.needs_date_of_birth:
            # Only a Secret Number check asks (a reference always comes with the date of
            # birth): the form says what is missing; nothing was checked.
            secret_form.ask_date_of_birth()
        else:
            context.update(checked=checked, shown=verification.shown(checked.results))
    if secret_form.data.get("date_of_birth"):
        secret_form.asks_date_of_birth = True
    return render(request, "organisations/verify.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def bulk_verify(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = BulkForm(request.POST, request.FILES) if request.method == "POST" else BulkForm()
    context: dict[str, object] = {"form": form, "columns": [str(c) for c in bulk.COLUMNS]}
    if request.method == "POST" and form.is_valid():
        report = bulk.verify_rows(membership, form.cleaned_data["file"], client_ip(request))
        context.update(
            report=report,
            counts=bulk.counts(report),
            report_id=bulk.remember(request.session, report),
        )
    return render(request, "organisations/bulk_verify.html", context)


@member_required
@require_GET
def bulk_report_csv(request: HttpRequest, report_id: UUID, membership: Membership) -> HttpResponse:
    # Only the session that uploaded the file holds the report: anyone else gets 404.
    report = bulk.recall(request.session, str(report_id))
    if report is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="verification-report.csv"'
    bulk.write_csv(report, response)
    return response
