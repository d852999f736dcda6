"""Parts of the candidates' pages rendered once and reused (docs/decisions/0010).

A released result does not change: an amendment is a new version (`amended_at`). What a
page shows of it is rendered once per result, version and language, and kept in Django's
cache under a key made of those, so a new version is a new key and nothing is ever
invalidated, in this process or another. Callers pass only what the access helpers
(exams.api.get_released_result, candidate_required) returned for the signed-in
candidate: a fragment is never looked up for anyone but its owner.
"""

import hashlib
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from candidates.scorechart import chart_for
from exams.api import Entry, Result
from statements.api import Statement, statement_for, statements_for

LINKEDIN_ADD_CERTIFICATION = "https://www.linkedin.com/profile/add"

# A day: bounds how long a change to the exam catalogue itself (an exam's name, its
# bands), which is not part of any key, can stay unseen by one process.
TIMEOUT = 24 * 60 * 60


def result_version(result: Result) -> str:
    stamps = (result.imported_at, result.amended_at, result.entry.session.released_at)
    return "-".join(f"{stamp.timestamp():.6f}" if stamp else "0" for stamp in stamps)


def linkedin_url(result: Result, statement: Statement | None = None) -> str:
    """LinkedIn's documented "add certification to profile" link (the certificate's id is
    the Statement of Results reference)."""
    statement = statement or statement_for(result)
    session = result.entry.session
    params: dict[str, str | int] = {
        "startTask": "CERTIFICATION_NAME",
        "name": session.exam.name_en,
        "organizationName": settings.BOARD_NAME_EN,
        "issueYear": session.released_at.year if session.released_at else session.date.year,
        "issueMonth": session.released_at.month if session.released_at else session.date.month,
        "certId": statement.reference,
    }
    return f"{LINKEDIN_ADD_CERTIFICATION}?{urlencode(params)}"


def _cached(key: str, render: Callable[[], str]) -> SafeString:
    # Rendered by our own templates (autoescaped), stored as plain text.
    return mark_safe(cache.get_or_set(key, render, TIMEOUT))  # noqa: S308  # nosec B308 B703


def result_summary(result: Result) -> SafeString:
    """Everything the result page shows about `result` itself: scores, the score chart
    (SVG), the statement's download and LinkedIn links."""
    key = f"candidates:result:{result.uuid}:{result_version(result)}:{get_language()}"

    def render() -> str:
        context = {
            "result": result,
            "exam": result.entry.session.exam,
            "components": result.component_scores_in_order(),
            "chart": chart_for(result),
            "linkedin_url": linkedin_url(result),
        }
        return render_to_string("candidates/result_summary.html", context)

    return _cached(key, render)


def home_state(candidate_pk: int, released: Iterable[Result], waiting: Iterable[Entry]) -> str:
    """Everything the home page's lists are drawn from, as one short digest."""
    parts: list[object] = [candidate_pk, get_language(), settings.TIME_ZONE]
    parts += [(r.uuid, result_version(r)) for r in released]
    parts += [(e.pk, e.session_id, e.session.release_at, e.session.released_at) for e in waiting]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def home_lists(candidate_pk: int, released: list[Result], waiting: list[Entry]) -> SafeString:
    """The home page's released results, each with its actions, and waiting entries."""
    key = f"candidates:home:{home_state(candidate_pk, released, waiting)}"

    def render() -> str:
        statements = statements_for(released)  # one query, only when rendered
        results = [(result, linkedin_url(result, statements[result.pk])) for result in released]
        context = {"results": results, "waiting": waiting}
        return render_to_string("candidates/home_lists.html", context)

    return _cached(key, render)


# Stands in for the CSRF token in a page kept whole; each response gets its own token.
CSRF_PLACEHOLDER = "csrf-token-of-this-request-b5f0c4e1"


def whole_page(
    request: HttpRequest,
    template: str,
    context: Callable[[], dict[str, object]],
    *shown: object,
) -> HttpResponse:
    """The page rendered once per everything it shows (`shown`, its path, the language)
    and kept whole, but for the CSRF token, filled in on every response. Rendering
    base.html and the page (its {% cache %} parts, URLs, translations) cost ~2 ms of CPU
    per view of ~8; a cached page costs a key hash and one cache read (ADR 0010).

    Callers pass what the page shows of the signed-in user, after the owner check. A page
    with messages to show, or a query string, is rendered as usual and not kept: messages
    are shown once, and a query string would let anyone fill the cache.
    """
    if len(get_messages(request)) or request.META.get("QUERY_STRING"):
        return render(request, template, context())
    parts = (request.path, get_language(), settings.TIME_ZONE, *shown)
    key = f"candidates:page:{hashlib.sha256(repr(parts).encode()).hexdigest()[:32]}"
    body = cache.get(key)
    if body is None:
        page = {**context(), "csrf_token": CSRF_PLACEHOLDER}
        body = render_to_string(template, page, request)
        cache.set(key, body, TIMEOUT)
    return HttpResponse(body.replace(CSRF_PLACEHOLDER, get_token(request)))
