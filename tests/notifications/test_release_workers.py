"""Real `db_worker` processes on a shared SQLite file: one is killed (SIGKILL) in the middle
of a batch, and every candidate still gets exactly one email."""

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.notifications.smtp import Inbox, free_port

REPO = Path(__file__).resolve().parents[2]
CANDIDATES = 300
STALL_AT = 100  # the message during which a worker dies
CLAIM_TIMEOUT = 3  # seconds

MAKE_CANDIDATES = f"""
import datetime as dt
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from accounts.models import User
from exams.models import Candidate, Entry, Exam, ExamSession, Result
session = ExamSession.objects.create(exam=Exam.objects.get(code="PET"), date=dt.date(2026, 6, 13))
password, now = make_password("x"), timezone.now()
users = User.objects.bulk_create(
    User(username=f"C{{n:04d}}", email=f"c{{n:04d}}@example.org", password=password,
         language="ja" if n % 2 else "en", email_confirmed_at=now, last_name=f"N{{n}}")
    for n in range({CANDIDATES})
)
candidates = Candidate.objects.bulk_create(
    Candidate(candidate_id=u.username, family_name=u.last_name, date_of_birth=now.date(), user=u)
    for u in users
)
entries = Entry.objects.bulk_create(Entry(candidate=c, session=session) for c in candidates)
Result.objects.bulk_create(Result(entry=e, overall_score=60, grade_en="Pass") for e in entries)
"""


class StallingInbox(Inbox):
    """Holds the STALL_AT-th message's recipient until the test lets it go."""

    def __init__(self) -> None:
        super().__init__()
        self.rcpts = 0
        self.stalled = threading.Event()
        self.go_on = threading.Event()

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, *rest: Any) -> str:
        self.rcpts += 1
        if self.rcpts == STALL_AT:
            self.stalled.set()
            while not self.go_on.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 The client is gone anyway"
        return await super().handle_RCPT(server, session, envelope, *rest)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[dict[str, str], StallingInbox]]:
    inbox = StallingInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(controller.port),
        "EMAIL_CLAIM_TIMEOUT": str(CLAIM_TIMEOUT),
        "EMAIL_BATCH_SIZE": "50",
        "DJANGO_SETTINGS_MODULE": "resultbridge.settings",
    }
    yield env, inbox
    inbox.go_on.set()
    controller.stop()


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env, check=True, timeout=60)


def worker(env: dict[str, str], name: str) -> subprocess.Popen:
    command = ["manage.py", "db_worker", "--no-reload", "--interval", "0.1", "--worker-id", name]
    return subprocess.Popen([sys.executable, *command], cwd=REPO, env=env)


def running_batch_worker(database: str) -> str | None:
    """The worker id of the one release batch still running, if only one is."""
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT worker_ids FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
            " AND task_path = 'notifications.tasks.send_release_batch'"
        ).fetchall()
    return json.loads(rows[0][0])[-1] if len(rows) == 1 else None


def wait_for(condition: Any, seconds: float) -> Any:
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)
    return value


def test_it_emails_every_candidate_once_when_a_worker_is_killed_mid_batch(site) -> None:
    env, inbox = site
    database = env["DATABASE_URL"].removeprefix("sqlite:///")
    manage(env, "migrate", "-v0")
    manage(env, "load_exams", "exams/catalogue/demo.yaml")
    manage(env, "shell", "-c", MAKE_CANDIDATES)
    workers = {name: worker(env, name) for name in ("first", "second")}
    try:
        manage(env, "release_results", "--exam", "PET", "--session", "2026-06-13")
        assert inbox.stalled.wait(30)
        # The other worker sends every other batch; then the stalled one is the last running.
        stalled = wait_for(lambda: running_batch_worker(database), 30)
        workers[stalled].send_signal(signal.SIGKILL)
        workers[stalled].wait(10)
        inbox.go_on.set()
        wait_for(lambda: len(inbox.counts()) == CANDIDATES, 40)
        time.sleep(CLAIM_TIMEOUT)  # anything sent twice would have come by now
    finally:
        for process in workers.values():
            process.kill()
            process.wait(10)
    counts = inbox.counts()
    assert len(counts) == CANDIDATES
    assert set(counts.values()) == {1}
    with sqlite3.connect(database) as db:
        unsent = "SELECT count(*) FROM notifications_releasenotification WHERE sent_at IS NULL"
        assert db.execute(unsent).fetchone() == (0,)
