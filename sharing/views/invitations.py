"""Inviting an organisation that is not in the directory."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from candidates.access import candidate_required
from exams.models import Candidate
from sharing.forms import InvitationForm
from sharing.invitations import invitations_left_today, send_invitation
from sharing.models import Invitation


@require_http_methods(["GET", "POST"])
@candidate_required
def invite(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    left = invitations_left_today(candidate)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and left == 0:
        form.add_error(
            None, _("You can send up to 5 invitations a day. Please try again tomorrow.")
        )
    elif request.method == "POST" and form.is_valid():
        invitation = send_invitation(candidate, **form.cleaned_data)
        messages.success(
            request,
            _(
                "We have invited %(name)s. When they create an account, "
                "you can send them your result."
            )
            % {"name": invitation.organisation_name},
        )
        return redirect("sharing:invitations")
    status = 400 if form.errors else 200
    return render(request, "sharing/invite.html", {"form": form, "left": left}, status=status)


@candidate_required
def invitations(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    sent = Invitation.objects.filter(candidate=candidate)
    return render(request, "sharing/invitations.html", {"invitations": sent})


def invitation_landing(request: HttpRequest, invitation_uuid: UUID) -> HttpResponse:
    """Where the invitation email's link leads the organisation."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("candidate"), uuid=invitation_uuid
    )
    return render(request, "sharing/invitation_landing.html", {"invitation": invitation})
