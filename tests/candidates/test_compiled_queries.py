"""The hot pages' queries compiled once (lib/compiledquery.py) return what the ORM returns,
with their related objects loaded, on SQLite and PostgreSQL alike."""

import datetime as dt
from uuid import uuid4

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.backends import UserBackend
from accounts.models import Session
from accounts.sessions import SessionStore
from candidates.views.results import own_released_result
from exams.api import entries_for_home, release_session
from exams.models import Entry, Result
from lib.compiledquery import CompiledQuery
from sharing.models import Share
from tests.factories import share_result


def test_it_reads_the_owners_released_result_as_the_orm_does(owner, released_result) -> None:
    shared = Exists(Share.objects.filter(result=OuterRef("pk")))
    expected = Result.objects.select_related("entry__session__exam").annotate(shared=shared)
    expected = expected.get(pk=released_result.pk)
    result = own_released_result(owner, released_result.uuid)
    assert result.pk == expected.pk and result.uuid == expected.uuid
    assert result.shared is False and expected.shared is False
    with CaptureQueriesContext(connection) as queries:
        session = result.entry.session
        assert (session.released_at, session.exam.name_en) == (
            expected.entry.session.released_at,
            "Preliminary English Test",
        )
        assert result.entry.candidate == owner
        assert result.component_scores == expected.component_scores
    assert queries.captured_queries == []  # everything came with the one query


def test_it_says_whether_the_result_was_shared(owner, released_result, rvs_account) -> None:
    share_result(owner, rvs_account)
    assert own_released_result(owner, released_result.uuid).shared is True


def test_it_answers_404_for_anyone_elses_unreleased_or_unknown_result(
    owner, outsider, pet_session
) -> None:
    result = Result.objects.get(entry__candidate=owner)
    with pytest.raises(Http404):
        own_released_result(owner, result.uuid)  # not released yet
    release_session(pet_session)
    with pytest.raises(Http404):
        own_released_result(outsider, result.uuid)
    with pytest.raises(Http404):
        own_released_result(owner, uuid4())
    assert own_released_result(owner, result.uuid).pk == result.pk


def test_it_lists_the_entries_for_home_as_the_orm_does(owner, outsider, released_pet) -> None:
    released, waiting = entries_for_home(owner)
    assert [r.pk for r in released] == [Entry.objects.get(candidate=owner).result.pk]
    assert waiting == []
    with CaptureQueriesContext(connection) as queries:
        assert released[0].entry.session.exam.code == "PET"
    assert queries.captured_queries == []


def test_it_reads_the_user_with_their_candidate(owner, django_user_model) -> None:
    user = UserBackend().get_user(owner.user.pk)
    assert user == owner.user and user.email == owner.user.email
    with CaptureQueriesContext(connection) as queries:
        assert user.candidate == owner and user.candidate.full_name == owner.full_name
    assert queries.captured_queries == []
    staff = django_user_model.objects.create_user("staff@example.org", password="x" * 12)
    with pytest.raises(django_user_model.candidate.RelatedObjectDoesNotExist):
        UserBackend().get_user(staff.pk).candidate  # noqa: B018  # no candidate: no query
    assert UserBackend().get_user(10**9) is None


def test_it_loads_a_live_session_and_not_an_expired_one(db) -> None:
    store = SessionStore()
    store["answer"] = 42
    store.create()
    assert SessionStore(store.session_key).load() == {"answer": 42}
    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    expired = SessionStore(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None  # a new key if anything is stored, as in Django
    assert SessionStore("no-such-session-key-0123456789").load() == {}


def test_it_refuses_a_sample_it_cannot_place(owner) -> None:
    """A value compared twice has no single place among the parameters: refused at once,
    not run with one copy left at the sample."""
    field = Entry._meta.get_field("candidate")
    twice = CompiledQuery(
        lambda pk: Entry.objects.filter(candidate_id=pk) | Entry.objects.filter(session_id=pk),
        (field, -1),
    )
    with pytest.raises(ValueError, match="must appear once"):
        twice(owner.pk)


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_it_prepares_the_query_on_postgresql(owner, released_result) -> None:
    for _ in range(2):
        assert own_released_result(owner, released_result.uuid).pk == released_result.pk
    found = prepared_statements()
    assert [s for s in found if "exams_result" in s], found


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_it_prepares_nothing_when_told_not_to(owner, released_result, settings) -> None:
    settings.DATABASE_PREPARED_STATEMENTS = False  # behind an older PgBouncer
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # psycopg forgets its own too
    assert own_released_result(owner, released_result.uuid).pk == released_result.pk
    assert prepared_statements() == []
