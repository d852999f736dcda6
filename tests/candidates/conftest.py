import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_page_cache() -> None:
    """Each test starts with no rendered page parts kept from another (candidates/pagecache.py)."""
    cache.clear()
