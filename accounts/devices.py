"""Device cookies (OWASP "Slow down online guessing attacks with device cookies").

A browser that has signed in to an account gets a signed, long-lived cookie naming that
account and a random nonce. Wrong passwords from that browser are counted on their own
(per account and nonce), so a stranger who locks an ID Number out for unknown browsers
cannot lock out its owner on the phone they used before. The cookie grants nothing else:
it is not a session and does not skip the password.
"""

import json
import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse

COOKIE = "rb_device"
SALT = "accounts.devices"
MAX_ACCOUNTS = 5  # a family phone or a school PC: a few accounts per browser, the newest kept


def _max_age() -> int:
    return settings.DEVICE_COOKIE_DAYS * 24 * 60 * 60


def _read(request: HttpRequest) -> dict[str, str]:
    raw = request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=_max_age())
    try:
        found = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    if not isinstance(found, dict):
        return {}
    return {str(k): str(v) for k, v in found.items()}


def device_for(request: HttpRequest, username: str) -> str | None:
    """The nonce this browser holds for `username`, or None if it is unknown to it."""
    return _read(request).get(username)


def remember(request: HttpRequest, response: HttpResponse, username: str) -> None:
    """A fresh nonce for `username` on this browser, after each successful sign-in."""
    known = {k: v for k, v in _read(request).items() if k != username}
    known[username] = secrets.token_urlsafe(16)
    kept = dict(list(known.items())[-MAX_ACCOUNTS:])
    response.set_signed_cookie(
        COOKIE,
        json.dumps(kept, separators=(",", ":")),
        salt=SALT,
        max_age=_max_age(),
        secure=not settings.DEBUG,
        httponly=True,
        samesite="Lax",
    )
