"""The Users page: administrators approve joiners, change roles and remove users."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations import audit, onboarding
from organisations.access import admin_required
from organisations.models import AuditEvent, Membership, Role, Status


@admin_required
def users(request: HttpRequest, membership: Membership) -> HttpResponse:
    members = (
        Membership.objects.filter(account=membership.account)
        .exclude(status=Status.REJECTED)
        .select_related("user")
        .order_by("status", "user__email")
    )
    # A joiner appears once they have confirmed their address.
    shown = [m for m in members if m.status != Status.PENDING or m.user.email_confirmed_at]
    return render(request, "organisations/users.html", {"members": shown, "membership": membership})


def _apply(action: str, target: Membership) -> str:
    if action == "approve" and not onboarding.can_approve_member(target):
        # Someone who never proved the address could be anyone typing it.
        return _("Nothing changed.")
    if action in ("approve", "reject") and target.status == Status.PENDING:
        onboarding.decide_member(target, approve=action == "approve")
        return _("Approved.") if action == "approve" else _("Rejected.")
    if action in (Role.ADMIN, Role.MEMBER) and target.status == Status.APPROVED:
        onboarding.change_role(target, action)
        return _("Role changed.")
    if action == "remove":
        onboarding.remove_member(target)
        return _("Removed.")
    return _("Nothing changed.")


@require_POST
@admin_required
def change_member(request: HttpRequest, membership_id: int, membership: Membership) -> HttpResponse:
    target = get_object_or_404(
        Membership.objects.select_related("user", "account"),
        pk=membership_id,
        account=membership.account,
    )
    action = request.POST.get("action", "")
    try:
        message = _apply(action, target)
    except onboarding.LastAdministrator:
        messages.error(
            request,
            _(
                "An account needs at least one administrator. Make someone "
                "else an administrator first."
            ),
        )
        return redirect("organisations:users")
    params = {"change": action, "email": target.user.email}
    audit.record(membership, AuditEvent.Action.USERS, params=params)
    messages.success(request, message)
    return redirect("organisations:users")
