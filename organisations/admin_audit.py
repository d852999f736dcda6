"""Admin pages for the audit log and score requirements (imported by organisations.admin).

The audit log is evidence: staff may search and read it, never add, change or delete it.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lib.admin import ReadOnlyAdmin
from organisations.models import AuditEvent, ScoreRequirement


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "account", "user_email", "action", "detail"]
    list_filter = ["action", ("created_at", admin.DateFieldListFilter)]
    search_fields = [
        "user__email",
        "account__organisation__name",
        "account__department",
    ]
    list_select_related = ["account__organisation", "user"]
    date_hierarchy = "created_at"
    readonly_fields = ("created_at", "account", "user", "action", "share", "detail")
    fields = readonly_fields
    show_full_result_count = False  # counting a long log on every page is slow

    @admin.display(description=_("email address"), ordering="user__email")
    def user_email(self, event: AuditEvent) -> str:
        return event.user.email if event.user else "—"


@admin.register(ScoreRequirement)
class ScoreRequirementAdmin(admin.ModelAdmin):
    list_display = ["account", "exam", "min_overall", "component_minimums", "max_age_months"]
    list_filter = ["exam"]
    search_fields = ["account__organisation__name", "account__department", "exam__code"]
    list_select_related = ["account__organisation", "exam"]
    autocomplete_fields = ["account"]
