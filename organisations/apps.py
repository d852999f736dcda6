from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Results Verification Service")

    def ready(self) -> None:
        from organisations.notify import notify_members
        from sharing.api import share_delivered

        def on_share_delivered(sender: object, share: Any, **kwargs: object) -> int:
            return notify_members(share)

        share_delivered.connect(on_share_delivered, weak=False, dispatch_uid="rvs-result-arrived")
