from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from lib.admin import ReadOnlyAdmin
from statements.models import Statement, normalize_reference


@admin.register(Statement)
class StatementAdmin(ReadOnlyAdmin):
    """Read-only: a reference is made at first download and must never change, or printed
    statements would stop verifying."""

    list_display = ("reference", "result", "issued_at")
    search_fields = ("=reference",)
    list_select_related = ("result__entry__candidate", "result__entry__session__exam")
    date_hierarchy = "issued_at"
    show_full_result_count = False

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Statement], search_term: str
    ) -> tuple[QuerySet[Statement], bool]:
        # Staff type references from letters and calls: "7k3m 9qxd 2p4r" finds 7K3M-9QXD-2P4R.
        term = normalize_reference(search_term) if search_term else search_term
        return super().get_search_results(request, queryset, term)
