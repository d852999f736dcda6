from django.urls import path

from candidates.views import pages

app_name = "candidates"

urlpatterns = [
    path("", pages.welcome, name="welcome"),
]
