from django.conf import settings
from django.contrib.auth import views as auth_views
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from limits import api as limits


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switcher, which also saves the choice on a signed-in user."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    valid = {code for code, _name in settings.LANGUAGES}
    if request.user.is_authenticated and language in valid:
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset view, plus: following the emailed link proves the address and ends a
    lockout (the owner of the mailbox is not the one guessing passwords)."""

    def form_valid(self, form: Form) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        if user.email_confirmed_at is None:
            user.confirm_email(user.email)
        limits.unlock_login([user.username])
        return response
