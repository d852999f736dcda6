from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.translation import get_language

from notifications.api import board_name


def _logo_url() -> str:
    logo = settings.BOARD_LOGO
    return logo if not logo or logo.startswith("https://") else static(logo)


def board(request: HttpRequest) -> dict[str, object]:
    """The exam board's identity in the page's language, and the lockout rule the pages quote."""
    name = board_name(get_language())
    return {
        "board_name": name,
        "board_support_email": settings.BOARD_SUPPORT_EMAIL,
        "board_logo_url": _logo_url(),
        "login_failure_limit": settings.LOGIN_FAILURE_LIMIT,
        "lockout_minutes": settings.LOGIN_LOCKOUT_MINUTES,
    }
