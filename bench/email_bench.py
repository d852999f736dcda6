"""Release emails: emails/s from the release to the last email, and exactly-once after kill -9.

Run: .venv/bin/python bench/email_bench.py [--candidates 200000] [--workers 4] [--quick]
     [--json PATH]

On PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/rb_emails_bench;
the bench creates, migrates and fills it, and keeps the candidates for the next run).
A local SMTP server (aiosmtpd) runs in its own process and only counts messages per
recipient. Each run releases one session to every registered candidate and starts
`manage.py db_worker` processes: 1 worker (the baseline, on --baseline-candidates), then
--workers workers, then --workers workers with one of them killed (SIGKILL) when 30 % of
the emails have arrived, on --kill-candidates. Duplicates and missing emails are counted
at the SMTP server.
"""

import argparse
import multiprocessing as mp
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ENV = {
    "DJANGO_SETTINGS_MODULE": "resultbridge.settings",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/rb_emails_bench",
    "DEBUG": "0",  # as in production: DEBUG keeps every query in memory
    "SECRET_KEY": "email-bench-only-secret-key-long-enough-for-checks",
    "SECRET_NUMBER_KEY": "email-bench-only",
    "LOG_LEVEL": "ERROR",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
}
for key, value in ENV.items():
    os.environ.setdefault(key, value)

LOG = Path(tempfile.gettempdir()) / "email-bench-workers.log"
GOAL_RATE = 500.0
KILL_AT = 0.3
MESSAGE_ID = re.compile(rb"^Message-ID:\s*(<[^>\r\n]*>)", re.IGNORECASE | re.MULTILINE)
KILL_CLAIM_TIMEOUT = 10  # seconds: the kill run waits this long for the dead worker's claim


# --- The SMTP server, in its own process -----------------------------------------------


def _serve_smtp(port_out: Connection, commands: Connection, received: Any, last: Any) -> None:
    from aiosmtpd.controller import Controller

    counts: Counter[str] = Counter()
    # A duplicate with the first one's Message-ID is one a receiver can drop; count the others.
    first_ids: dict[str, bytes] = {}
    other_ids = Counter[str]()

    class Counting:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            counts.update(envelope.rcpt_tos)
            found = MESSAGE_ID.search(envelope.content)
            message_id = found.group(1) if found else b""
            for rcpt in envelope.rcpt_tos:
                if first_ids.setdefault(rcpt, message_id) != message_id:
                    other_ids[rcpt] += 1
            with received.get_lock():
                received.value += 1
            last.value = time.time()
            return "250 OK"

    with socket.socket() as probe:  # aiosmtpd needs the port before it listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Counting(), hostname="127.0.0.1", port=port)
    controller.start()
    port_out.send(port)
    while (command := commands.recv()) != "stop":
        if command == "counts":
            commands.send((dict(counts), sum(other_ids.values())))
        elif command == "reset":
            counts.clear()
            first_ids.clear()
            other_ids.clear()
            received.value = 0
    controller.stop()


@dataclass
class SmtpServer:
    process: mp.Process
    commands: Connection
    received: Any
    last: Any
    port: int

    @classmethod
    def start(cls) -> "SmtpServer":
        port_in, port_out = mp.Pipe(duplex=False)
        ours, theirs = mp.Pipe()
        received, last = mp.Value("i", 0), mp.Value("d", 0.0)
        process = mp.Process(
            target=_serve_smtp, args=(port_out, theirs, received, last), daemon=True
        )
        process.start()
        return cls(process, ours, received, last, port_in.recv())

    def counts(self) -> tuple[dict[str, int], int]:
        """Messages per recipient, and how many repeats carried another Message-ID."""
        self.commands.send("counts")
        return self.commands.recv()

    def reset(self) -> None:
        self.commands.send("reset")
        self.counts()  # waits until the reset is done

    def stop(self) -> None:
        self.commands.send("stop")
        self.process.join(10)
        if self.process.is_alive():
            self.process.kill()


# --- The data --------------------------------------------------------------------------


