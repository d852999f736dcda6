"""Prints what one password check costs with our hasher, with each of OWASP's equivalent
minimum Argon2id configurations and with Django's default Argon2, and the logins per
second that the hash alone would allow on this machine's cores (docs/decisions/0002).

Run: .venv/bin/python bench/password_hash.py [--quick] [--json PATH]

Times are CPU time (the median of several checks): on a shared machine wall time measures
the neighbours. The login goal (>= 35/s on 2 cores) is met in practice only if nothing
else in the login path costs as much as the hash: bench/pages_bench.py measures the real
login POST.
"""

import argparse
import os
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resultbridge.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import Argon2PasswordHasher  # noqa: E402
from report import Figure, write_figures  # noqa: E402

from accounts.hashers import OwaspArgon2PasswordHasher  # noqa: E402

CORES = 2  # the machine the goal is set for
LOGINS_PER_S = 35
# OWASP Password Storage Cheat Sheet: equivalent minimums, m in KiB, t iterations, p = 1.
OWASP_MINIMUMS = [(47104, 1), (19456, 2), (12288, 3), (9216, 4), (7168, 5)]
PASSWORD = "correct horse battery staple"


def hasher_with(memory_kib: int, iterations: int) -> Argon2PasswordHasher:
    hasher = Argon2PasswordHasher()
    hasher.memory_cost, hasher.time_cost, hasher.parallelism = memory_kib, iterations, 1
    return hasher


def per_check_ms(hasher: Argon2PasswordHasher, rounds: int) -> float:
    """The median CPU time of `rounds` checks."""
    encoded = hasher.encode(PASSWORD, hasher.salt())
    hasher.verify(PASSWORD, encoded)  # warm-up
    times = []
    for _ in range(rounds):
        start = time.process_time()
        hasher.verify(PASSWORD, encoded)
        times.append((time.process_time() - start) * 1000)
    return sorted(times)[len(times) // 2]


def parameters(hasher: Argon2PasswordHasher) -> str:
    return f"m={hasher.memory_cost} KiB t={hasher.time_cost} p={hasher.parallelism}"


def at_an_owasp_minimum(hasher: Argon2PasswordHasher) -> bool:
    """At or above one of OWASP's configurations: as much memory and as many iterations."""
    return hasher.parallelism >= 1 and any(
        hasher.memory_cost >= m and hasher.time_cost >= t for m, t in OWASP_MINIMUMS
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="PATH", help="write the figures here (bench/report.py)")
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    options = parser.parse_args()
    rounds = 7 if options.quick else 21
    for m, t in OWASP_MINIMUMS:
        each = per_check_ms(hasher_with(m, t), rounds)
        print(f"OWASP minimum          m={m} KiB t={t} p=1: {each:6.1f} ms per check")
    ours, default = OwaspArgon2PasswordHasher(), Argon2PasswordHasher()
    ms, default_ms = per_check_ms(ours, rounds), per_check_ms(default, rounds)
    print(f"ours                   {parameters(ours)}: {ms:6.1f} ms per check")
    print(f"Django default         {parameters(default)}: {default_ms:6.1f} ms per check")
    per_second = CORES * 1000 / ms
    print(f"hash alone on {CORES} cores: {per_second:.0f} logins/s at most")
    write_figures(
        [
            Figure("login", "password check, our Argon2id", ms, "ms", "", None,
                   note=f"{parameters(ours)}; Django's default {default_ms:.0f} ms"),
            Figure("login", "Argon2id at an OWASP minimum", ours.memory_cost / 1024, "MiB",
                   "m, t at or above one of OWASP's equivalent minimums",
                   at_an_owasp_minimum(ours), note=f"t={ours.time_cost}"),
            Figure("login", f"logins/s on {CORES} cores, hash only", per_second, "req/s",
                   f">= {LOGINS_PER_S}/s", per_second >= LOGINS_PER_S,
                   note="the ceiling: the real login POST is in pages_bench"),
        ],
        options.json,
    )  # fmt: skip


if __name__ == "__main__":
    main()
