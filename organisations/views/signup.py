"""Create a new account, join an existing one, and confirm the email address."""

from collections.abc import Callable
from typing import TypeVar
from uuid import UUID

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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


def _initial(invitation: Invitation | None) -> dict[str, object]:
    initial: dict[str, object] = {"language": get_language()}
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
        if onboarding.account_taken(form.cleaned_data):  # the same department, typed again
            form.add_error(
                None, _("This account is already open or applied for. Ask to join it instead.")
            )
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


CHECK_EMAIL_KEY = "rvs_signup_email"
F = TypeVar("F", CreateAccountForm, JoinForm)


def _check_email(request: HttpRequest, form: CreateAccountForm | JoinForm) -> HttpResponse:
    """The same answer whether the address was new or already had an account; a redirect,
    so that reloading the page does not apply twice."""
    request.session[CHECK_EMAIL_KEY] = form.cleaned_data["email"]
    return redirect("organisations:check_email")


def check_email(request: HttpRequest) -> HttpResponse:
    email = request.session.get(CHECK_EMAIL_KEY)
    if email is None:  # opened directly, or in another browser
        return redirect("organisations:landing")
    return render(request, "organisations/check_email.html", {"email": email})


def _form_or_search(request: HttpRequest, form_class: type[F], initial: dict[str, object]) -> F:
    """The POSTed form, or, for a search, an unbound one that keeps what was typed (but
    not the passwords) and shows no errors for fields not filled in yet.

    Search is the form's first button, so Enter in any field sends it too. A search for
    what the list already shows (`searched`, which the type-ahead keeps up to date) is
    such an Enter: a complete form is then applied, as the user meant."""
    if request.method != "POST":
        return form_class(initial=initial)
    posted = form_class(request.POST, initial=initial)
    if "search" not in request.POST:
        return posted
    same_search = request.POST.get("q", "").strip() == request.POST.get("searched", "")
    if same_search and posted.is_valid():
        return posted
    return form_class(initial={**initial, **request.POST.dict()})


def _signup_page(
    request: HttpRequest, form: CreateAccountForm | JoinForm, joining: bool, **context: object
) -> HttpResponse:
    """The page, or only its list of accounts for the type-ahead (sharing's script):
    joining lists open accounts, creating lists those nobody has opened yet."""
    query, hits = _directory_hits(request, active=joining)
    context.update(form=form, query=query, hits=hits, joining=joining)
    if request.GET.get("partial"):
        return render(request, "organisations/account_choices.html", context)
    template = "organisations/join.html" if joining else "organisations/create.html"
    return render(request, template, context, status=400 if form.is_bound and form.errors else 200)


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
    form = _form_or_search(request, CreateAccountForm, _initial(invitation))
    if form.is_bound and form.is_valid():
        existing = _claimable(form)
        if not form.errors:
            data = form.cleaned_data
            _sign_up(
                request,
                form,
                lambda user: onboarding.apply_for_account(user, data, invitation, existing),
            )
            return _check_email(request, form)
    return _signup_page(request, form, joining=False, invitation=invitation)


@require_http_methods(["GET", "POST"])
def join_account(request: HttpRequest) -> HttpResponse:
    form = _form_or_search(request, JoinForm, _initial(None))
    if form.is_bound and form.is_valid():
        account = (
            OrganisationAccount.objects.active().filter(uuid=form.cleaned_data["account"]).first()
        )
        if account is None:
            form.add_error("account", _("Choose an account from the list."))
        else:
            _sign_up(request, form, lambda user: onboarding.ask_to_join(user, account))
            return _check_email(request, form)
    return _signup_page(request, form, joining=True)


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
