"""Exam board staff's admin for shares and invitations: records of what candidates did,
with their consent, so read-only. The directory's admin is in `directory/admin.py`.
"""

from django.contrib import admin

from lib.admin import ReadOnlyAdmin
from sharing.models import Invitation, Share


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
