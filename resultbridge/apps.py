from django.contrib.admin.apps import AdminConfig


class BoardAdminConfig(AdminConfig):
    default_site = "resultbridge.admin.BoardAdminSite"

    def ready(self) -> None:
        super().ready()
        # The deploy checks (collectstatic, compilemessages) register themselves on import.
        from resultbridge import checks  # noqa: F401
