"""One released result: scores, chart, statement, sending, LinkedIn."""

from uuid import UUID

from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from candidates.pagecache import result_summary
from exams.api import Candidate, candidate_required, get_released_result
from sharing.api import Share, shares_of_result


@candidate_required
def result_detail(request: HttpRequest, result_uuid: UUID, candidate: Candidate) -> HttpResponse:
    # The owner check, before any cache; whether it was ever shared comes in the same query.
    shared = Exists(Share.objects.filter(result=OuterRef("pk")))
    result = get_released_result(candidate, result_uuid, shared=shared)
    shares = shares_of_result(result) if result.shared else []  # type: ignore[attr-defined]
    for share in shares:
        share.result = result  # the table names its exam: no query per share
    context = {
        "candidate": candidate,
        "result": result,
        "exam": result.entry.session.exam,
        "summary": result_summary(result),
        "shares": shares,
    }
    return render(request, "candidates/result.html", context)
