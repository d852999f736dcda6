from typing import Any

from django_tasks import task

from notifications.api import deliver_email


@task()
def send_email_task(to: str, name: str, context: dict[str, Any], language: str) -> None:
    deliver_email(to, name, context, language)


@task()
def send_release_notifications(session_id: int) -> int:
    from notifications.release import send_pending

    return send_pending(session_id)
