from django.contrib import admin
from django.urls import include, path

from accounts.views import set_language
from resultbridge.views import brand_css

urlpatterns = [
    path("admin/", admin.site.urls),
    path("language/", set_language, name="set_language"),
    path("brand.css", brand_css, name="brand_css"),
    path("rvs/", include("organisations.urls")),
    path("", include("sharing.urls")),
    path("", include("statements.urls")),
    path("", include("candidates.urls")),
]
