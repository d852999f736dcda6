"""Shared results: the inbox, one share, marking it processed, and the CSV export."""

from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lib.querystring import without_page
from lib.untrusted import local_url
from organisations import audit
from organisations.access import member_required
from organisations.export import csv_stream, export_rows, issue_missing_statements
from organisations.inbox import (
    PAGE_SIZE,
    InboxFilterForm,
    InboxRow,
    get_share,
    inbox_shares,
    mark_viewed,
    set_processed,
    status_of,
)
from organisations.inbox_rows import rows, rows_html
from organisations.models import AuditEvent, Membership
from organisations.requirements import check, meets_q
from statements.api import statement_for


@require_GET
@member_required
def inbox(request: HttpRequest, membership: Membership) -> HttpResponse:
    account = membership.account
    requirements = list(account.requirements.order_by())  # read once for the whole page
    has_requirements = bool(requirements)
    meets = meets_q(account, requirements=requirements)
    form = InboxFilterForm(request.GET, has_requirements=has_requirements)
    shares = form.apply(inbox_shares(account), account, meets).values_list("pk", flat=True)
    page = Paginator(shares, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "rows_html": rows_html(rows(page, account, meets), has_requirements),
        "query": without_page(request.GET),
        "has_requirements": has_requirements,
    }
    return render(request, "organisations/inbox.html", context)


@require_GET
@member_required
def share_detail(request: HttpRequest, share_uuid: UUID, membership: Membership) -> HttpResponse:
    share = get_share(membership.account, share_uuid)
    mark_viewed(share)
    audit.record(membership, AuditEvent.Action.VIEW, share=share, params=audit.share_params(share))
    result = share.result
    exam = result.entry.session.exam
    names = {component.code: component.name for component in exam.components.all()}
    # Catalogue order first; a score under a code the catalogue lost still shows.
    codes = [*names, *(code for code in result.component_scores if code not in names)]
    requirements = list(membership.account.requirements.all())
    # No requirements set: nothing to meet, and the page says nothing about them.
    reasons = check(result, requirements) if requirements else []
    context = {
        "has_requirements": bool(requirements),
        "share": share,
        "row": InboxRow(share, status_of(share), meets=not reasons),
        "result": result,
        "candidate": result.entry.candidate,
        "session": result.entry.session,
        "components": [
            (names.get(code, code), result.component_scores.get(code)) for code in codes
        ],
        "statement": statement_for(result),
        "reasons": reasons,
    }
    return render(request, "organisations/share.html", context)


@require_POST
@member_required
def mark_processed(request: HttpRequest, share_uuid: UUID, membership: Membership) -> HttpResponse:
    share = get_share(membership.account, share_uuid)
    processed = not request.POST.get("undo")
    if set_processed(share, processed):
        params = {**audit.share_params(share), "undo": not processed}
        audit.record(membership, AuditEvent.Action.PROCESS, share=share, params=params)
    if processed:
        messages.success(request, _("Marked as processed."))
    else:
        messages.success(request, _("Marked as not processed."))
    # Straight to the path: redirect() would take a bare word for a URL name and fail.
    back = local_url(request.POST.get("next", ""))
    if back is not None:
        return HttpResponseRedirect(back)
    return redirect("organisations:share", share_uuid=share.uuid)


@require_GET
@member_required
def export(request: HttpRequest, membership: Membership) -> StreamingHttpResponse:
    account = membership.account
    form = InboxFilterForm(request.GET)
    shares = form.apply(inbox_shares(account), account)
    count = shares.count()
    issue_missing_statements(shares)
    params = {"rows": count, "filters": form.describe()}
    audit.record(membership, AuditEvent.Action.EXPORT, params=params)
    response = StreamingHttpResponse(
        csv_stream(export_rows(shares, account)), content_type="text/csv; charset=utf-8"
    )
    filename = f"shared-results-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
