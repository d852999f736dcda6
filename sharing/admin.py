"""Exam board staff's admin for the organisation directory, shares and invitations.

The directory is edited here or re-imported (`import_organisations`); either way every
account's `search_text` follows its organisation's name and aliases. Shares and
invitations are records of what candidates did, with their consent: read-only.
"""

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import Q, QuerySet
from django.forms import BaseModelFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lib.searchtext import search_words
from sharing.models import Invitation, Organisation, OrganisationAccount, Share
from sharing.search import refresh_search_text

# Django 6 will assume https for addresses typed without a scheme; so do we, already.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class AccountInline(admin.TabularInline):
    model = OrganisationAccount
    extra = 0
    fields = ("department", "email", "is_active")
    # An account opens only by approving its application (organisations admin), which
    # checks the addresses and delivers the results waiting for it.
    readonly_fields = ("is_active",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "city", "country", "type")
    list_filter = ("type", "country")
    search_fields = ("name", "aliases")
    inlines = (AccountInline,)
    formfield_overrides = URL_FIELDS
    show_full_result_count = False

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: list[BaseModelFormSet], change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        # After the inline accounts: a new alias or name must reach every one of them.
        refresh_search_text([form.instance.pk])


@admin.register(OrganisationAccount)
class OrganisationAccountAdmin(admin.ModelAdmin):
    list_display = (
        "organisation",
        "department",
        "city",
        "country",
        "organisation_type",
        "is_active",
    )
    list_filter = ("organisation__type", "organisation__country", "is_active")
    list_select_related = ("organisation",)
    # Searched through search_text (see get_search_results): "waseda", "早稲田" or "法学部".
    search_fields = ("organisation__name", "department")
    search_help_text = _("Name, department or other name, in any width, case or accents.")
    fields = ("organisation", "department", "email", "is_active", "uuid")
    readonly_fields = ("uuid", "is_active")  # see AccountInline
    autocomplete_fields = ("organisation",)
    show_full_result_count = False

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        words = search_words([search_term]).split()
        matches = Q()
        for word in words:
            matches &= Q(search_text__contains=word)
        return queryset.filter(matches), False

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        obj.refresh_search_text()
        super().save_model(request, obj, form, change)

    @admin.display(description=_("city"), ordering="organisation__city")
    def city(self, account: OrganisationAccount) -> str:
        return account.organisation.city

    @admin.display(description=_("country"), ordering="organisation__country")
    def country(self, account: OrganisationAccount) -> str:
        return account.organisation.country

    @admin.display(description=_("type"), ordering="organisation__type")
    def organisation_type(self, account: OrganisationAccount) -> str:
        return account.organisation.get_type_display()


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
