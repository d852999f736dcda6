"""Inviting an organisation that is not in the directory."""

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from exams.api import Candidate, Result, candidate_required, get_released_result
from limits.api import client_ip
from sharing.forms import InvitationForm
from sharing.invitations import invitation_consent, invitations_left_today, send_invitation
from sharing.models import Invitation


@require_http_methods(["GET", "POST"])
@candidate_required
def invite(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    left = invitations_left_today(candidate)
    result = _result(request, candidate)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and left == 0:
        form.add_error(None, _too_many(settings.INVITATIONS_PER_CANDIDATE))
    elif request.method == "POST" and form.is_valid():
        invitation = send_invitation(
            candidate, client_ip(request), result=result, **form.cleaned_data
        )
        if invitation is not None:
            messages.success(
                request,
                _(
                    "We have invited %(name)s. When they create an account, "
                    "you can send them your result."
                )
                % {"name": invitation.organisation_name},
            )
            return redirect("sharing:invitations")
        form.add_error(
            None,
            _(
                "We have sent several invitations to this address or from your connection "
                "in the last hour. Please try again later."
            ),
        )
    status = 400 if form.errors else 200
    context = {"form": form, "left": left, "result": result, "consent": invitation_consent()}
    return render(request, "sharing/invite.html", context, status=status)


def _result(request: HttpRequest, candidate: Candidate) -> Result | None:
    """The result to send once the invited account opens (from the send page's link)."""
    raw = request.GET.get("result")
    if not raw:
        return None
    try:
        return get_released_result(candidate, UUID(raw))
    except ValueError:
        return None


def _too_many(per_day: int) -> str:
    return ngettext(
        "You can send up to %(max)d invitation a day. Please try again tomorrow.",
        "You can send up to %(max)d invitations a day. Please try again tomorrow.",
        per_day,
    ) % {"max": per_day}


@candidate_required
def invitations(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    sent = Invitation.objects.filter(candidate=candidate)
    return render(request, "sharing/invitations.html", {"invitations": sent})


def invitation_landing(request: HttpRequest, invitation_uuid: UUID) -> HttpResponse:
    """Where the invitation email's link leads the organisation."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("candidate", "result__entry__session__exam"),
        uuid=invitation_uuid,
    )
    return render(request, "sharing/invitation_landing.html", {"invitation": invitation})
