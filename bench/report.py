"""One format for every benchmark's figures, so that `make bench` can print one table.

Each bench script prints its own readable lines and, given `--json PATH`, also writes its
figures there with `write_figures`. `bench/run.py` runs the scripts and reads them back.
A figure with a `baseline` is a ratio goal (value / baseline, e.g. a page's req/s beside
hello-world's in the same run): the ratio is what we hold ourselves to on a noisy machine.
"""

import json
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    area: str  # "pages", "search", "inbox", "import", "emails", "login", ...
    name: str  # what was measured, e.g. "result page, logged in"
    value: float
    unit: str  # "req/s", "ms", "rows/s", "emails/s", "MiB", "s", "%"
    goal: str  # as a person reads it: ">= 25 % of hello-world", "p95 <= 10 ms"
    met: bool | None  # None: reported only, no goal
    baseline: float | None = None  # the same measure of the baseline, same run
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.value / self.baseline


def write_figures(figures: list[Figure], path: str | Path | None) -> None:
    """Writes the figures as JSON to `path` (nothing when `path` is None)."""
    if path is None:
        return
    Path(path).write_text(json.dumps([asdict(f) for f in figures], ensure_ascii=False, indent=1))


def read_figures(path: str | Path) -> list[Figure]:
    return [Figure(**row) for row in json.loads(Path(path).read_text())]
