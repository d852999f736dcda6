"""Sessions move to accounts.Session (0004), which names its user: copy every live one
from Django's table, so that nobody is signed out by the upgrade (on results day a
deploy must not send 100,000 candidates back to the sign-in page)."""

from django.contrib.sessions.serializers import JSONSerializer
from django.core import signing
from django.db import migrations
from django.utils import timezone

# Django signs session data with its store's class name; ours was and is `SessionStore`.
SALT = "django.contrib.sessions.SessionStore"
BATCH = 2000


def copy_live_sessions(apps, schema_editor) -> None:  # noqa: ANN001
    Old = apps.get_model("sessions", "Session")
    New = apps.get_model("accounts", "Session")
    User = apps.get_model("accounts", "User")
    live = Old.objects.filter(expire_date__gt=timezone.now()).order_by("pk")
    batch = []
    for old in live.iterator(chunk_size=BATCH):
        batch.append(old)
        if len(batch) == BATCH:
            _copy(batch, New, User)
            batch = []
    _copy(batch, New, User)


def _copy(batch, New, User) -> None:  # noqa: ANN001
    users = {old.pk: _user_id(old.session_data) for old in batch}
    known = set(
        User.objects.filter(pk__in=set(users.values()) - {None}).values_list("pk", flat=True)
    )
    rows = [
        New(
            session_key=old.session_key,
            session_data=old.session_data,
            expire_date=old.expire_date,
            user_id=users[old.pk] if users[old.pk] in known else None,
        )
        for old in batch
        if users[old.pk] is None or users[old.pk] in known  # a deleted user's session ends
    ]
    New.objects.bulk_create(rows, ignore_conflicts=True)


def _user_id(data: str) -> int | None:
    """The signed-in user's id in the session data, or None (signed out, or data that a
    changed SECRET_KEY no longer opens: Django would treat it as empty too)."""
    try:
        return int(signing.loads(data, salt=SALT, serializer=JSONSerializer)["_auth_user_id"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_session_with_its_user"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy_live_sessions, migrations.RunPython.noop)]
