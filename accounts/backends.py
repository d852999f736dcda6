from typing import Any

from django.contrib.auth.backends import ModelBackend

from accounts.models import User


class UserBackend(ModelBackend):
    """Django's backend, reading a signed-in user with their candidate record in one query:
    every candidate page needs both (docs/decisions/0010)."""

    def get_user(self, user_id: Any) -> User | None:
        try:  # get(), not first(): no ORDER BY to build on every request
            user = User._default_manager.select_related("candidate").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
