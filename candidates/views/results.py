"""One released result: scores, chart, statement, sending, LinkedIn."""

from uuid import UUID

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import get_language

from candidates.scorechart import chart_for
from exams.api import Candidate, Result, candidate_required, get_released_result
from sharing.api import shares_of_result
from statements.api import statement_for

LINKEDIN_ADD_CERTIFICATION = "https://www.linkedin.com/profile/add"


def linkedin_url(result: Result, reference: str) -> str:
    """LinkedIn's documented "add certification to profile" link."""
    session = result.entry.session
    params: dict[str, str | int] = {
        "startTask": "CERTIFICATION_NAME",
        "name": session.exam.name_en,
        "organizationName": settings.BOARD_NAME_EN,
        "issueYear": session.released_at.year if session.released_at else session.date.year,
        "issueMonth": session.released_at.month if session.released_at else session.date.month,
        "certId": reference,
    }
    return f"{LINKEDIN_ADD_CERTIFICATION}?{urlencode(params)}"


@candidate_required
def result_detail(request: HttpRequest, result_uuid: UUID, candidate: Candidate) -> HttpResponse:
    result = get_released_result(candidate, result_uuid)
    exam = result.entry.session.exam
    components = result.component_scores_in_order()
    statement = statement_for(result)
    context = {
        "candidate": candidate,
        "result": result,
        "exam": exam,
        "components": components,
        "chart": chart_for(result),
        "linkedin_url": linkedin_url(result, statement.reference),
        "shares": shares_of_result(result),
        "language": get_language(),
    }
    return render(request, "candidates/result.html", context)
