from django.http import HttpRequest


def normalize_username(raw: str) -> str:
    """Candidates sign in with an ID Number (upper-cased), organisation users with an email
    (lower-cased), so `pgd961` and ` PGD961 ` are one account and one lockout counter."""
    value = (raw or "").strip()
    return value.lower() if "@" in value else value.upper()


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """The username django-axes counts failures against (AXES_USERNAME_CALLABLE)."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalize_username(raw)
