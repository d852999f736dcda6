from django.urls import path

from statements import views

app_name = "statements"

urlpatterns = [
    path("results/<uuid:result_uuid>/statement.pdf", views.download, name="download"),
]
