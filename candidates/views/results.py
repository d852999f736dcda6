"""One released result: scores, chart, statement, sending, LinkedIn."""

from uuid import UUID

from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from candidates.pagecache import result_summary, result_version, whole_page
from exams.api import Candidate, candidate_required, released_result_query
from sharing.api import Share, shares_of_result

# The owner check, compiled once; whether it was ever shared comes in the same query.
own_released_result = released_result_query(
    shared=Exists(Share.objects.filter(result=OuterRef("pk")))
)


@candidate_required
def result_detail(request: HttpRequest, result_uuid: UUID, candidate: Candidate) -> HttpResponse:
    result = own_released_result(candidate, result_uuid)  # before any cache: 404 if not theirs
    shares = shares_of_result(result) if result.shared else []  # type: ignore[attr-defined]
    for share in shares:
        share.result = result  # the table names its exam: no query per share

    def context() -> dict[str, object]:
        return {
            "candidate": candidate,
            "result": result,
            "exam": result.entry.session.exam,
            "summary": result_summary(result),
            "shares": shares,
        }

    if shares:  # they change without a new version (viewed, withdrawn): never kept whole
        return render(request, "candidates/result.html", context())
    version = result_version(result)
    return whole_page(request, "candidates/result.html", context, candidate.pk, version)
