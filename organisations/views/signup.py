"""Create a new account, join an existing one, and confirm the email address."""

from collections.abc import Callable
from uuid import UUID

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.api import User, read_email_token
from directory.api import OrganisationAccount, search_accounts
from limits.api import client_ip
from organisations import onboarding
from organisations.forms import CreateAccountForm, JoinForm
from organisations.models import Membership, Role, Status
from sharing.api import Invitation


def _invitation(request: HttpRequest) -> Invitation | None:
    raw = request.GET.get("invitation") or request.POST.get("invitation")
    try:
        return Invitation.objects.filter(uuid=UUID(str(raw)), account__isnull=True).first()
    except ValueError:
        return None


def _initial(invitation: Invitation | None) -> dict[str, str]:
    initial = {"language": get_language()}
    if invitation is not None:
        initial.update(
            name=invitation.organisation_name,
            email=invitation.email,
            website=invitation.website,
            country=invitation.country,
        )
    return initial


def _directory_hits(request: HttpRequest, active: bool) -> tuple[str, list[OrganisationAccount]]:
    query = (request.GET.get("q") or request.POST.get("q") or "").strip()[:100]
    hits = [a for a in search_accounts(query) if a.is_active == active] if query else []
    return query, hits


def _claimable(form: CreateAccountForm) -> OrganisationAccount | None:
    """The directory account picked for a new account, if it can still be opened."""
    if not form.cleaned_data.get("account"):
        return None
    account = OrganisationAccount.objects.filter(uuid=form.cleaned_data["account"]).first()
    if account is None:
        form.add_error(None, _("That organisation is no longer in the directory."))
    elif account.is_active or hasattr(account, "application"):
        form.add_error(
            None, _("This account is already open or applied for. Ask to join it instead.")
        )
        account = None
    return account


def _person(form: CreateAccountForm | JoinForm) -> User:
    data = form.cleaned_data
    return onboarding.create_user(
        email=data["email"],
        name=data["contact_name"],
        password=data["password1"],
        language=data["language"],
    )


def _check_email(request: HttpRequest, form: CreateAccountForm | JoinForm) -> HttpResponse:
    """The same answer whether the address was new or already had an account."""
    return render(request, "organisations/check_email.html", {"email": form.cleaned_data["email"]})


def _new_user(form: CreateAccountForm | JoinForm) -> User | None:
    """The new user, or None if the address already has an account (perhaps since a
    moment ago: two sign-ups at once)."""
    if onboarding.email_taken(form.cleaned_data["email"]):
        return None
    try:
        with transaction.atomic():
            return _person(form)
    except IntegrityError:
        return None


def _sign_up(
    request: HttpRequest, form: CreateAccountForm | JoinForm, then: Callable[[User], object]
) -> None:
    """Creates the user and calls `then(user)`; if the address already has an account,
    emails its owner instead."""
    with transaction.atomic():
        user = _new_user(form)
        if user is not None:
            then(user)
            return
    onboarding.tell_owner_of_attempt(form.cleaned_data["email"], client_ip(request))


@require_http_methods(["GET", "POST"])
def create_account(request: HttpRequest) -> HttpResponse:
    invitation = _invitation(request)
    form = CreateAccountForm(request.POST or None, initial=_initial(invitation))
    if request.method == "POST" and form.is_valid():
        existing = _claimable(form)
        if not form.errors:
            data = form.cleaned_data
            _sign_up(
                request,
                form,
                lambda user: onboarding.apply_for_account(user, data, invitation, existing),
            )
            return _check_email(request, form)
    query, hits = _directory_hits(request, active=False)
    context = {"form": form, "invitation": invitation, "query": query, "hits": hits}
    return render(request, "organisations/create.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def join_account(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST or None, initial=_initial(None))
    if request.method == "POST" and form.is_valid():
        account = (
            OrganisationAccount.objects.active().filter(uuid=form.cleaned_data["account"]).first()
        )
        if account is None:
            form.add_error("account", _("Choose an account from the list."))
        else:
            _sign_up(request, form, lambda user: onboarding.ask_to_join(user, account))
            return _check_email(request, form)
    query, hits = _directory_hits(request, active=True)
    context = {"form": form, "query": query, "hits": hits}
    return render(request, "organisations/join.html", context, status=400 if form.errors else 200)


def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    found = read_email_token(token, "organisation")
    if found is None:
        return render(request, "organisations/confirmed.html", {"ok": False}, status=400)
    user, email = found
    if user.email_taken_by_someone_else(email):
        return render(request, "organisations/confirmed.html", {"ok": False}, status=400)
    first_time = user.email_confirmed_at is None
    user.confirm_email(email)
    joins = Membership.objects.filter(user=user, status=Status.PENDING, role=Role.MEMBER)
    if first_time:
        for membership in joins.select_related("account"):
            onboarding.tell_admins_of_join_request(membership)
    context = {"ok": True, "changed": not first_time, "joining": joins.exists(), "email": email}
    return render(request, "organisations/confirmed.html", context)
