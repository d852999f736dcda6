from django.urls import path

from organisations.views import verify

urlpatterns = [
    path("verify/", verify.verify, name="verify"),
    path("verify/bulk/", verify.bulk_verify, name="bulk_verify"),
    path(
        "verify/bulk/<uuid:report_id>/report.csv", verify.bulk_report_csv, name="bulk_verify_report"
    ),
]
