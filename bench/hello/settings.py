"""A minimal Django project: one view, Django's usual request middleware, no database."""

SECRET_KEY = "bench-hello-world-not-secret"  # noqa: S105  # serves one static string
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "hello.urls"
WSGI_APPLICATION = "hello.wsgi.application"
INSTALLED_APPS: list[str] = []
DATABASES: dict[str, dict[str, str]] = {}
# What `startproject` gives, less the parts that need a database (sessions, auth, messages).
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
USE_I18N = False
USE_TZ = True
LOGGING = {"version": 1, "root": {"level": "WARNING"}}
