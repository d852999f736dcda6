"""Django's database sessions (docs/decisions/0010): one query reads the session row with
its user and their candidate record, and sign-in writes the row once.

Every page reads its session by primary key: signing out or changing the password ends the
session on every process and machine at once, which a signed cookie or a per-process cache
could not. The row also names its user (`accounts.models.Session.user`, written with the
row), so the same query brings the user and their candidate record: `UserBackend.get_user`
takes that user instead of reading it again, and Django's `auth.get_user` still checks
the session's auth hash against it (a password change signs out) and `is_active`.

Signing in, Django's store writes the new session twice (an INSERT when the key changes,
an UPDATE for the user's id) after asking whether the random key is taken; here the key
change is only noted and the single INSERT happens when the response is sent. A taken key
fails that INSERT and a new one is drawn, as Django does.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, cast

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import VALID_KEY_CHARS, SessionBase
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone
from django.utils.crypto import get_random_string

from accounts.models import Session, User
from lib.compiledquery import CompiledQuery

# Django's own read of the session (same table, same rule: not yet expired) with the user
# and their candidate, compiled once (lib/compiledquery.py).
_live_session = CompiledQuery(
    lambda key, now: Session.objects.select_related("user__candidate").filter(
        session_key=key, expire_date__gt=now
    ),
    (Session._meta.get_field("session_key"), "sample-key"),
    (Session._meta.get_field("expire_date"), datetime(2000, 1, 1, tzinfo=UTC)),
)


class SessionStore(DatabaseSessionStore):
    _user_of_row: User | None = None

    @classmethod
    def get_model_class(cls) -> type[Session]:
        return Session

    def create_model_instance(self, data: dict[str, Any]) -> Session:
        session = cast(Session, super().create_model_instance(data))
        try:
            session.user_id = int(data[SESSION_KEY])
        except (KeyError, TypeError, ValueError):  # nobody signed in
            session.user_id = None
        return session

    def _get_session_from_db(self) -> Session | None:
        found = _live_session(self.session_key, timezone.now())
        if not found:
            self._session_key = None  # as Django: a new key if anything is stored
            return None
        self._user_of_row = found[0].user
        return found[0]

    def user_of_row(self) -> User | None:
        """The user the stored row names, read with it (None if no row or nobody)."""
        self.get(SESSION_KEY)  # any read of the data loads the row, once per request
        return self._user_of_row

    def _get_new_session_key(self) -> str:
        # 32 characters of 36: 165 bits. create() retries on the (never seen) collision.
        return get_random_string(32, VALID_KEY_CHARS)

    def cycle_key(self) -> None:
        data = dict(self.items())
        old_key = self.session_key
        self._session_key = None  # save() at the end of the request creates the new row
        self._session_cache = data
        self._user_of_row = None
        self.modified = True
        if old_key:
            self.delete(old_key)


# The user read with this request's session row, while Django's auth.get_user runs
# (accounts.middleware): Django hands the backend only the user's id.
_read_with_session: ContextVar[User | None] = ContextVar("user_read_with_session", default=None)


@contextmanager
def user_read_with(session: SessionBase) -> Iterator[None]:
    """Offers UserBackend.get_user the user read with `session`'s row, for the block."""
    user = session.user_of_row() if isinstance(session, SessionStore) else None
    token = _read_with_session.set(user)
    try:
        yield
    finally:
        _read_with_session.reset(token)


def user_read_with_session(user_id: int) -> User | None:
    """The user of this request's session row, if it is the one with `user_id`."""
    user = _read_with_session.get()
    return user if user is not None and user.pk == user_id else None
