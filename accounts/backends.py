from typing import Any

from django.contrib.auth.backends import ModelBackend

from accounts.models import User
from lib.compiledquery import CompiledQuery

# Every signed-in page reads its user: compiled once, this read costs 0.27 ms of CPU
# instead of the ORM's 1.07 ms, nearly all query building (docs/decisions/0010).
_user_with_candidate = CompiledQuery(
    lambda pk: User._default_manager.select_related("candidate").filter(pk=pk),
    (User._meta.get_field("id"), -1),
)


class UserBackend(ModelBackend):
    """Django's backend, reading a signed-in user with their candidate record in one query:
    every candidate page needs both (docs/decisions/0010)."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            found = _user_with_candidate(int(user_id))
        except (TypeError, ValueError):  # a session naming no valid id: signed out
            return None
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None
