"""Exam board staff's admin for shares and invitations: records of what candidates did,
with their consent, so read-only. The directory's admin is in `directory/admin.py`.
"""

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from sharing.models import Invitation, Share

# Read-only still builds a form: without this Django warns of its coming https default.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records of what candidates did: staff look, nobody edits or deletes them here."""

    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Share)
class ShareAdmin(ReadOnlyAdmin):
    list_display = ("result", "account", "status", "created_at", "withdrawn_at")
    list_filter = ("status",)
    list_select_related = (
        "result__entry__candidate",
        "result__entry__session__exam",
        "account__organisation",
    )
    search_fields = ("=result__entry__candidate__candidate_id",)
    raw_id_fields = ("result", "account")
    date_hierarchy = "created_at"


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("organisation_name", "email", "country", "candidate", "created_at", "account")
    list_filter = ("country",)
    list_select_related = ("candidate", "account__organisation")
    search_fields = ("organisation_name", "=candidate__candidate_id")
    raw_id_fields = ("candidate", "account")
    date_hierarchy = "created_at"
    formfield_overrides = URL_FIELDS
