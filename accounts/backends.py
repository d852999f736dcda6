from typing import Any

from django.contrib.auth.backends import ModelBackend

from accounts.models import User
from accounts.sessions import user_read_with_session
from lib.compiledquery import CompiledQuery

# Read only when the session row did not bring the user (docs/decisions/0010).
_user_with_candidate = CompiledQuery(
    lambda pk: User._default_manager.select_related("candidate").filter(pk=pk),
    (User._meta.get_field("id"), -1),
)


class UserBackend(ModelBackend):
    """Django's backend, taking a signed-in user with their candidate record from the
    query that read the session row (accounts/sessions.py), or else in one query of its
    own: every candidate page needs both (docs/decisions/0010)."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = int(user_id)
        except (TypeError, ValueError):  # a session naming no valid id: signed out
            return None
        user = user_read_with_session(pk)
        if user is None:
            found = _user_with_candidate(pk)
            user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None
