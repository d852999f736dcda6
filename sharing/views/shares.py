"""The candidate's shared results, and withdrawing one."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from exams.api import Candidate, candidate_required
from sharing.models import Share
from sharing.shares import shares_of_candidate, withdraw_share


def get_own_share(candidate: Candidate, share_uuid: UUID) -> Share:
    """One of the candidate's shares, or 404 for anyone else's."""
    return get_object_or_404(
        Share.objects.select_related("account__organisation", "result__entry__session__exam"),
        uuid=share_uuid,
        result__entry__candidate=candidate,
    )


@candidate_required
def shares(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    context = {"candidate": candidate, "shares": shares_of_candidate(candidate.pk)}
    return render(request, "sharing/shares.html", context)


@require_http_methods(["GET", "POST"])
@candidate_required
def withdraw(request: HttpRequest, share_uuid: UUID, candidate: Candidate) -> HttpResponse:
    """GET asks for confirmation (a page: it works without JavaScript); POST withdraws."""
    share = get_own_share(candidate, share_uuid)
    if request.method == "GET":
        if share.withdrawn_at:
            messages.info(request, _("This share was already withdrawn."))
            return redirect("sharing:shares")
        return render(request, "sharing/withdraw.html", {"share": share})
    if withdraw_share(share):
        messages.success(
            request,
            _("You have withdrawn your result from %(account)s. They can no longer see it.")
            % {"account": share.account},
        )
    else:
        messages.info(request, _("This share was already withdrawn."))
    return redirect("sharing:shares")
