from django.db import models
from django.utils.translation import gettext_lazy as _


class ReleaseNotification(models.Model):
    """The "your results are released" email for one candidate and one session.

    One row per (candidate, session) makes a second release, or a second worker running
    the same task, unable to email anyone twice.
    """

    candidate = models.ForeignKey(
        "exams.Candidate", on_delete=models.CASCADE, related_name="release_notifications"
    )
    session = models.ForeignKey(
        "exams.ExamSession", on_delete=models.CASCADE, related_name="release_notifications"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "session"], name="one_release_notification"
            )
        ]
        verbose_name = _("release notification")
        verbose_name_plural = _("release notifications")

    def __str__(self) -> str:
        return f"{self.candidate_id} / {self.session_id}"
