"""Switching between one's accounts, and how one hears of new results."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations.access import SESSION_KEY, approved_memberships, member_required
from organisations.models import Membership


class NotifyForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["notify"]
        widgets = {"notify": forms.RadioSelect}


@require_POST
@member_required
def switch_account(request: HttpRequest, membership: Membership) -> HttpResponse:
    wanted = request.POST.get("account", "")
    if any(str(m.account.uuid) == wanted for m in approved_memberships(request)):
        request.session[SESSION_KEY] = wanted
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "organisations:inbox"
    return redirect(target)


@member_required
def settings_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = NotifyForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your email preference has been saved."))
        return redirect("organisations:settings")
    return render(request, "organisations/settings.html", {"form": form, "membership": membership})
