"""Statements of Results are issued when results become public, never by a page view."""

import datetime as dt
from importlib import import_module

from django.apps import apps

from exams.api import ExamSession, Result, release_session, results_imported
from statements.models import Statement
from tests.factories import make_candidate

MIGRATION = import_module("statements.migrations.0002_issue_missing_statements")


def test_it_issues_a_statement_to_every_result_at_release(owner, outsider, pet_session) -> None:
    assert not Statement.objects.exists()
    release_session(pet_session)
    issued = Statement.objects.values_list("result__entry__candidate__candidate_id", "reference")
    assert {candidate for candidate, _ in issued} == {"PGD961", "XYZ123"}
    assert len({reference for _, reference in issued}) == 2


def test_it_leaves_other_sessions_alone(owner, pet_session) -> None:
    other = ExamSession.objects.create(exam=pet_session.exam, date=dt.date(2026, 9, 5))
    make_candidate(other, "LATER1", score=70)
    release_session(pet_session)
    assert list(Statement.objects.values_list("result__entry__candidate__candidate_id", flat=True))
    assert not Statement.objects.filter(result__entry__session=other).exists()


def test_it_keeps_the_reference_when_released_results_are_imported_again(
    owner, pet_session
) -> None:
    release_session(pet_session)
    before = Statement.objects.get().reference
    results_imported.send(sender=Result, session_ids=[pet_session.pk])
    assert Statement.objects.get().reference == before


def test_it_issues_statements_to_results_imported_into_a_released_session(
    released_pet,
) -> None:
    late = make_candidate(released_pet, "LATE01", score=77)
    assert not Statement.objects.filter(result__entry__candidate=late).exists()
    results_imported.send(sender=Result, session_ids=[released_pet.pk])
    statement = Statement.objects.get(result__entry__candidate=late)
    assert len(statement.reference) == 14


def test_it_issues_in_the_migration_statements_to_released_results_without_one(
    owner, outsider, pet_session
) -> None:
    release_session(pet_session)
    kept = Statement.objects.get(result__entry__candidate=owner).reference
    Statement.objects.filter(result__entry__candidate=outsider).delete()  # viewed never
    waiting = ExamSession.objects.create(exam=pet_session.exam, date=dt.date(2026, 9, 5))
    make_candidate(waiting, "LATER1", score=70)
    MIGRATION.issue_for_released_results(apps, None)
    assert Statement.objects.get(result__entry__candidate=owner).reference == kept
    assert Statement.objects.filter(result__entry__candidate=outsider).exists()
    assert not Statement.objects.filter(result__entry__session=waiting).exists()
