"""Test settings: the real settings, read from a development environment.

Production behaviour (secure cookies, HSTS, check --deploy) is tested separately by
running `manage.py check --deploy` with a production environment (tests/test_settings.py).
"""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-that-is-long-enough-for-checks")
os.environ.setdefault("SECRET_NUMBER_KEY", "tests-only-secret-number-key")
os.environ.setdefault("SITE_URL", "http://testserver")
os.environ.setdefault("LOG_LEVEL", "ERROR")

from resultbridge.settings import *  # noqa: E402, F403
