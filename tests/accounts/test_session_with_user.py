"""The session row read with its user and candidate in one query (accounts/sessions.py,
docs/decisions/0010): still revocable on the server, still checked by Django, and never
anyone else's user."""

import importlib

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session as DjangoSession
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Session
from accounts.sessions import SessionStore
from exams.api import release_session

HOME = reverse("candidates:home")


def signed_in(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


def result_url(candidate) -> str:  # noqa: ANN001
    return reverse("candidates:result", args=[candidate.entries.get().result.uuid])


def test_it_reads_the_session_with_its_user_and_candidate(owner) -> None:
    key = signed_in(owner.user).cookies["sessionid"].value
    assert Session.objects.get(pk=key).user == owner.user
    with CaptureQueriesContext(connection) as queries:
        user = SessionStore(key).user_of_row()
        assert user == owner.user and user.candidate == owner
    assert len(queries.captured_queries) == 1


def test_it_costs_one_query_before_the_view(owner, pet_session) -> None:
    release_session(pet_session)
    client = signed_in(owner.user)
    client.get(HOME)  # kept whole from now on
    with CaptureQueriesContext(connection) as queries:
        assert owner.full_name in client.get(HOME).text
    first, entries = (q["sql"] for q in queries.captured_queries)
    assert "accounts_session" in first and "accounts_user" in first
    assert "exams_entry" in entries


def test_it_refuses_the_kept_result_page_after_a_password_change(owner, pet_session) -> None:
    release_session(pet_session)
    client, url = signed_in(owner.user), result_url(owner)
    assert client.get(url).status_code == 200  # now kept whole
    owner.user.set_password("a-new-password-elsewhere")  # another browser, another process
    owner.user.save()
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("candidates:login"))
    assert ">85<" not in client.get(url).text


def test_it_refuses_the_kept_page_once_the_session_row_is_gone(owner, pet_session) -> None:
    release_session(pet_session)
    client, url = signed_in(owner.user), result_url(owner)
    assert client.get(url).status_code == 200
    Session.objects.all().delete()  # a sign-out everywhere
    assert client.get(url).status_code == 302
    assert client.get(HOME).status_code == 302


def test_it_refuses_a_deactivated_user(owner, pet_session) -> None:
    release_session(pet_session)
    client = signed_in(owner.user)
    assert client.get(HOME).status_code == 200
    owner.user.is_active = False
    owner.user.save()
    assert client.get(HOME).status_code == 302


def test_it_ends_the_sessions_of_a_deleted_user(owner) -> None:
    signed_in(owner.user)
    owner.user.delete()
    assert not Session.objects.exists()


def test_it_takes_the_user_named_in_the_session_not_a_row_that_disagrees(
    owner, outsider, pet_session
) -> None:
    """The session's signed data says who is signed in; a row naming someone else (no code
    writes one) only costs the backend its own query."""
    release_session(pet_session)
    client = signed_in(owner.user)
    Session.objects.update(user=outsider.user)
    with CaptureQueriesContext(connection) as queries:
        text = client.get(HOME).text
    assert owner.full_name in text and outsider.full_name not in text
    # session, the backend's own user, entries, statements (the page is rendered fresh)
    assert len(queries.captured_queries) == 4


def test_it_gives_each_of_two_alternating_candidates_their_own_pages(
    owner, outsider, pet_session
) -> None:
    release_session(pet_session)
    first, second = signed_in(owner.user), signed_in(outsider.user)
    for _ in range(2):  # one process, pages kept whole, the sessions in turns
        assert ">85<" in first.get(result_url(owner)).text
        mine, theirs = second.get(HOME).text, second.get(result_url(owner))
        assert outsider.full_name in mine and owner.full_name not in mine
        assert theirs.status_code == 404
        assert ">72<" in second.get(result_url(outsider)).text


def test_it_keeps_everyone_signed_in_across_the_upgrade(client, owner) -> None:
    """A session made before accounts.Session existed (Django's table) is copied by the
    migration: the candidate's next page still knows them."""
    old = DjangoStore()
    old.update(
        {
            "_auth_user_id": str(owner.user.pk),
            "_auth_user_backend": settings.AUTHENTICATION_BACKENDS[0],
            "_auth_user_hash": owner.user.get_session_auth_hash(),
        }
    )
    old.create()
    signed_out = DjangoStore()
    signed_out.create()
    Session.objects.all().delete()
    migration = importlib.import_module("accounts.migrations.0005_keep_signed_in_sessions")
    migration.copy_live_sessions(apps, None)
    copied = Session.objects.get(session_key=old.session_key)
    assert copied.user_id == owner.user.pk
    assert Session.objects.get(session_key=signed_out.session_key).user_id is None
    assert DjangoSession.objects.count() == 2  # the old rows are left for Django's own cleanup
    client.cookies[settings.SESSION_COOKIE_NAME] = old.session_key
    assert client.get(HOME).status_code == 200
