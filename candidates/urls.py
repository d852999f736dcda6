from django.urls import path
from django.views.generic import TemplateView

from accounts import api as accounts_views
from candidates.views import auth, details, pages, password, register, results

app_name = "candidates"

urlpatterns = [
    path("", pages.welcome, name="welcome"),
    path("register/", register.register, name="register"),
    path("confirm-email/<str:token>/", register.confirm_email, name="confirm_email"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    *accounts_views.portal_urls(app_name),  # unlock link, undo of an email change
    path("password/forgot/", password.ForgotPasswordView.as_view(), name="forgot_password"),
    path(
        "password/sent/",
        TemplateView.as_view(template_name="candidates/password_reset_sent.html"),
        name="password_reset_sent",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        password.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/done/",
        TemplateView.as_view(template_name="candidates/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("home/", pages.home, name="home"),
    path("results/<uuid:result_uuid>/", results.result_detail, name="result"),
    path("details/", details.details, name="details"),
    path("details/email/", details.change_email, name="change_email"),
    path("details/password/", details.change_password, name="change_password"),
    path("details/language/", details.change_language, name="change_language"),
    path("exams/", pages.exams_information, name="exams"),
    path("help/", pages.help_page, name="help"),
]
