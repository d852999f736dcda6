"""Who may see what in the Results Verification Service.

Every view takes the user's current membership through `member_required` (or
`admin_required`): an approved user of an approved account, in the account they chose.
Anyone else gets 403; a user still waiting for approval sees why.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render

from organisations.models import Membership

SESSION_KEY = "rvs_account"
View = Callable[..., HttpResponseBase]


MEMBERSHIPS = "_rvs_memberships"  # the request's memberships, read once per request
# What the pages show of an account; not its search columns (a few hundred bytes each).
_ACCOUNT_DEFERRED = [
    f"account__{name}" for name in ("search_text", "name_text", "rest_text", "sort_key")
] + ["account__organisation__aliases"]


def approved_memberships(request: HttpRequest) -> list[Membership]:
    """The user's approved memberships, read once per request (the view's access check
    and the page header's account switcher both need them)."""
    cached = getattr(request, MEMBERSHIPS, None)
    if cached is None:
        cached = list(
            Membership.objects.approved()
            .filter(user=request.user)
            .select_related("account__organisation")
            .defer(*_ACCOUNT_DEFERRED)
            .order_by("account__organisation__name", "account__department")
        )
        setattr(request, MEMBERSHIPS, cached)
    return cached


def current_membership(request: HttpRequest) -> Membership | None:
    """The membership of the account chosen in this session (the first one by default)."""
    memberships = approved_memberships(request)
    chosen = request.session.get(SESSION_KEY)
    for membership in memberships:
        if str(membership.account.uuid) == chosen:
            return membership
    return memberships[0] if memberships else None


def _denied(request: HttpRequest) -> HttpResponse:
    user = request.user
    waiting = (
        user.is_authenticated and Membership.objects.filter(user=user, status="pending").exists()
    )
    if waiting:
        return render(request, "organisations/waiting.html", status=403)
    raise PermissionDenied


def member_required(view: View) -> View:
    """Passes the current Membership to the view as `membership`."""

    @login_required(login_url="organisations:login")
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        membership = current_membership(request)
        if membership is None:
            return _denied(request)
        # For the page header (account switcher): an attribute of ours, unknown to the stubs.
        request.rvs_membership = membership  # type: ignore[attr-defined]
        return view(request, *args, membership=membership, **kwargs)

    return wrapper


def admin_required(view: View) -> View:
    """As member_required, for the account's administrators only."""

    @member_required
    @wraps(view)
    def wrapper(
        request: HttpRequest, *args: object, membership: Membership, **kwargs: object
    ) -> HttpResponseBase:
        if not membership.is_admin:
            raise PermissionDenied
        return view(request, *args, membership=membership, **kwargs)

    return wrapper
