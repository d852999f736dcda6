"""What other apps may call in `statements`."""

from exams.api import Result
from statements.models import Statement, normalize_reference

__all__ = ["Statement", "find_statement", "statement_for", "statements_for"]


def statement_for(result: Result) -> Statement:
    """The result's Statement of Results. Statements are issued when results are released
    or imported into a released session (statements/apps.py), so this reads; it creates
    one only for a result made public some other way (a session released by hand).

    The reference never changes afterwards, so every copy a candidate printed stays
    verifiable. Two creations at once are safe: get_or_create falls back to reading the
    row the other one created.
    """
    statement, _ = Statement.objects.get_or_create(result=result)
    return statement


def statements_for(results: list[Result]) -> dict[int, Statement]:
    """The statements of several results by result id, in one query (and one more per
    result that has none, as `statement_for`)."""
    if not results:
        return {}
    found = {s.result_id: s for s in Statement.objects.filter(result__in=results)}
    for result in results:
        if result.pk not in found:
            found[result.pk] = statement_for(result)
    return found


def find_statement(reference: str) -> Statement | None:
    """The statement with this reference as a person typed it (case, spaces, O for 0)."""
    return (
        Statement.objects.select_related("result__entry__candidate", "result__entry__session__exam")
        .filter(reference=normalize_reference(reference))
        .first()
    )
