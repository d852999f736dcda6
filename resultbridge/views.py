"""The site's own pages outside any app: error pages, robots.txt, the favicon."""

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseServerError,
)
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from resultbridge.context_processors import board


def _error_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    """An error page in the look of the area it was asked for in, with a way back there."""
    rvs = reverse("organisations:landing")
    in_rvs = request.path.startswith(rvs)
    context = {
        "base_template": "organisations/base.html" if in_rvs else "base.html",
        "way_back": rvs if in_rvs else reverse("candidates:welcome"),
    }
    return render(request, template, context, status=status)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, "404.html", 404)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, "403.html", 403)


@requires_csrf_token
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: Django's own page is English and bare; the reason stays in the log."""
    return _error_page(request, "403_csrf.html", 403)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """Like Django's server_error, nothing from the database, the session or the other
    context processors (any may be what failed): only the board's settings."""
    try:
        page: str = loader.render_to_string("500.html", board(request))
    except Exception:  # what failed is what the page needs too (no static files manifest)
        page = "<!doctype html><title>Server error</title><h1>Server error (500)</h1>"
    return HttpResponseServerError(page)


@require_GET
@cache_control(public=True, max_age=86400)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Public pages may be indexed; personal areas and the admin are no business of robots
    (they need a sign-in anyway: this only keeps their sign-in redirects out of indexes)."""
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(public=True, max_age=86400)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever a page's <link rel="icon"> says. Not a
    permanent redirect: in production the icon's name has a hash that a new icon changes."""
    return redirect(static("favicon.svg"))
