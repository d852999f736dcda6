"""The exam board's admin site: Django's, with the sign-in lockout and a page of its own
for a locked staff account (never the candidates' page)."""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from accounts.forms import LimitedAuthenticationForm


class StaffLoginForm(LimitedAuthenticationForm, AdminAuthenticationForm):
    def limiter_username(self) -> str:
        # Staff usernames are case-sensitive, unlike ID Numbers and emails: count as typed.
        return (self.cleaned_data.get("username") or "").strip()


class BoardAdminSite(admin.AdminSite):
    site_header = _("ResultBridge: exam board")
    site_title = _("ResultBridge exam board")
    login_form = StaffLoginForm
    login_template = "admin/staff_login.html"

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if getattr(form, "locked_until", None) is not None:
            response.status_code = 429
        return response
