from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language


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
