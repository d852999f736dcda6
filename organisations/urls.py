from django.urls import path
from django.views.generic import TemplateView

from accounts import api as accounts_views
from organisations.views import (
    activity,
    auth,
    inbox,
    landing,
    members,
    preferences,
    requirements,
    signup,
    verify,
)

app_name = "organisations"

urlpatterns = [
    path("", landing.landing, name="landing"),
    path("create/", signup.create_account, name="create"),
    path("join/", signup.join_account, name="join"),
    path("check-email/", signup.check_email, name="check_email"),
    path("confirm/<str:token>/", signup.confirm_email, name="confirm_email"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    *accounts_views.portal_urls(app_name),  # unlock link, undo of an email change
    path("password/forgot/", auth.ForgotPasswordView.as_view(), name="forgot_password"),
    path(
        "password/sent/",
        TemplateView.as_view(template_name="organisations/password_reset_sent.html"),
        name="password_reset_sent",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/done/",
        TemplateView.as_view(template_name="organisations/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("switch/", preferences.switch_account, name="switch"),
    path("settings/", preferences.settings_page, name="settings"),
    path("settings/email/", preferences.change_email, name="change_email"),
    path("settings/password/", preferences.change_password, name="change_password"),
    path("users/", members.users, name="users"),
    path("users/<int:membership_id>/", members.change_member, name="change_member"),
    # Shared results, their export, score requirements and the audit log.
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/export.csv", inbox.export, name="export"),
    path("inbox/<uuid:share_uuid>/", inbox.share_detail, name="share"),
    path("inbox/<uuid:share_uuid>/processed/", inbox.mark_processed, name="process"),
    path("requirements/", requirements.requirements, name="requirements"),
    path("activity/", activity.activity, name="activity"),
    # Verification: one result, or a file of them.
    path("verify/", verify.verify, name="verify"),
    path("verify/bulk/", verify.bulk_verify, name="bulk_verify"),
    path(
        "verify/bulk/<uuid:report_id>/report.csv", verify.bulk_report_csv, name="bulk_verify_report"
    ),
]
