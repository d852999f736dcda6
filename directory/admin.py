"""Exam board staff's admin for the organisation directory.

The directory is edited here or re-imported (`import_organisations`); either way every
account's `search_text` follows its organisation's name and aliases.
"""

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.forms import BaseModelFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from directory.models import Organisation, OrganisationAccount
from directory.search import refresh_search_text
from lib.admin import URL_FIELDS
from lib.searchtext import search_words


class AccountInline(admin.TabularInline):
    model = OrganisationAccount
    extra = 0
    fields = ("department", "email", "is_active")
    # An account opens only by approving its application (organisations admin), which
    # checks the addresses and delivers the results waiting for it.
    readonly_fields = ("is_active",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "name_ja", "city", "country", "type")
    list_filter = ("type", "country")
    search_fields = ("name", "name_ja", "aliases")
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
