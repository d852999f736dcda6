"""The data of the page benchmark (bench/pages_bench.py); import it after django.setup().

Registered candidates with a released PET result (a third also FCE), all with one
password, created in bulk: one Argon2 hash shared by every user keeps setup to seconds.
"""

import io
import os
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from accounts.api import User
from exams.api import Candidate, Entry, Exam, ExamSession, Result, release_session

ROOT = Path(__file__).resolve().parent.parent
FAMILY = ["SATO", "SUZUKI", "TAKAHASHI", "TANAKA", "WATANABE", "佐藤", "鈴木", "高橋", "田中"]
GIVEN = ["Yui", "Haruto", "Aoi", "Ren", "Hina", "結衣", "陽翔", "葵", "蓮", "陽菜"]
SESSIONS = [("PET", date(2026, 6, 13), 1), ("FCE", date(2026, 11, 14), 3)]  # every n-th


def centre(candidate_id: str) -> str:
    """Each candidate's own exam centre: the result page shows it, so a sample answer
    proves whose page it is."""
    return f"Bench Centre {candidate_id}"


def fill(count: int, password: str) -> None:
    """A migrated database with the catalogue and `count` candidates, sessions released."""
    call_command("migrate", verbosity=0)
    catalogue = ROOT / "exams" / "catalogue" / "demo.yaml"
    call_command("load_exams", str(catalogue), verbosity=0, stdout=io.StringIO())
    rng = random.Random(1010)
    candidates = register(rng, count, password)
    for code, day, every in SESSIONS:
        session = ExamSession.objects.create(exam=Exam.objects.get(code=code), date=day)
        entries = Entry.objects.bulk_create(
            [Entry(candidate=c, session=session, centre=centre(c.candidate_id))
             for c in candidates[::every]],
            batch_size=2000,
        )  # fmt: skip
        Result.objects.bulk_create([result(rng, e, session) for e in entries], batch_size=2000)
        release_session(session)  # as the board does: release emails are queued, not sent
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum would soon do after the load


def register(rng: random.Random, count: int, password: str) -> list[Candidate]:
    """`count` candidates, each with a user who confirmed their address."""
    encoded, now = make_password(password), timezone.now()
    users = User.objects.bulk_create(
        [User(username=f"B{n:07d}", password=encoded, first_name=rng.choice(GIVEN),
              last_name=rng.choice(FAMILY), email=f"b{n:07d}@example.org",
              email_confirmed_at=now)
         for n in range(count)],
        batch_size=2000,
    )  # fmt: skip
    return Candidate.objects.bulk_create(
        [Candidate(candidate_id=u.username, secret_number_hash="x" * 64, user=u,
                   family_name=u.last_name, given_name=u.first_name, email=u.email,
                   date_of_birth=date(2005, 1, 1) + timedelta(days=rng.randrange(1500)))
         for u in users],
        batch_size=2000,
    )  # fmt: skip


def result(rng: random.Random, entry: Entry, session: ExamSession) -> Result:
    exam = session.exam
    scores = {c.code: rng.randint(exam.score_min, exam.score_max) for c in exam.components.all()}
    overall = round(sum(scores.values()) / len(scores))
    band = exam.band_for(overall)
    return Result(
        entry=entry, overall_score=overall, component_scores=scores,
        grade_en=band.grade_en if band else "", grade_ja=band.grade_ja if band else "",
        cefr_level=band.cefr_level if band else "",
    )  # fmt: skip


def prepare_static() -> None:
    """What production runs before serving: collectstatic (into BENCH_STATIC_ROOT, see
    bench/settings_pages.py) and compilemessages."""
    call_command("collectstatic", interactive=False, verbosity=0)
    subprocess.run(  # noqa: S603  # the project's own manage.py
        [sys.executable, "manage.py", "compilemessages", "-v0", "--ignore=.venv*"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "resultbridge.settings"},
        check=True,
    )
