from django.contrib import admin
from django.urls import include, path

from accounts.views import set_language
from resultbridge import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("language/", set_language, name="set_language"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("rvs/", include("organisations.urls")),
    path("", include("sharing.urls")),
    path("", include("statements.urls")),
    path("", include("candidates.urls")),
]

handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error
