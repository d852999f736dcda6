from django.apps import AppConfig
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    # "Organisations" in the admin, in the page's language (an existing translation).
    verbose_name = capfirst(_("organisations"))
