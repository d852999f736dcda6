"""Query strings for links that keep a page's filters."""

from django.http import QueryDict


def without_page(params: QueryDict) -> str:
    """The filters as a query string without `page`, for the pagination links to carry."""
    kept = params.copy()
    kept.pop("page", None)
    return kept.urlencode()
