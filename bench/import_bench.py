"""Imports 100,000 entries and their 100,000 results and prints rows/second and memory.

Run: .venv/bin/python bench/import_bench.py [--rows N] [--tracemalloc]

Uses a fresh SQLite file in a temporary directory unless DATABASE_URL is set (point it at
a scratch PostgreSQL database: the bench migrates it and adds 100,000 candidates).
DEBUG is turned off after start-up, as in production, so that Django does not keep every
SQL statement in memory. `--tracemalloc` also reports the Python heap's peak per import
(slower: tracing costs time).
"""

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="import-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resultbridge.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP / 'bench.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from exams.importing.entries import COLUMNS  # noqa: E402

# (exam, session date, scale, components)
SESSIONS = [
    ("PET", date(2026, 6, 13), (0, 100), ["reading", "writing", "listening", "speaking"]),
    ("KET", date(2026, 6, 13), (100, 150), ["reading", "writing", "listening", "speaking"]),
    (
        "FCE",
        date(2026, 6, 20),
        (140, 190),
        ["reading", "use_of_english", "writing", "listening", "speaking"],
    ),
]
COMPONENTS = ["reading", "writing", "listening", "speaking", "use_of_english"]
FAMILY_NAMES = ["山田", "佐藤", "鈴木", "TANAKA", "SMITH", "高橋", "WATANABE"]


def write_files(rows: int) -> tuple[Path, Path]:
    """Streams both CSVs to disk, row by row, as an exam board's export would."""
    rng = random.Random(961)
    entries, results = TMP / "entries.csv", TMP / "results.csv"
    with (
        entries.open("w", newline="", encoding="utf-8") as e,
        results.open("w", newline="", encoding="utf-8") as r,
    ):
        entry_writer, result_writer = csv.writer(e), csv.writer(r)
        entry_writer.writerow(COLUMNS)
        result_writer.writerow(
            ["candidate_id", "exam_code", "session_date", "overall_score", *COMPONENTS]
        )
        for number in range(rows):
            exam, day, scale, components = SESSIONS[number % len(SESSIONS)]
            candidate_id = f"RB{number:07d}"
            entry_writer.writerow(_entry(rng, candidate_id, exam, day))
            result_writer.writerow(_result(rng, candidate_id, exam, day, scale, components))
    return entries, results


def _entry(rng: random.Random, candidate_id: str, exam: str, day: date) -> list[str]:
    birth = date(2000 + rng.randrange(10), rng.randrange(1, 13), rng.randrange(1, 29))
    secret = f"{rng.randrange(10**8):08d}"
    email = f"{candidate_id.lower()}@example.org" if rng.random() < 0.5 else ""
    family = rng.choice(FAMILY_NAMES)
    return [
        candidate_id,
        secret,
        family,
        "花子",
        birth.isoformat(),
        email,
        exam,
        day.isoformat(),
        "Tokyo",
    ]


def _result(
    rng: random.Random,
    candidate_id: str,
    exam: str,
    day: date,
    scale: tuple[int, int],
    components: list[str],
) -> list[str | int]:
    scores = {code: rng.randint(*scale) for code in components}
    overall = round(sum(scores.values()) / len(scores))
    return [
        candidate_id,
        exam,
        day.isoformat(),
        overall,
        *(scores.get(code, "") for code in COMPONENTS),
    ]


def measure(label: str, rows: int, trace: bool, run: Callable[[], None]) -> None:
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    heap = ""
    if trace:
        heap = f", Python heap peak {tracemalloc.get_traced_memory()[1] / 2**20:6.1f} MiB"
        tracemalloc.stop()
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(
        f"{label:28} {rows:7d} rows in {seconds:6.1f} s = {rows / seconds:7.0f} rows/s; "
        f"process max RSS {maxrss:6.1f} MiB{heap}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--tracemalloc", action="store_true")
    options = parser.parse_args()
    settings.DEBUG = False  # see the module docstring
    print(f"database: {settings.DATABASES['default']['ENGINE']}; files in {TMP}")
    call_command("migrate", verbosity=0)
    call_command("load_exams", str(ROOT / "exams" / "catalogue" / "demo.yaml"))
    entries, results = write_files(options.rows)
    for path in (entries, results):
        print(f"{path.name}: {path.stat().st_size / 2**20:.1f} MiB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"max RSS before the imports: {rss:.1f} MiB")
    rows, trace = options.rows, options.tracemalloc
    measure("entries (all new)", rows, trace, lambda: call_command("import_entries", str(entries)))
    measure(
        "entries (again: updates)",
        rows,
        trace,
        lambda: call_command("import_entries", str(entries)),
    )
    measure("results (all new)", rows, trace, lambda: call_command("import_results", str(results)))
    measure(
        "results (again: unchanged)",
        rows,
        trace,
        lambda: call_command("import_results", str(results)),
    )


if __name__ == "__main__":
    main()
