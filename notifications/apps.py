from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from exams.api import results_released
        from notifications.api import queue_release_notifications

        def on_results_released(sender: object, session: Any, **kwargs: object) -> None:
            queue_release_notifications(session)

        results_released.connect(on_results_released, weak=False, dispatch_uid="release-emails")
