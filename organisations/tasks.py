import datetime as dt

from django_tasks import task

from organisations import notify


@task()
def send_digest(user_id: int, day: str) -> bool:
    return notify.send_digest(user_id, dt.date.fromisoformat(day))


@task()
def finish_arrival_emails(share_id: int) -> int:
    return notify.finish_arrival_emails(share_id)
