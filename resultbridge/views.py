from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control


def _darker(colour: str, factor: float = 0.7) -> str:
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c * factor):02x}" for c in channels)


@cache_control(public=True, max_age=3600)
def brand_css(request: HttpRequest) -> HttpResponse:
    """The board's colour as CSS variables: configuration, not a rebuilt stylesheet (and no
    inline style, which the Content Security Policy forbids)."""
    colour = settings.BOARD_PRIMARY_COLOUR
    css = f":root {{ --brand: {colour}; --brand-dark: {_darker(colour)}; }}\n"
    return HttpResponse(css, content_type="text/css; charset=utf-8")
