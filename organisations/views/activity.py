"""The account's audit log, for its administrators."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lib.querystring import without_page
from organisations import audit
from organisations.access import admin_required
from organisations.forms import ActivityFilterForm
from organisations.models import AuditEvent, Membership

PAGE_SIZE = 50


@require_GET
@admin_required
def activity(request: HttpRequest, membership: Membership) -> HttpResponse:
    events = AuditEvent.objects.filter(account=membership.account).select_related("user")
    form = ActivityFilterForm(request.GET)
    if form.is_valid() and form.cleaned_data["action"]:
        events = events.filter(action=form.cleaned_data["action"])
    page = Paginator(events.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(event, audit.describe(event)) for event in page]
    context = {"form": form, "page": page, "rows": rows, "query": without_page(request.GET)}
    return render(request, "organisations/activity.html", context)
