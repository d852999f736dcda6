from django.contrib import admin

from candidates.models import RegistrationAttempt


@admin.register(RegistrationAttempt)
class RegistrationAttemptAdmin(admin.ModelAdmin):
    list_display = ("created_at", "candidate_id", "ip_address", "succeeded")
    list_filter = ("succeeded",)
    search_fields = ("=candidate_id", "=ip_address")
    date_hierarchy = "created_at"
    show_full_result_count = False

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
