"""Exam-board staff approve accounts and search what organisations did."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from organisations import (
    admin_audit,  # noqa: F401  (registers the audit log admin)
    onboarding,
)
from organisations.models import AccountApplication, Membership, Verification


@admin.register(AccountApplication)
class AccountApplicationAdmin(admin.ModelAdmin):
    list_display = ("account", "applicant", "email_confirmed", "status", "created_at")
    list_filter = ("status",)
    list_select_related = ("account__organisation", "applicant")
    search_fields = ("account__organisation__name", "applicant__email")
    readonly_fields = ("account", "applicant", "invitation", "status", "created_at", "decided_at")
    actions = ("approve", "reject")

    @admin.display(boolean=True, description=_("email confirmed"))
    def email_confirmed(self, application: AccountApplication) -> bool:
        return application.applicant.email_confirmed_at is not None

    def _decide(self, request: HttpRequest, queryset: QuerySet, approve: bool) -> None:
        done = sum(onboarding.decide_application(app, approve) for app in queryset)
        self.message_user(
            request,
            ngettext(
                "%(n)d application decided; the applicant is emailed.",
                "%(n)d applications decided; the applicants are emailed.",
                done,
            )
            % {"n": done},
        )

    @admin.action(description=_("Approve the selected applications"))
    def approve(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(request, queryset, approve=True)

    @admin.action(description=_("Reject the selected applications"))
    def reject(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(request, queryset, approve=False)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "account", "role", "status", "notify", "created_at")
    list_filter = ("role", "status")
    list_select_related = ("user", "account__organisation")
    search_fields = ("user__email", "account__organisation__name")
    raw_id_fields = ("user", "account")
    show_full_result_count = False


@admin.register(Verification)
class VerificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "account", "method", "bulk", "candidate_id", "matched")
    list_filter = ("method", "matched", "bulk")
    list_select_related = ("user", "account__organisation")
    search_fields = ("=candidate_id", "user__email", "account__organisation__name")
    date_hierarchy = "created_at"
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
