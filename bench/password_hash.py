"""Prints what one password check costs with our hasher and with Django's default Argon2.

Run: DEBUG=1 .venv/bin/python bench/password_hash.py
"""

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

ROUNDS = 20


def per_check_ms(hasher: Argon2PasswordHasher) -> float:
    encoded = hasher.encode("correct horse battery staple", hasher.salt())
    start = time.perf_counter()
    for _ in range(ROUNDS):
        hasher.verify("correct horse battery staple", encoded)
    return (time.perf_counter() - start) / ROUNDS * 1000


for name, hasher in [
    ("OWASP minimum (ours)", OwaspArgon2PasswordHasher()),
    ("Django default", Argon2PasswordHasher()),
]:
    print(
        f"{name:22} m={hasher.memory_cost // 1024} MiB t={hasher.time_cost} "
        f"p={hasher.parallelism}: {per_check_ms(hasher):6.1f} ms per check"
    )
