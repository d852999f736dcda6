"""The candidate signed in, and their own released results: for the candidates' pages and
for sending results (sharing), which both show a candidate only what is theirs."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from exams.models import Candidate, Result


def get_candidate(request: HttpRequest) -> Candidate:
    """The signed-in user's candidate record, or 403 for users who are not candidates."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    try:
        return user.candidate
    except Candidate.DoesNotExist:
        raise PermissionDenied from None


def candidate_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in as a candidate; passes the Candidate to the view as `candidate`."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        return view(request, *args, candidate=get_candidate(request), **kwargs)

    return wrapper


def get_released_result(candidate: Candidate, result_uuid: UUID, **annotations: Any) -> Result:
    """One of the candidate's own released results, or 404 (also for anyone else's).
    `annotations` (expressions other apps pass, e.g. whether it was shared) ride along in
    the same query."""
    result = get_object_or_404(
        Result.objects.released().select_related("entry__session__exam").annotate(**annotations),
        uuid=result_uuid,
        entry__candidate=candidate,
    )
    result.entry.candidate = candidate  # it is theirs: no join needed to say whose
    return result
