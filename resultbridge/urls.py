from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.views import set_language
from resultbridge.views import brand_css

admin.site.site_header = _("ResultBridge: exam board")
admin.site.site_title = _("ResultBridge exam board")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("language/", set_language, name="set_language"),
    path("brand.css", brand_css, name="brand_css"),
    path("rvs/", include("organisations.urls")),
    path("", include("sharing.urls")),
    path("", include("statements.urls")),
    path("", include("candidates.urls")),
]
