from django_tasks import task

from sharing.models import Share
from sharing.signals import share_delivered


@task()
def notify_share_received(share_id: int) -> int:
    """Tells the account's users that a result has arrived, as each of them chose:
    an email now, or a line in tomorrow morning's digest (the receivers of
    `share_delivered` do). Returns emails sent now."""
    share = (
        Share.objects.current()
        .select_related("account__organisation", "result__entry__session__exam")
        .filter(pk=share_id)
        .first()
    )
    if share is None:
        return 0
    replies = share_delivered.send(sender=Share, share=share)
    # django-stubs types a receiver's reply as str | None; ours return how many were sent.
    return sum(sent for _receiver, sent in replies)  # type: ignore[misc]
