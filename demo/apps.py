from django.apps import AppConfig


class DemoConfig(AppConfig):
    """`make demo`'s data and its loader, kept apart from the service: `load_demo` sets
    published passwords and refuses to run without DEBUG."""

    name = "demo"
    verbose_name = "Demo"
