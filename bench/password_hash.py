"""Prints what one password check costs with our hasher and with Django's default Argon2,
and the logins per second that the hash alone would allow on this machine's cores.

Run: .venv/bin/python bench/password_hash.py [--quick] [--json PATH]

The login goal (>= 35/s on 2 cores) is met in practice only if nothing else in the login
path costs as much as the hash: bench/pages_bench.py measures the real login POST.
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
# OWASP's minimum for Argon2id: 19 MiB, 2 iterations, 1 degree of parallelism.
OWASP_MEMORY_KIB, OWASP_TIME = 19 * 1024, 2


def per_check_ms(hasher: Argon2PasswordHasher, rounds: int) -> float:
    encoded = hasher.encode("correct horse battery staple", hasher.salt())
    hasher.verify("correct horse battery staple", encoded)  # warm-up
    start = time.perf_counter()
    for _ in range(rounds):
        hasher.verify("correct horse battery staple", encoded)
    return (time.perf_counter() - start) / rounds * 1000


def parameters(hasher: Argon2PasswordHasher) -> str:
    return f"m={hasher.memory_cost // 1024} MiB t={hasher.time_cost} p={hasher.parallelism}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="PATH", help="write the figures here (bench/report.py)")
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    options = parser.parse_args()
    rounds = 10 if options.quick else 40
    ours, default = OwaspArgon2PasswordHasher(), Argon2PasswordHasher()
    ms, default_ms = per_check_ms(ours, rounds), per_check_ms(default, rounds)
    print(f"OWASP minimum (ours)   {parameters(ours)}: {ms:6.1f} ms per check")
    print(f"Django default         {parameters(default)}: {default_ms:6.1f} ms per check")
    per_second = CORES * 1000 / ms
    print(f"hash alone on {CORES} cores: {per_second:.0f} logins/s at most")
    at_owasp = ours.memory_cost >= OWASP_MEMORY_KIB and ours.time_cost >= OWASP_TIME
    write_figures(
        [
            Figure("login", "password check, our Argon2id", ms, "ms", "", None,
                   note=f"{parameters(ours)}; Django's default {default_ms:.0f} ms"),
            Figure("login", "Argon2id memory", ours.memory_cost / 1024, "MiB",
                   ">= 19 MiB at t >= 2 (OWASP)", at_owasp, note=f"t={ours.time_cost}"),
            Figure("login", f"logins/s on {CORES} cores, hash only", per_second, "req/s",
                   f">= {LOGINS_PER_S}/s", per_second >= LOGINS_PER_S,
                   note="the ceiling: the real login POST is in pages_bench"),
        ],
        options.json,
    )  # fmt: skip


if __name__ == "__main__":
    main()
