import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DataError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext

logger = logging.getLogger(__name__)


class ContentSecurityPolicyMiddleware:
    """Adds the Content-Security-Policy header (Django 5.2 has no built-in one)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # The admin ships inline scripts of its own; keep the strict policy elsewhere.
        if not request.path.startswith("/admin/"):
            response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class RequestBodyLimitMiddleware:
    """Refuses a request body larger than REQUEST_BODY_MAX_BYTES with 413 and a page that
    says why, before anything reads it. The proxy in front refuses earlier (README); this
    holds where there is none. Django's own DATA_UPLOAD_* limits stay as the backstop."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads a malformed length as none, so nothing is read
        if length > settings.REQUEST_BODY_MAX_BYTES:
            context = {"megabytes": settings.REQUEST_BODY_MAX_BYTES // (1024 * 1024)}
            return render(request, "request_too_large.html", context, status=413)
        return self.get_response(request)


class PrivatePagesMiddleware:
    """`Cache-Control: private, no-store` on every page, so that no browser history, shared
    computer or proxy keeps a copy of results, details or an organisation's inbox; only the
    public pages in PUBLIC_PAGES, seen signed out, may be cached. A page is private unless
    listed: a new page cannot leak by being forgotten here (docs/decisions/0007)."""

    PUBLIC_PAGES = frozenset(
        {"candidates:welcome", "candidates:exams", "candidates:help", "robots_txt", "favicon"}
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        public = match is not None and match.view_name in self.PUBLIC_PAGES
        if not public or request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class IdleSessionMiddleware:
    """Signs organisation users and staff out after SESSION_IDLE_MINUTES_STAFF without
    activity (they see many candidates' results). Activity pushes the end back, with at
    most one session write a minute. Candidates keep Django's fixed session age
    (SESSION_COOKIE_AGE): no write on their pages, which results day loads most."""

    REFRESHED = "_idle_refreshed"  # when the idle time was last started again (epoch s)

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        # Organisation users sign in with their address, candidates with an ID Number.
        if user.is_authenticated and (user.is_staff or user.signs_in_with_email):
            now = int(time.time())
            if now - request.session.get(self.REFRESHED, 0) >= 60:
                request.session[self.REFRESHED] = now
                request.session.set_expiry(settings.SESSION_IDLE_MINUTES_STAFF * 60)
        return self.get_response(request)


class AdminBadInputMiddleware:
    """A 400 page, not a server error, for values the admin cannot use.

    Django's admin turns a forged id ("a\\x00b", "abc", 10**20) in an action's selection,
    an autocomplete, raw-id or many-to-many field into ValueError, OverflowError or a
    database DataError deep in its widgets and queries, for every model alike. Only staff
    reach these views, and only by sending what no admin page sends: it is their request's
    fault. Logged with the traceback, in case one is ours."""

    BAD_INPUT = (ValueError, OverflowError, ValidationError, DataError)

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        match = getattr(request, "resolver_match", None)
        if match is None or match.app_name != "admin" or not isinstance(exception, self.BAD_INPUT):
            return None
        logger.warning("Admin request refused as bad input: %r", exception, exc_info=exception)
        return HttpResponseBadRequest(
            gettext(
                "The request contained a value that cannot be used here. Go back and try again."
            ),
            content_type="text/plain; charset=utf-8",
        )
