from django_tasks import task

from notifications.api import deliver_email
from sharing.models import Share


@task()
def notify_share_received(share_id: int) -> bool:
    """Tells the organisation account that a result has arrived (no result in the email).

    Until the verification service has users of its own, the account's contact address
    from the directory is told.
    """
    share = (
        Share.objects.current()
        .select_related("account__organisation", "result__entry__session__exam")
        .filter(pk=share_id)
        .first()
    )
    if share is None or not share.account.email:
        return False
    context = {"account": share.account, "exam": share.result.entry.session.exam}
    deliver_email(share.account.email, "share_received", context, "en")
    return True
