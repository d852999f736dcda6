"""Imports 1,000,000 entries and their 1,000,000 results; prints seconds, rows/s, peak memory.

Run: .venv/bin/python bench/import_bench.py [--rows N] [--quick] [--json PATH]

Uses a fresh SQLite file in a temporary directory unless DATABASE_URL is set (point it at
a scratch PostgreSQL database: the bench FLUSHES it, migrates it and adds the candidates).
Each import runs `import_entries` or `import_results` in a child process with DEBUG off,
as in production; its peak RSS is the child's own (os.wait4), Django included. Besides
the wall clock, the CPU seconds of the import process and of its PostgreSQL backend are
printed: on a shared machine they say what an idle one would take.
`--quick` imports 50,000 rows and projects the time for a million from the rate.
"""

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The child processes (--child) inherit the directory, and with it the SQLite file.
TMP = Path(os.environ.get("IMPORT_BENCH_TMP") or tempfile.mkdtemp(prefix="import-bench-"))
os.environ["IMPORT_BENCH_TMP"] = str(TMP)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resultbridge.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP / 'bench.sqlite3'}")
os.environ["DEBUG"] = "0"  # Django then keeps no SQL in memory; the secrets are bench-only
os.environ.setdefault("SECRET_KEY", "import-bench-only-not-secret-" * 2)
os.environ.setdefault("SECRET_NUMBER_KEY", "import-bench-only-secret-number-key")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.report import Figure, write_figures  # noqa: E402
from exams.importing.entries import COLUMNS  # noqa: E402

MILLION = 1_000_000
QUICK_ROWS = 50_000
GOAL_SECONDS = 60  # results, 1,000,000 rows, PostgreSQL
GOAL_ENTRIES_SECONDS = 120
GOAL_RSS_MIB = 250


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


class Import:
    """One run of an import command in a child process: seconds, peak RSS, CPU seconds."""

    def __init__(self, command: str, path: Path, rows: int) -> None:
        child_args = [sys.executable, __file__, "--child", command, str(path)]
        start = time.perf_counter()
        child = subprocess.Popen(child_args, stdout=subprocess.PIPE, text=True)  # noqa: S603
        _pid, status, usage = os.wait4(child.pid, 0)
        self.seconds = time.perf_counter() - start
        assert child.stdout is not None
        *lines, last = child.stdout.read().strip().splitlines() or [""]
        if status != 0:
            raise SystemExit(f"{command} failed: {lines} {last}")
        self.output = " ".join(lines)
        self.rows = rows
        self.rss_mib = usage.ru_maxrss / 1024  # KiB on Linux
        self.client_cpu = usage.ru_utime + usage.ru_stime
        self.server_cpu: float | None = json.loads(last)["server_cpu"]

    @property
    def rate(self) -> float:
        return self.rows / self.seconds

    @property
    def million_seconds(self) -> float:
        return MILLION / self.rate

    def show(self, label: str) -> None:
        server = "?" if self.server_cpu is None else f"{self.server_cpu:.1f}"
        print(
            f"{label:28} {self.rows:8d} rows in {self.seconds:6.1f} s = {self.rate:7.0f} rows/s; "
            f"peak RSS {self.rss_mib:6.1f} MiB; CPU s: import {self.client_cpu:.1f}, "
            f"database {server}\n    {self.output}"
        )


def child(command: str, path: str) -> None:
    """Runs one import here and prints, last, the CPU time its database backend used:
    on a shared machine that says more than the wall clock."""
    call_command(command, path)
    server_cpu = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (pid,) = cursor.fetchone()
        server_cpu = _process_cpu(pid)
    print(json.dumps({"server_cpu": server_cpu}))


def _process_cpu(pid: int) -> float | None:
    """User + system CPU seconds of a local process (None if it is not ours to read)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def figures(entries: Import, results: Import, again: Import, engine: str) -> list[Figure]:
    rows = results.rows
    measured = "measured" if rows == MILLION else f"projected from {rows:,} rows"
    note = f"{engine}; {measured}; shared machine"
    return [
        Figure(
            "import", "results import, 1,000,000 rows", round(results.million_seconds, 1), "s",
            f"<= {GOAL_SECONDS} s on PostgreSQL", results.million_seconds <= GOAL_SECONDS,
            note=note,
        ),
        Figure(
            "import", "results import rate", round(results.rate), "rows/s",
            f">= {MILLION // GOAL_SECONDS:,} rows/s", results.million_seconds <= GOAL_SECONDS,
            note=note,
        ),
        Figure(
            "import", "results import peak RSS", round(results.rss_mib, 1), "MiB",
            f"<= {GOAL_RSS_MIB} MiB", results.rss_mib <= GOAL_RSS_MIB,
            note=f"{rows:,} rows; the child process, Django included",
        ),
        Figure(
            "import", "results import CPU (import process + database backend)",
            round(results.client_cpu + (results.server_cpu or 0), 1), "s", "", None,
            note=f"{rows:,} rows; what an idle machine needs, cores aside",
        ),
        Figure(
            "import", "results re-import (all unchanged) rate", round(again.rate), "rows/s",
            "", None, note=note,
        ),
        Figure(
            "import", "entries import rate", round(entries.rate), "rows/s",
            f">= {MILLION // GOAL_ENTRIES_SECONDS:,} rows/s (1,000,000 in <= "
            f"{GOAL_ENTRIES_SECONDS} s)",
            entries.million_seconds <= GOAL_ENTRIES_SECONDS, note=note,
        ),
        Figure(
            "import", "entries import peak RSS", round(entries.rss_mib, 1), "MiB",
            f"<= {GOAL_RSS_MIB} MiB", entries.rss_mib <= GOAL_RSS_MIB, note=f"{rows:,} rows",
        ),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=MILLION)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_ROWS:,} rows")
    parser.add_argument("--json", metavar="PATH", help="write the figures there")
    parser.add_argument("--child", nargs=2, metavar=("COMMAND", "FILE"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        return child(*options.child)
    rows = QUICK_ROWS if options.quick else options.rows
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"database: {engine}; files in {TMP}")
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("load_exams", str(ROOT / "exams" / "catalogue" / "demo.yaml"), verbosity=0)
    entries_csv, results_csv = write_files(rows)
    for path in (entries_csv, results_csv):
        print(f"{path.name}: {path.stat().st_size / 2**20:.1f} MiB")
    entries = Import("import_entries", entries_csv, rows)
    entries.show("entries (all new)")
    results = Import("import_results", results_csv, rows)
    results.show("results (all new)")
    again = Import("import_results", results_csv, rows)
    again.show("results (again: unchanged)")
    print(
        f"results: {results.million_seconds:.1f} s per 1,000,000 rows (goal <= {GOAL_SECONDS} s); "
        f"entries: {entries.million_seconds:.1f} s per 1,000,000 (goal <= {GOAL_ENTRIES_SECONDS} s)"
    )
    write_figures(figures(entries, results, again, engine), options.json)
    shutil.rmtree(TMP)  # a million rows are 120 MB of CSV


if __name__ == "__main__":
    main()