def prepare_database() -> None:
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    admin = f"host={db['HOST']} port={db['PORT'] or 5432} user={db['USER']} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if not exists.fetchone():
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def candidates_session(count: int) -> Any:
    """A session with `count` registered candidates, each with a result (reused if the
    database already holds it; --quick's and the full run's sessions live side by side)."""
    import datetime as dt

    from django.core.management import call_command

    from exams.models import Candidate, Exam, ExamSession

    if not Exam.objects.filter(code="PET").exists():
        call_command("load_exams", str(ROOT / "exams/catalogue/demo.yaml"), verbosity=0)
    day = dt.date(2030, 1, 1) + dt.timedelta(days=count // 1000)
    session = ExamSession.objects.filter(exam__code="PET", date=day).first()
    if session and Candidate.objects.filter(entries__session=session).count() == count:
        return session
    if session:
        wipe(session)
    session = ExamSession.objects.create(exam=Exam.objects.get(code="PET"), date=day)
    make_candidates(session, count)
    return session


def wipe(session: Any) -> None:
    from accounts.models import User
    from exams.models import Candidate

    candidates = Candidate.objects.filter(entries__session=session)
    User.objects.filter(candidate__in=candidates).delete()
    candidates.delete()
    session.delete()


def make_candidates(session: Any, count: int) -> None:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import User
    from exams.models import Candidate, Entry, Result, hash_secret_number

    password, secret = make_password("bench-password-2030"), hash_secret_number("1234")
    band, now, step = session.exam.band_for(60), timezone.now(), 10_000
    started = time.monotonic()
    for start in range(0, count, step):
        ids = [f"B{count // 1000:03d}-{n:07d}" for n in range(start, min(start + step, count))]
        users = User.objects.bulk_create(
            User(
                username=i,
                email=f"{i.lower()}@bench.example",
                password=password,
                language="ja" if n % 3 == 0 else "en",
                first_name="Hanako" if n % 2 else "花子",
                last_name="O'Brien & <Sons>" if n % 50 == 0 else "SATO",
                email_confirmed_at=now,
            )
            for n, i in enumerate(ids)
        )
        candidates = Candidate.objects.bulk_create(
            Candidate(
                candidate_id=u.username,
                secret_number_hash=secret,
                family_name=u.last_name,
                given_name=u.first_name,
                date_of_birth=now.date(),
                user=u,
            )
            for u in users
        )
        entries = Entry.objects.bulk_create(Entry(candidate=c, session=session) for c in candidates)
        Result.objects.bulk_create(
            Result(entry=e, overall_score=60, grade_en=band.grade_en, grade_ja=band.grade_ja)
            for e in entries
        )
    print(f"  made {count:,} registered candidates in {time.monotonic() - started:.0f} s")


def reset(session: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    from exams.models import ExamSession
    from notifications.models import ReleaseNotification

    ReleaseNotification.objects.filter(session=session).delete()
    DBTaskResult.objects.all().delete()  # this database is the bench's own
    ExamSession.objects.filter(pk=session.pk).update(released_at=None)
    session.refresh_from_db()


# --- One run ---------------------------------------------------------------------------


@dataclass
class Run:
    workers: int
    emails: int  # received by the SMTP server
    seconds: float  # from the release to the last email counted
    duplicates: int = 0
    duplicates_new_id: int = 0  # duplicates a receiver could not drop by Message-ID
    missing: int = 0
    worker_cpu: float = 0.0  # CPU seconds of all workers
    smtp_cpu: float = 0.0  # CPU seconds of the SMTP server process
    machine_busy: float = 0.0  # share of both cores busy (everyone's work), 0..1

    @property
    def rate(self) -> float:
        return self.emails / self.seconds if self.seconds else 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def start_workers(count: int, port: int, claim_timeout: int | None) -> list[subprocess.Popen]:
    env = {**os.environ, "EMAIL_PORT": str(port)}
    if claim_timeout is not None:
        env["EMAIL_CLAIM_TIMEOUT"] = str(claim_timeout)
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2", "-v0"]
    log = open(LOG, "a")  # noqa: SIM115 (the workers write to it until they stop)
    return [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        for _ in range(count)
    ]


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.kill()
        worker.wait(10)


def release_and_wait(
    session: Any, smtp: SmtpServer, workers: list[subprocess.Popen], until: int, kill: bool
) -> float:
    """Releases the session; returns the seconds until `until` emails were counted."""
    from exams.api import release_session

    time.sleep(3)  # the workers start (Django's import) before the clock does
    started = time.time()
    release_session(session)
    deadline = time.monotonic() + max(600, until / 50)
    while smtp.received.value < until and time.monotonic() < deadline:
        if kill and smtp.received.value >= until * KILL_AT:
            os.kill(workers[0].pid, signal.SIGKILL)
            workers[0].wait(10)
            print(f"  killed worker {workers[0].pid} at {smtp.received.value:,} emails")
            kill = False
        time.sleep(0.05)
    return smtp.last.value - started


def run(session: Any, smtp: SmtpServer, workers: int, expected: int, **how: Any) -> Run:
    """How long `workers` workers take for the first `until` emails (all by default)."""
    until, kill = how.get("until", expected), how.get("kill", False)
    reset(session)
    smtp.reset()
    processes = start_workers(workers, smtp.port, KILL_CLAIM_TIMEOUT if kill else None)
    smtp_before, (busy_before, total_before) = cpu_seconds(smtp.process.pid), machine_ticks()
    from django.test.utils import override_settings

    # The release books the first watchdog: it must know the workers' claim timeout.
    timeout = override_settings(EMAIL_CLAIM_TIMEOUT=KILL_CLAIM_TIMEOUT) if kill else nullcontext()
    try:
        with timeout:
            seconds = release_and_wait(session, smtp, processes, until, kill)
        if kill:
            time.sleep(2)  # a duplicate would arrive now
        busy, total = machine_ticks()
        worker_cpu = sum(cpu_seconds(p.pid) for p in processes if p.poll() is None)
    finally:
        stop_workers(processes)
    counts, other_ids = smtp.counts()
    result = Run(workers, sum(counts.values()), seconds, worker_cpu=worker_cpu)
    result.smtp_cpu = cpu_seconds(smtp.process.pid) - smtp_before
    result.machine_busy = (busy - busy_before) / max(1, total - total_before)
    if until == expected:
        result.duplicates = sum(n - 1 for n in counts.values() if n > 1)
        result.duplicates_new_id = other_ids
        result.missing = expected - len(counts)
    return result


# --- Figures ---------------------------------------------------------------------------


def figures(baseline: Run, main: Run, killed: Run, note: str) -> list[Any]:
    from bench.report import Figure

    rate_goal = f">= {GOAL_RATE:.0f} emails/s with {main.workers} workers"
    return [
        Figure("emails", "release emails, 1 worker", round(baseline.rate, 1), "emails/s",
               "reported only", None, note=f"first {baseline.emails:,} emails"),
        Figure("emails", f"release emails, {main.workers} workers", round(main.rate, 1),
               "emails/s", rate_goal, main.rate >= GOAL_RATE, baseline=round(baseline.rate, 1),
               note=note),
        Figure("emails", "kill -9 a worker at 30 %: duplicates", killed.duplicates, "emails",
               "= 0", killed.duplicates == 0,
               note=f"{killed.emails:,} emails received; {killed.duplicates_new_id} of the "
               "duplicates with a new Message-ID (the others a receiver drops)"),
        Figure("emails", "kill -9 a worker at 30 %: missing", killed.missing, "emails",
               "= 0", killed.missing == 0,
               note=f"the dead worker's claim is retried after {KILL_CLAIM_TIMEOUT} s"),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--candidates", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--baseline-emails",
        type=int,
        default=20_000,
        help="the 1-worker rate is measured over the first N emails",
    )
    parser.add_argument("--quick", action="store_true", help="5,000 candidates")
    parser.add_argument("--json", metavar="PATH")
    args = parser.parse_args()  # fmt: skip
    count = 5_000 if args.quick else args.candidates
    baseline_emails = 2_000 if args.quick else args.baseline_emails

    import django

    django.setup()
    prepare_database()
    session = candidates_session(count)
    smtp = SmtpServer.start()
    try:
        print(f"{count:,} registered candidates, one release, SMTP on port {smtp.port}")
        base = run(session, smtp, 1, count, until=min(count, baseline_emails))
        print(f"  1 worker: {base.rate:,.0f} emails/s over the first {base.emails:,} emails")
        main = run(session, smtp, args.workers, count)
        print(f"  {args.workers} workers: {main.rate:,.0f} emails/s ({main.seconds:.1f} s)")
        print(
            f"  CPU per email: workers {main.worker_cpu / main.emails * 1000:.2f} ms, SMTP "
            f"server {main.smtp_cpu / main.emails * 1000:.2f} ms; both cores "
            f"{main.machine_busy:.0%} busy (everyone's work)"
        )
        killed = run(session, smtp, args.workers, count, kill=True)
        print(
            f"  kill -9 run: {killed.duplicates} duplicates ({killed.duplicates_new_id} with "
            f"a new Message-ID), {killed.missing} missing"
        )
    finally:
        smtp.stop()
    note = (
        f"{count:,} emails; machine shared with other work (2 cores {main.machine_busy:.0%} "
        f"busy); CPU per email: workers {main.worker_cpu / main.emails * 1000:.2f} ms "
        f"(startup included), SMTP server {main.smtp_cpu / main.emails * 1000:.2f} ms"
    )
    from bench.report import write_figures

    write_figures(figures(base, main, killed, note), args.json)


if __name__ == "__main__":
    main()
