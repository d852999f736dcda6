"""Switching between one's accounts, how one hears of new results, one's address and
password (the same forms and rules as the candidates' My details)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.api import LimitedPasswordChangeForm, User
from lib.untrusted import local_url
from limits import api as limits
from organisations import onboarding
from organisations.access import SESSION_KEY, approved_memberships, member_required
from organisations.forms import NotifyForm, WorkEmailChangeForm
from organisations.models import Membership


@require_POST
@member_required
def switch_account(request: HttpRequest, membership: Membership) -> HttpResponse:
    wanted = request.POST.get("account", "")
    if any(str(m.account.uuid) == wanted for m in approved_memberships(request)):
        request.session[SESSION_KEY] = wanted
    # Straight to the path: redirect() would take a bare word for a URL name and fail.
    target = local_url(request.POST.get("next", ""))
    return HttpResponseRedirect(target) if target else redirect("organisations:inbox")


def _user(request: HttpRequest) -> User:
    """The signed-in user: member_required has turned everyone else away."""
    user = request.user
    assert user.is_authenticated
    return user


def _render_settings(
    request: HttpRequest, membership: Membership, **bound: forms.BaseForm
) -> HttpResponse:
    context = {
        "membership": membership,
        "form": bound.get("form") or NotifyForm(instance=membership),
        "email_form": bound.get("email_form") or WorkEmailChangeForm(_user(request)),
        "password_form": bound.get("password_form") or LimitedPasswordChangeForm(_user(request)),
    }
    status = 400 if any(form.errors for form in bound.values()) else 200
    return render(request, "organisations/settings.html", context, status=status)


@member_required
def settings_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = NotifyForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your email preference has been saved."))
        return redirect("organisations:settings")
    return _render_settings(request, membership, form=form)


@require_POST
@member_required
def change_email(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Needs the password; the new address becomes the sign-in name once confirmed."""
    form = WorkEmailChangeForm(_user(request), request.POST)
    ip = limits.client_ip(request)
    if form.is_valid() and not limits.allow_email("email_change", form.cleaned_data["email"], ip):
        form.add_error(None, _("We have sent several emails already. Please try again later."))
    if not form.is_valid():
        return _render_settings(request, membership, email_form=form)
    email = form.cleaned_data["email"]
    user = _user(request)
    onboarding.start_email_change(user, email, ip)
    if email == user.email:
        messages.success(request, _("%(email)s is already your address.") % {"email": email})
    else:
        messages.success(
            request,
            _(
                "We have sent a link to %(email)s. Your address, and the one you log in with, "
                "change when you open it. We have also told your current address."
            )
            % {"email": email},
        )
    return redirect("organisations:settings")


@require_POST
@member_required
def change_password(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = LimitedPasswordChangeForm(_user(request), request.POST)
    if not form.is_valid():
        return _render_settings(request, membership, password_form=form)
    form.save()
    update_session_auth_hash(request, form.user)  # this browser stays signed in
    messages.success(request, _("Your password has been changed."))
    return redirect("organisations:settings")
