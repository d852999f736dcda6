from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id at one of OWASP's equivalent minimum configurations: 7 MiB, 5 iterations,
    1 lane (docs/decisions/0002).

    OWASP lists five settings that resist guessing equally; on our 2-core machines this one
    costs the least CPU per check (bench/password_hash.py), and every sign-in on results
    day is one check. Hashes made with other parameters (the 19 MiB, t = 2 ones of before)
    keep verifying and are upgraded at the next login (Django's must_update).
    """

    algorithm = "argon2"
    time_cost = 5
    memory_cost = 7 * 1024
    parallelism = 1
