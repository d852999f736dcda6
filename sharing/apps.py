from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = _("Sharing results")

    def ready(self) -> None:
        from exams.api import Entry

        post_save.connect(follow_entry, sender=Entry, dispatch_uid="sharing.follow_entry")


def follow_entry(sender: type, instance: Any, **kwargs: Any) -> None:
    """An entry moved to another session (staff, in the admin) takes its shares along:
    Share.session is the session of the share's result's entry."""
    from sharing.models import Share

    if kwargs.get("created"):
        return  # a new entry has no result yet, let alone shares
    Share.objects.filter(result__entry=instance).exclude(session_id=instance.session_id).update(
        session_id=instance.session_id
    )
