"""Exam-board staff approve accounts and members, and search what organisations did.

Approving goes through a page that sets each address beside the directory's official one
(organisations.approval), and through the same onboarding functions as the site.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lib.admin import ReadOnlyAdmin
from organisations import (
    admin_audit,  # noqa: F401  (registers the audit log admin)
    approval,
    onboarding,
)
from organisations.models import AccountApplication, Membership, Status, Verification

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

APPROVAL_PAGE = "organisations/admin_approve.html"


def _approval_page(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    checks: list[approval.AddressCheck],
    approve: Callable[[], int],
) -> TemplateResponse | None:
    """Shows each person's address beside the official one; approves (calls `approve`)
    only when the page is sent back confirmed, with every warning acknowledged."""
    warned = any(check.warning for check in checks)
    error: StrOrPromise = ""
    if request.POST.get("confirm") == "yes":
        if not warned or request.POST.get("addresses_checked"):
            done = approve()
            model_admin.message_user(
                request,
                ngettext("%(n)d approved; emailed.", "%(n)d approved; each emailed.", done)
                % {"n": done},
            )
            return None
        error = _("Tick the box to say you have checked the addresses that differ.")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Check the addresses before approving"),
        "checks": checks,
        "warned": warned,
        "error": error,
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "action": request.POST.get("action", ""),
    }
    return TemplateResponse(request, APPROVAL_PAGE, context)


@admin.register(AccountApplication)
class AccountApplicationAdmin(admin.ModelAdmin):
    list_display = (
        "account",
        "applicant",
        "applicant_email",
        "email_confirmed",
        "official_address",
        "domains_match",
        "status",
        "created_at",
    )
    list_filter = ("status",)
    list_select_related = ("account__organisation", "applicant")
    search_fields = ("account__organisation__name", "applicant__email")
    readonly_fields = (
        "account",
        "applicant",
        "applicant_email",
        "email_confirmed",
        "official_address",
        "address_warning",
        "invitation",
        "status",
        "created_at",
        "decided_at",
    )
    actions = ("approve", "reject")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # applications come from /rvs/create/, by people who prove their address

    @admin.display(boolean=True, description=_("email confirmed"))
    def email_confirmed(self, application: AccountApplication) -> bool:
        return application.applicant.has_confirmed_email

    @admin.display(description=_("applicant's email address"))
    def applicant_email(self, application: AccountApplication) -> str:
        return application.applicant.email

    @admin.display(description=_("official address in the directory"))
    def official_address(self, application: AccountApplication) -> str:
        return approval.official_address(application.account) or "—"

    @admin.display(boolean=True, description=_("same domain"))
    def domains_match(self, application: AccountApplication) -> bool:
        return not approval.address_warning(application.applicant.email, application.account)

    @admin.display(description=_("warning"))
    def address_warning(self, application: AccountApplication) -> str:
        return approval.address_warning(application.applicant.email, application.account) or "—"

    @admin.action(description=_("Approve the selected applications"))
    def approve(self, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
        ready = [app for app in queryset if onboarding.can_approve(app)]
        if len(ready) < queryset.count():
            self.message_user(
                request,
                _(
                    "Only pending applications whose applicant confirmed the address can "
                    "be approved."
                ),
                messages.WARNING,
            )
        if not ready:
            return None
        checks = [approval.check(str(app), app.applicant, app.account, True) for app in ready]
        return _approval_page(
            self,
            request,
            checks,
            lambda: sum(onboarding.decide_application(app, approve=True) for app in ready),
        )

    @admin.action(description=_("Reject the selected applications"))
    def reject(self, request: HttpRequest, queryset: QuerySet) -> None:
        done = sum(onboarding.decide_application(app, approve=False) for app in queryset)
        self.message_user(
            request,
            ngettext(
                "%(n)d application decided; the applicant is emailed.",
                "%(n)d applications decided; the applicants are emailed.",
                done,
            )
            % {"n": done},
        )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Status changes only through the actions: approving emails the person (and the
    account's results become visible to them) as when an account administrator does it."""

    list_display = ("user", "account", "role", "status", "notify", "created_at")
    list_filter = ("role", "status")
    list_select_related = ("user", "account__organisation")
    search_fields = ("user__email", "account__organisation__name")
    raw_id_fields = ("user", "account")
    readonly_fields = ("status", "decided_at")
    show_full_result_count = False
    actions = ("approve_members", "reject_members")

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> tuple[str, ...]:
        # Moving a membership to another person or account would skip the approval too.
        return (*self.readonly_fields, "user", "account") if obj else self.readonly_fields

    @admin.action(description=_("Approve the selected memberships"))
    def approve_members(self, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
        rows = queryset.select_related("user", "account__organisation")
        ready = [m for m in rows if onboarding.can_approve_member(m)]
        if len(ready) < queryset.count():
            self.message_user(
                request,
                _(
                    "Only pending members of open accounts who confirmed their address can "
                    "be approved. A new account opens when its application is approved."
                ),
                messages.WARNING,
            )
        if not ready:
            return None
        checks = [approval.check(str(m), m.user, m.account, False) for m in ready]

        def approve() -> int:
            for membership in ready:
                onboarding.decide_member(membership, approve=True)
            return len(ready)

        return _approval_page(self, request, checks, approve)

    @admin.action(description=_("Reject the selected memberships"))
    def reject_members(self, request: HttpRequest, queryset: QuerySet) -> None:
        pending = list(queryset.filter(status=Status.PENDING).select_related("user", "account"))
        for membership in pending:
            onboarding.decide_member(membership, approve=False)
        self.message_user(
            request,
            ngettext("%(n)d rejected; emailed.", "%(n)d rejected; each emailed.", len(pending))
            % {"n": len(pending)},
        )


@admin.register(Verification)
class VerificationAdmin(ReadOnlyAdmin):
    deletable = True
    list_display = ("created_at", "user", "account", "method", "bulk", "candidate_id", "matched")
    list_filter = ("method", "matched", "bulk")
    list_select_related = ("user", "account__organisation")
    search_fields = ("=candidate_id", "user__email", "account__organisation__name")
    date_hierarchy = "created_at"
    show_full_result_count = False
