"""The results-day benchmark: runs every bench script and prints one table of figures.

Run: .venv/bin/python bench/run.py [--quick] [--only NAME,...] [--json PATH] [--strict]
(`make bench`, `make bench-quick`)

Each script runs as its own process with `--json <file>` (and `--quick`), against its own
PostgreSQL database rb_bench_<name>, created empty before and dropped after. Its figures
(bench/report.py) become rows of the table; a script that fails, times out or writes no
figures becomes a row "did not run: <reason>" and the others still run. Unmet goals do not
change the exit status (the machine is shared and noisy: read the ratios); a broken
harness does, and so does a script that did not run when --strict is given.
"""

import argparse
import collections
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import scratchdb  # noqa: E402
from report import Figure, read_figures  # noqa: E402

DATABASE_URL = "postgres://postgres@127.0.0.1:5432/rb_bench_{name}"


@dataclass(frozen=True)
class Script:
    name: str  # also the database: rb_bench_<name>
    file: str  # in bench/
    args: tuple[str, ...] = ()  # always passed (before --json/--quick)
    database: bool = True  # False: needs no database (none is created)
    timeout: int = 1800  # seconds, full run
    quick_timeout: int = 150  # seconds, with --quick


# Every benchmark of `make bench`, in the order it runs and the table shows.
SCRIPTS = [
    Script("pages", "pages_bench.py", quick_timeout=180),
    Script("password_hash", "password_hash.py", database=False, quick_timeout=60),
    Script("search", "search_bench.py"),
    Script("inbox", "inbox_bench.py"),
    Script("import", "import_bench.py"),
    Script("emails", "email_bench.py"),
]


@dataclass
class Outcome:
    script: Script
    figures: list[Figure]
    failure: str = ""  # why it did not run; "" when it did
    seconds: float = 0.0


def command(script: Script, json_path: Path, quick: bool) -> list[str]:
    extra = ["--quick"] if quick else []
    return [
        sys.executable,
        str(BENCH / script.file),
        *script.args,
        "--json",
        str(json_path),
        *extra,
    ]


