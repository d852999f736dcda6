from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from exams.api import Result
from statements.api import statement_for
from statements.pdf import render_statement


def _get_result_for_user(request: HttpRequest, result_uuid: UUID) -> Result:
    """A released result of the signed-in candidate (any released result for exam-board
    staff), or 404: a stranger learns nothing, not even that the result exists."""
    results = Result.objects.released().select_related("entry__candidate", "entry__session__exam")
    if not request.user.is_staff:
        results = results.filter(entry__candidate__user=request.user)
    try:
        return results.get(uuid=result_uuid)
    except Result.DoesNotExist:
        raise Http404 from None


@require_GET
@login_required
@cache_control(private=True, no_store=True)
def download(request: HttpRequest, result_uuid: UUID) -> HttpResponse:
    result = _get_result_for_user(request, result_uuid)
    pdf = render_statement(result, statement_for(result), request.LANGUAGE_CODE)
    candidate_id, exam_code = result.entry.candidate.candidate_id, result.entry.session.exam.code
    filename = f"statement-of-results-{candidate_id}-{exam_code}.pdf"
    # content_disposition_header() returns None only for an inline response without a name.
    disposition = content_disposition_header(True, filename) or "attachment"
    return HttpResponse(
        pdf, content_type="application/pdf", headers={"Content-Disposition": disposition}
    )
