"""What other apps may call in `statements`."""

from exams.api import Result
from statements.models import Statement, normalize_reference

__all__ = ["Statement", "find_statement", "statement_for"]


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


def find_statement(reference: str) -> Statement | None:
    """The statement with this reference as a person typed it (case, spaces, O for 0)."""
    return (
        Statement.objects.select_related("result__entry__candidate", "result__entry__session__exam")
        .filter(reference=normalize_reference(reference))
        .first()
    )
