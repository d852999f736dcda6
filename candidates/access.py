from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from exams.models import Candidate


def get_candidate(request: HttpRequest) -> Candidate:
    """The signed-in user's candidate record, or 403 for users who are not candidates."""
    try:
        return request.user.candidate
    except Candidate.DoesNotExist:
        raise PermissionDenied from None


def candidate_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in as a candidate; passes the Candidate to the view as `candidate`."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        return view(request, *args, candidate=get_candidate(request), **kwargs)

    return wrapper
