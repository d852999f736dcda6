"""The one base class for admin pages of records the service writes itself (results and
their revisions, statements, shares, verifications, the audit log): staff read them, and
nobody adds or edits them by hand. Whether they may be deleted is each page's choice."""

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

# Admin forms build URL fields even read-only: without this Django warns of its coming
# https default.
URL_FIELDS: dict[type[models.Field], dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}


class ReadOnlyAdmin(admin.ModelAdmin):
    deletable = False  # True where staff must be able to remove a mistaken record
    show_full_result_count = False  # counting a long table on every page is slow
    formfield_overrides = URL_FIELDS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self.deletable and super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        """A mistaken record is deleted from its own page, one at a time: no "Delete
        selected" beside the list, one click away from deleting a page of results."""
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
