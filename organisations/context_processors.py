from django.http import HttpRequest

from organisations.access import approved_memberships


def rvs(request: HttpRequest) -> dict[str, object]:
    """The account switcher's data on Results Verification Service pages (the memberships
    member_required read for this request: no second query)."""
    membership = getattr(request, "rvs_membership", None)
    if membership is None:
        return {}
    return {"rvs_membership": membership, "rvs_memberships": approved_memberships(request)}
