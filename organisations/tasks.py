import datetime as dt

from django_tasks import task

from organisations.notify import send_digest as send_digest_now


@task()
def send_digest(user_id: int, day: str) -> bool:
    return send_digest_now(user_id, dt.date.fromisoformat(day))
