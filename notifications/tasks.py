from typing import Any

from django_tasks import task

from notifications.api import deliver_email


@task()
def send_email_task(to: str, name: str, context: dict[str, Any], language: str) -> None:
    deliver_email(to, name, context, language)
