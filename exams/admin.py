"""Exam board staff's admin, sized for sessions of 100,000 entries.

Lists never count the whole table (`show_full_result_count = False`), fetch related rows
in the same query, and use raw-id or autocomplete widgets instead of selects listing every
candidate. Results change only through imports (which keep revisions), so their admin
is read-only.
"""

from typing import Any

from django.contrib import admin
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from exams.api import release_session, schedule_release
from exams.importing.catalogue_checks import Problems, check_band_ranges
from exams.models import (
    Candidate,
    Component,
    Entry,
    Exam,
    ExamSession,
    GradeBand,
    Result,
    ResultRevision,
)
from lib.admin import ReadOnlyAdmin

RELEASE_PAGE = "exams/admin_release.html"


class ReleasedFilter(admin.SimpleListFilter):
    """Yes/No on the session's `released_at`; subclasses say where the session is."""

    title = _("released")
    parameter_name = "released"
    released_at = "released_at"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in ("yes", "no"):
            return queryset.filter(**{f"{self.released_at}__isnull": self.value() == "no"})
        return queryset


class EntryReleasedFilter(ReleasedFilter):
    released_at = "session__released_at"


class ResultReleasedFilter(ReleasedFilter):
    released_at = "entry__session__released_at"


class ComponentInline(admin.TabularInline):
    model = Component
    extra = 0
    fields = ("position", "code", "name_en", "name_ja")


class GradeBandFormSet(BaseInlineFormSet):
    """The catalogue file's band rules hold for bands edited here too."""

    def clean(self) -> None:
        super().clean()
        fields = ("min_score", "max_score", "grade_en")
        bands = [
            GradeBand(**{name: form.cleaned_data.get(name) for name in fields})
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        problems = Problems(self.instance.code)
        check_band_ranges(bands, self.instance, problems)
        if problems:
            raise ValidationError(list(problems))


class GradeBandInline(admin.TabularInline):
    model = GradeBand
    formset = GradeBandFormSet
    extra = 0
    fields = ("min_score", "max_score", "grade_en", "grade_ja", "cefr_level")


@admin.register(Exam)
class ExamAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_ja", "score_min", "score_max")
    search_fields = ("code", "name_en", "name_ja")
    inlines = (ComponentInline, GradeBandInline)


@admin.register(ExamSession)
class ExamSessionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "exam", "date", "release_at", "released_at")
    list_filter = ("exam", ReleasedFilter)
    list_select_related = ("exam",)
    search_fields = ("exam__code",)
    date_hierarchy = "date"
    autocomplete_fields = ("exam",)
    # Releasing sends the emails: it goes through the release API (the action below, the
    # schedule, or the release_results command), never by typing a date here.
    readonly_fields = ("released_at",)
    show_full_result_count = False
    actions = ("release_now",)

    def save_model(self, request: HttpRequest, obj: ExamSession, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if "release_at" in form.changed_data and obj.release_at and not obj.is_released:
            # Queue the scheduled release, as `release_results --at` does.
            schedule_release(obj, obj.release_at)

    @admin.action(description=_("Release the results of the selected sessions now"))
    def release_now(
        self, request: HttpRequest, queryset: QuerySet[ExamSession]
    ) -> TemplateResponse | None:
        """Emails go out at once and cannot be called back: a page first says how many."""
        if request.POST.get("confirm") != "yes":
            return self._release_confirmation(request, queryset)
        released = [session for session in queryset if release_session(session)]
        self.message_user(
            request,
            ngettext(
                "Released %(n)d session; the emails are on their way.",
                "Released %(n)d sessions; the emails are on their way.",
                len(released),
            )
            % {"n": len(released)},
        )
        return None

    def _release_confirmation(
        self, request: HttpRequest, queryset: QuerySet[ExamSession]
    ) -> TemplateResponse:
        sessions = [
            (session, Candidate.objects.emailed_at_release(session).distinct().count())
            for session in queryset.select_related("exam")
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Release these results now?"),
            "sessions": sessions,
            "emails": sum(emails for session, emails in sessions if not session.is_released),
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, RELEASE_PAGE, context)


class EntryInline(admin.TabularInline):
    model = Entry
    extra = 0
    fields = ("session", "centre")
    raw_id_fields = ("session",)


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ("candidate_id", "family_name", "given_name", "date_of_birth", "user")
    list_select_related = ("user",)
    search_fields = ("=candidate_id", "^family_name")
    # The Secret Number hash stays out of sight (and out of forms) on purpose.
    fields = ("candidate_id", "family_name", "given_name", "date_of_birth", "email", "user")
    raw_id_fields = ("user",)
    inlines = (EntryInline,)
    show_full_result_count = False


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ("candidate_id_number", "candidate_name", "session", "centre")
    list_filter = ("session__exam", "session", EntryReleasedFilter)
    list_select_related = ("candidate", "session__exam")
    search_fields = ("=candidate__candidate_id", "^candidate__family_name")
    date_hierarchy = "session__date"
    raw_id_fields = ("candidate",)
    autocomplete_fields = ("session",)
    show_full_result_count = False

    @admin.display(description=_("ID Number"), ordering="candidate__candidate_id")
    def candidate_id_number(self, entry: Entry) -> str:
        return entry.candidate.candidate_id

    @admin.display(description=_("name"), ordering="candidate__family_name")
    def candidate_name(self, entry: Entry) -> str:
        return entry.candidate.full_name


class ResultRevisionInline(admin.TabularInline):
    model = ResultRevision
    extra = 0
    fields = (
        "overall_score",
        "grade_en",
        "cefr_level",
        "component_scores",
        "valid_from",
        "replaced_at",
    )
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Result | None = None) -> bool:
        return False


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    deletable = True  # a result imported against the wrong entry
    list_display = (
        "candidate_id_number",
        "exam",
        "session_date",
        "overall_score",
        "grade_en",
        "cefr_level",
        "amended_at",
    )
    list_filter = ("entry__session__exam", "entry__session", ResultReleasedFilter, "cefr_level")
    list_select_related = ("entry__candidate", "entry__session__exam")
    search_fields = ("=entry__candidate__candidate_id", "^entry__candidate__family_name")
    date_hierarchy = "entry__session__date"
    fields = (
        "uuid",
        "entry",
        "overall_score",
        "grade_en",
        "grade_ja",
        "cefr_level",
        "component_scores",
        "imported_at",
        "amended_at",
    )
    inlines = (ResultRevisionInline,)
    show_full_result_count = False

    # Results come from imports, which grade them and keep revisions: no hand edits.
    # (Deleting stays possible, for a result imported against the wrong entry.)

    @admin.display(description=_("ID Number"), ordering="entry__candidate__candidate_id")
    def candidate_id_number(self, result: Result) -> str:
        return result.entry.candidate.candidate_id

    @admin.display(description=_("exam"), ordering="entry__session__exam__code")
    def exam(self, result: Result) -> str:
        return result.entry.session.exam.code

    @admin.display(description=_("session date"), ordering="entry__session__date")
    def session_date(self, result: Result) -> str:
        return result.entry.session.date.isoformat()


@admin.register(ResultRevision)
class ResultRevisionAdmin(ReadOnlyAdmin):
    deletable = True
    list_display = ("result", "overall_score", "grade_en", "valid_from", "replaced_at")
    list_select_related = ("result__entry__candidate", "result__entry__session__exam")
    search_fields = ("=result__entry__candidate__candidate_id",)
    date_hierarchy = "replaced_at"
    raw_id_fields = ("result",)
    show_full_result_count = False

    # Revisions are history: they are written by amending imports and never edited.