def stop(process: subprocess.Popen[str]) -> None:
    """SIGTERM first, so that the script stops the servers it started; then SIGKILL."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def execute(
    script: Script, json_path: Path, quick: bool, env: dict[str, str]
) -> tuple[int, str, bool]:
    """Runs the script, echoing its lines: (exit status, last line of output, timed out)."""
    limit = script.quick_timeout if quick else script.timeout
    process = subprocess.Popen(  # noqa: S603  # our own scripts
        command(script, json_path, quick),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: stopped with what it started
    )
    fired = threading.Event()

    def time_out() -> None:
        fired.set()
        stop(process)

    timer = threading.Timer(limit, time_out)
    timer.start()
    last: collections.deque[str] = collections.deque(maxlen=1)
    try:
        assert process.stdout is not None
        for line in process.stdout:
            print(f"  {line}", end="", flush=True)
            if line.strip():
                last.append(line.strip())
        code = process.wait()
    finally:
        timer.cancel()
        stop(process)
    return code, last[0] if last else "", fired.is_set()


def run_one(script: Script, quick: bool) -> Outcome:
    path = BENCH / script.file
    if not path.exists():
        return Outcome(script, [], f"bench/{script.file} not found")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    url = DATABASE_URL.format(name=script.name)
    if script.database:
        scratchdb.recreate(url)
        env["DATABASE_URL"] = url
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        json_path = Path(tmp) / f"{script.name}.json"
        start = time.monotonic()
        try:
            code, last, timed_out = execute(script, json_path, quick, env)
        finally:
            if script.database:
                scratchdb.drop(url)
        seconds = time.monotonic() - start
        limit = script.quick_timeout if quick else script.timeout
        if timed_out or code != 0:
            reason = f"timed out after {limit} s" if timed_out else f"exit {code}: {last}"
            return Outcome(script, [], reason, seconds)
        if not json_path.exists():
            return Outcome(script, [], "wrote no figures (no --json file)", seconds)
        try:
            figures = read_figures(json_path)
        except (ValueError, TypeError) as error:
            return Outcome(script, [], f"unreadable figures: {error}", seconds)
    if not figures:
        return Outcome(script, [], "wrote no figures", seconds)
    return Outcome(script, figures, "", seconds)


def number(value: float) -> str:
    if abs(value) >= 100 or value == int(value):
        return f"{value:,.0f}"
    return f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"


MET = {True: "✓", False: "✗", None: "–"}
HEADER = ("area", "measure", "value", "baseline", "ratio", "goal", "met")


def rows(outcomes: list[Outcome]) -> list[tuple[str, ...]]:
    table = []
    for outcome in outcomes:
        if outcome.failure:
            reason = outcome.failure if len(outcome.failure) <= 50 else outcome.failure[:49] + "…"
            table.append((outcome.script.name, f"did not run: {reason}", "", "", "", "", MET[None]))
        for f in outcome.figures:
            baseline = "" if f.baseline is None else f"{number(f.baseline)} {f.unit}"
            ratio = "" if f.ratio is None else f"{f.ratio:.1%}"
            value = f"{number(f.value)} {f.unit}"
            table.append((f.area, f.name, value, baseline, ratio, f.goal, MET[f.met]))
    return table


def print_table(outcomes: list[Outcome]) -> None:
    table = rows(outcomes)
    widths = [max(len(row[i]) for row in [HEADER, *table]) for i in range(len(HEADER))]
    right = {2, 3, 4}  # numbers

    def line(row: tuple[str, ...]) -> str:
        cells = zip(row, widths, strict=True)
        padded = (c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(cells))
        return "  ".join(padded).rstrip()

    print()
    print(line(HEADER))
    print("  ".join("-" * w for w in widths))
    for row in table:
        print(line(row))
    for outcome in outcomes:
        if outcome.failure:
            print(f"  {outcome.script.file} did not run: {outcome.failure}")
        for f in outcome.figures:
            if f.note:
                print(f"  {f.area} / {f.name}: {f.note}")
    goals = [f for o in outcomes for f in o.figures if f.met is not None]
    missing = [o.script.name for o in outcomes if o.failure]
    if missing:
        print(f"{len(missing)} of {len(outcomes)} benchmarks did not run: {', '.join(missing)}")
    print(f"{sum(1 for f in goals if f.met)} of {len(goals)} goals met")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="each script's bounded variant")
    parser.add_argument(
        "--only", help="comma-separated names: " + ", ".join(s.name for s in SCRIPTS)
    )
    parser.add_argument("--json", metavar="PATH", help="also write every figure here")
    parser.add_argument("--strict", action="store_true", help="exit 3 if a script did not run")
    options = parser.parse_args()
    chosen = SCRIPTS
    if options.only:
        names = options.only.split(",")
        unknown = set(names) - {s.name for s in SCRIPTS}
        if unknown:
            parser.error(f"unknown benchmark: {', '.join(sorted(unknown))}")
        chosen = [s for s in SCRIPTS if s.name in names]
    kind = "quick" if options.quick else "full"
    print(f"Results-day benchmark ({kind}); on a shared machine, read the ratios.", flush=True)
    outcomes = []
    for script in chosen:
        shown = " ".join(command(script, Path("<json>"), options.quick)[1:])
        print(f"=== {script.name}: {shown}", flush=True)
        outcome = run_one(script, options.quick)
        failed = f"; did not run: {outcome.failure}" if outcome.failure else ""
        print(f"    ({outcome.seconds:.0f} s{failed})", flush=True)
        outcomes.append(outcome)
    print_table(outcomes)
    if options.json:
        everything = [asdict(f) for o in outcomes for f in o.figures]
        Path(options.json).write_text(json.dumps(everything, ensure_ascii=False, indent=1))
    return 3 if options.strict and any(o.failure for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
