from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatementsConfig(AppConfig):
    name = "statements"
    verbose_name = _("Statements of Results")

    def ready(self) -> None:
        from exams.api import results_imported, results_released
        from statements.models import Statement

        # Statements are issued when results become public, inside the same transaction:
        # the result page and the PDF then only read (docs/decisions/0010).
        def on_released(sender: object, session: Any, **kwargs: object) -> None:
            Statement.objects.issue_for_sessions([session.pk])

        def on_imported(sender: object, session_ids: list[int], **kwargs: object) -> None:
            Statement.objects.issue_for_sessions(session_ids)

        results_released.connect(on_released, weak=False, dispatch_uid="issue-statements")
        results_imported.connect(on_imported, weak=False, dispatch_uid="issue-statements")
