from django_tasks import task

from sharing.models import Share


@task()
def notify_share_received(share_id: int) -> int:
    """Tells the account's users that a result has arrived, as each of them chose:
    an email now, or a line in tomorrow morning's digest. Returns emails sent now."""
    from organisations.notify import notify_members

    share = (
        Share.objects.current()
        .select_related("account__organisation", "result__entry__session__exam")
        .filter(pk=share_id)
        .first()
    )
    return notify_members(share) if share is not None else 0
