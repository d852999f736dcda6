"""Small rules for text that came from a request and is about to be used."""

import unicodedata
from urllib.parse import urlsplit

# Longer than any path of ours with its query; a longer "next" is not one of ours.
MAX_LOCAL_URL = 2000


def without_control_characters(text: str) -> str:
    """`text` without control and format characters (NUL, bidi overrides, zero-width
    spaces): nobody types them on purpose, they match nothing, and PostgreSQL refuses NUL."""
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))


def local_url(target: str) -> str | None:
    """`target` if it is a path on this site ("/rvs/inbox/?page=2"), else None.

    A "next" parameter is where we send the browser after a POST: anything but our own
    path (another host, "//host", "/\\host", a scheme, a bare word, control characters)
    would make us an open redirect or fail, so it is refused and the caller's default used.
    """
    if not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if (
        len(target) > MAX_LOCAL_URL
        or "\\" in target
        or target != without_control_characters(target)
    ):
        return None
    parts = urlsplit(target)
    return target if not (parts.scheme or parts.netloc) else None
