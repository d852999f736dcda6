from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language


def board(request: HttpRequest) -> dict[str, str]:
    """The exam board's identity, in the page's language."""
    name = settings.BOARD_NAME_JA if get_language() == "ja" else settings.BOARD_NAME_EN
    return {"board_name": name, "board_support_email": settings.BOARD_SUPPORT_EMAIL}
