from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from limits import api as limits


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "language", "is_staff")
    list_filter = ("is_staff", "is_active", "language")
    search_fields = ("=username", "email", "last_name")
    show_full_result_count = False
    actions = ["unlock_sign_in"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),  # never None in Django; the stubs allow it
        (_("Preferences"), {"fields": ("language", "email_confirmed_at")}),
    )

    @admin.action(description=_("Unlock sign-in"))
    def unlock_sign_in(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """Ends the sign-in lock of the chosen accounts, on every browser."""
        limits.unlock_login(queryset.values_list("username", flat=True))
        self.message_user(request, _("Sign-in unlocked for the chosen accounts."))
