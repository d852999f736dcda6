import unicodedata


def normalize_username(raw: str) -> str:
    """Candidates sign in with an ID Number (upper-cased), organisation users with an email
    (lower-cased), so `pgd961`, ` PGD961 ` and the full-width `ＰＧＤ９６１` of Japanese
    keyboards are one account and one lockout counter."""
    value = unicodedata.normalize("NFKC", raw or "").strip()
    return value.lower() if "@" in value else value.upper()
