"""Shared results, their export, score requirements and the audit log (under /rvs/)."""

from django.urls import path

from organisations.views import activity, inbox, requirements

urlpatterns = [
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/export.csv", inbox.export, name="export"),
    path("inbox/<uuid:share_uuid>/", inbox.share_detail, name="share"),
    path("inbox/<uuid:share_uuid>/processed/", inbox.mark_processed, name="process"),
    path("requirements/", requirements.requirements, name="requirements"),
    path("activity/", activity.activity, name="activity"),
]
