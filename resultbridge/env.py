"""Typed readers for settings that come from environment variables.

Every setting the project reads is listed in `.env.example`. A variable `NAME_FILE`
pointing at a file is read instead of `NAME`, so secrets can come from mounted files.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envstr(name: str, default: str = "") -> str:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in envstr(name, default).split(",") if item.strip()]


def envcolour(name: str, default: str) -> str:
    """A colour like #0b3d91 (it goes into CSS, emails and the PDF, so nothing else)."""
    value = envstr(name, default).strip()
    if (
        len(value) != 7
        or value[0] != "#"
        or not all(c in "0123456789abcdefABCDEF" for c in value[1:])
    ):
        raise ImproperlyConfigured(f"{name} must be a colour like #0b3d91, not {value!r}")
    return value.lower()


def envsecret(name: str, *, required: bool, dev_default: str) -> str:
    """A secret that production must set; development falls back to a fixed dev value."""
    value = envstr(name)
    if value:
        return value
    if required:
        raise ImproperlyConfigured(f"{name} must be set (or {name}_FILE) when DEBUG is off")
    return dev_default
