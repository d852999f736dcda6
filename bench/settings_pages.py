"""ResultBridge's own settings, with static files collected into a directory of the bench's
choosing (STATIC_ROOT is fixed in resultbridge/settings.py; the bench must not write into
the tree's staticfiles/)."""

import os
from pathlib import Path

from resultbridge.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
