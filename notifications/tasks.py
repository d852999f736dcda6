from typing import Any

from django_tasks import task

from notifications.api import deliver_email


@task()
def send_email_task(to: str, name: str, context: dict[str, Any], language: str) -> None:
    deliver_email(to, name, context, language)


# Below the default priority: a password reset queued during a release is not kept
# waiting behind 400 batches.
@task(priority=-10)
def send_release_batch(session_id: int) -> int:
    from notifications.release import send_batch

    return send_batch(session_id)


@task()
def watch_release(session_id: int, unsent_before: int) -> int:
    from notifications.release import watch

    return watch(session_id, unsent_before)


@task()
def send_release_notifications(session_id: int) -> int:
    """Kept for tasks queued before the batches existed: sends the whole session."""
    from notifications.release import send_pending

    return send_pending(session_id)
