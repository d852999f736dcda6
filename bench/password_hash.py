"""Prints what one password check costs with our hasher, with each of OWASP's equivalent
minimum Argon2id configurations and with Django's default Argon2 (docs/decisions/0002).

Run: DEBUG=1 .venv/bin/python bench/password_hash.py [--quick] [--json PATH]
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resultbridge.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import Argon2PasswordHasher  # noqa: E402

from accounts.hashers import OwaspArgon2PasswordHasher  # noqa: E402
from bench.report import Figure, write_figures  # noqa: E402

# OWASP Password Storage Cheat Sheet: equivalent minimums, m in KiB, t iterations, p = 1.
OWASP_MINIMUMS = [(47104, 1), (19456, 2), (12288, 3), (9216, 4), (7168, 5)]
PASSWORD = "correct horse battery staple"


def hasher_with(memory_kib: int, iterations: int) -> Argon2PasswordHasher:
    hasher = Argon2PasswordHasher()
    hasher.memory_cost, hasher.time_cost, hasher.parallelism = memory_kib, iterations, 1
    return hasher


def per_check_ms(hasher: Argon2PasswordHasher, rounds: int) -> float:
    """The median CPU time of `rounds` checks: on a shared machine, wall time measures the
    neighbours; the median resists what noise is left."""
    encoded = hasher.encode(PASSWORD, hasher.salt())
    times = []
    for _ in range(rounds):
        start = time.process_time()  # CPU time: the other helpers share the cores
        hasher.verify(PASSWORD, encoded)
        times.append((time.process_time() - start) * 1000)
    return sorted(times)[len(times) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds (CI)")
    parser.add_argument("--json", help="write the figures here (bench/report.py)")
    args = parser.parse_args()
    rounds = 7 if args.quick else 21
    ours = OwaspArgon2PasswordHasher()
    rows = [(f"OWASP m={m} t={t}", hasher_with(m, t)) for m, t in OWASP_MINIMUMS]
    rows += [("ours", ours), ("Django default", Argon2PasswordHasher())]
    figures = []
    for name, hasher in rows:
        ms = per_check_ms(hasher, rounds)
        print(
            f"{name:22} m={hasher.memory_cost:6d} KiB t={hasher.time_cost} "
            f"p={hasher.parallelism}: {ms:6.1f} ms per check"
        )
        figures.append(Figure("login", f"password check, {name}", round(ms, 1), "ms", "", None))
    write_figures(figures, args.json)


if __name__ == "__main__":
    main()
