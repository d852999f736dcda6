"""The pages every portal mounts under its own URLs: the unlock link and the undo of an
email change (accounts/views.py). Names stay in the portal's namespace."""

from django.urls import URLPattern, path

from accounts import views


def portal_urls(portal: str) -> list[URLPattern]:
    whose = {"portal": portal}  # the shared views are told whose pages they are
    return [
        path("unlock/", views.unlock_request, whose, name="unlock_request"),
        path("unlock/sent/", views.unlock_sent, whose, name="unlock_sent"),
        path("unlock/<str:token>/", views.unlock, whose, name="unlock"),
        path("email/undo/<str:token>/", views.undo_email_change, whose, name="undo_email_change"),
    ]
