"""One production stack for the production tests: a PostgreSQL database of their own,
migrated and loaded with the board's commands, a real SMTP server, two gunicorn servers
(deploy/gunicorn.conf.py, 2 workers each, separate ports) and two task workers."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.production.stack import ROOT, Database, Inbox, Stack

ENTRIES = """\
candidate_id,secret_number,family_name,given_name,date_of_birth,email,exam_code,session_date,centre
WLK001,5550,WALKER,Aiko,2008-05-01,aiko@example.org,PET,2026-06-13,Tokyo Shinjuku Centre
SMK001,6660,SMOKE,Kenji,2007-09-30,kenji@example.org,FCE,2026-11-14,Osaka Centre
"""
PET_RESULTS = """\
candidate_id,exam_code,session_date,overall_score,reading,writing,listening,speaking
WLK001,PET,2026-06-13,77,71,79,80,78
"""
FCE_RESULTS = """\
candidate_id,exam_code,session_date,overall_score,reading,use_of_english,writing,listening,speaking
SMK001,FCE,2026-11-14,167,166,168,165,170,166
"""


@dataclass
class Production:
    stack: Stack
    inbox: Inbox
    database: Database
    web_a: str
    web_b: str


@pytest.fixture(scope="session")
def production(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Production]:
    database, inbox = Database(), Inbox()
    stack = Stack(database, inbox, tmp_path_factory.mktemp("production"))
    database.create()
    inbox.start()
    try:
        _install(stack)
        web_a = stack.start_web("web-a", workers=2)
        web_b = stack.start_web("web-b", workers=2)
        stack.start_worker("worker-1")
        stack.start_worker("worker-2")
        yield Production(stack, inbox, database, web_a, web_b)
    finally:
        stack.stop()
        inbox.stop()
        database.drop()


def _install(stack: Stack) -> None:
    """The README's production steps, in its order."""
    stack.manage("migrate", "--noinput", "-v0")
    stack.manage("compilemessages", "-v0")
    stack.manage("collectstatic", "--noinput", "-v0")
    stack.manage("load_exams", str(ROOT / "exams" / "catalogue" / "demo.yaml"))
    stack.manage("import_entries", str(write_csv(stack, "entries.csv", ENTRIES)))
    stack.manage("import_results", str(write_csv(stack, "pet.csv", PET_RESULTS)))
    stack.manage("import_results", str(write_csv(stack, "fce.csv", FCE_RESULTS)))


def write_csv(stack: Stack, name: str, text: str) -> Path:
    path = stack.workdir / name
    path.write_text(text, encoding="utf-8")
    return path
