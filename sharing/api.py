"""What other apps use from the sharing app."""

from sharing.search import search_accounts

__all__ = ["search_accounts"]
