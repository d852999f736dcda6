"""Django's database sessions (docs/decisions/0010), with two round trips fewer at sign-in.

Every page reads its session by primary key: one indexed query, and signing out or
changing the password ends the session on every process and machine at once, which a
signed cookie or a per-process cache could not. Signing in, Django's store writes the new
session twice (an INSERT when the key changes, an UPDATE for the user's id) after asking
whether the random key is taken; here the key change is only noted and the single INSERT
happens when the response is sent. A taken key fails that INSERT and a new one is drawn,
as Django does.
"""

from datetime import UTC, datetime

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.crypto import get_random_string

from lib.compiledquery import CompiledQuery

# Django's own read of the session (same table, same rule: not yet expired), compiled once:
# 0.30 ms of CPU per page instead of the ORM's 0.89 ms (docs/decisions/0010).
_live_session = CompiledQuery(
    lambda key, now: Session.objects.filter(session_key=key, expire_date__gt=now),
    (Session._meta.get_field("session_key"), "sample-key"),
    (Session._meta.get_field("expire_date"), datetime(2000, 1, 1, tzinfo=UTC)),
)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Session | None:
        found = _live_session(self.session_key, timezone.now())
        if not found:
            self._session_key = None  # as Django: a new key if anything is stored
            return None
        return found[0]

    def _get_new_session_key(self) -> str:
        # 32 characters of 36: 165 bits. create() retries on the (never seen) collision.
        return get_random_string(32, VALID_KEY_CHARS)

    def cycle_key(self) -> None:
        data = dict(self.items())
        old_key = self.session_key
        self._session_key = None  # save() at the end of the request creates the new row
        self._session_cache = data
        self.modified = True
        if old_key:
            self.delete(old_key)
