"""ResultBridge settings. Every value comes from an environment variable (see .env.example)."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from resultbridge.env import envbool, envcolour, envint, envlist, envsecret, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

# Production is the default: the demo and the tests turn DEBUG on explicitly.
DEBUG = envbool("DEBUG", False)
SECRET_KEY = envsecret("SECRET_KEY", required=not DEBUG, dev_default="dev-only-not-secret-" * 3)
# Keyed hash of Secret Numbers: a separate key so that rotating SECRET_KEY (sessions,
# signed links) does not invalidate every Secret Number on file.
SECRET_NUMBER_KEY = envsecret(
    "SECRET_NUMBER_KEY", required=not DEBUG, dev_default="dev-only-secret-number-key"
)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "resultbridge.apps.BoardAdminConfig",  # Django's admin with the sign-in lockout
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "django_countries",
    "limits",
    "accounts",
    "exams",
    "candidates",
    "notifications",
    "statements",
    "directory",
    "sharing",
    "organisations",
    "demo",  # `make demo`'s loader; refuses to run without DEBUG
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed here, with Django's BREACH padding (docs/decisions/0015); whitenoise
    # above serves static files compressed ahead of time.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "accounts.middleware.AuthenticationMiddleware",  # user read with the session row
    "accounts.middleware.UserLanguageMiddleware",
    # Too large a body, idle sessions, no caching of personal pages, the admin's bad input.
    "resultbridge.middleware.RequestBodyLimitMiddleware",
    "resultbridge.middleware.IdleSessionMiddleware",
    "resultbridge.middleware.PrivatePagesMiddleware",
    "resultbridge.middleware.AdminBadInputMiddleware",
    "resultbridge.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "resultbridge.urls"
WSGI_APPLICATION = "resultbridge.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "resultbridge.context_processors.board",
                "organisations.context_processors.rvs",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'resultbridge.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
    )
}
# Behind PgBouncer in transaction pooling mode a cursor cannot outlive its transaction:
# .iterator() then fetches its whole result at once (deploy/README.md, PgBouncer).
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = envbool(
    "DATABASE_DISABLE_SERVER_SIDE_CURSORS", False
)
# The hot pages' queries (lib/compiledquery.py) as server-side prepared statements: most
# of PostgreSQL's work on them was planning (docs/decisions/0010). Django's own cursors
# bind on the client and never prepare, whatever the threshold. Behind PgBouncer in
# transaction pooling this needs PgBouncer >= 1.21 with max_prepared_statements, or 0 here.
DATABASE_PREPARED_STATEMENTS = envbool("DATABASE_PREPARED_STATEMENTS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    prepare_threshold = 1 if DATABASE_PREPARED_STATEMENTS else None
    DATABASES["default"]["OPTIONS"] = {"prepare_threshold": prepare_threshold}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the worker share one SQLite file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# Each process keeps rendered parts of the candidates' pages in its own memory. Safe only
# because every key names the version it was rendered from (a result's uuid, import and
# amendment times, the language): nothing is invalidated, so no process needs to hear of
# another's changes (docs/decisions/0010). About 10 kB an entry.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Django's ModelBackend, reading the user and their candidate record in one query.
AUTHENTICATION_BACKENDS = ["accounts.backends.UserBackend"]
# Argon2id at one of OWASP's minimums (7 MiB, 5 iterations, 1 lane): docs/decisions/0002.
PASSWORD_HASHERS = ["accounts.hashers.OwaspArgon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "candidates:login"
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_TIMEOUT", 60 * 60 * 24)
EMAIL_CONFIRMATION_MAX_AGE = envint("EMAIL_CONFIRMATION_MAX_AGE", 60 * 60 * 24 * 7)
# The link sent to the old address when the address changes: it undoes the change.
EMAIL_CHANGE_UNDO_MAX_AGE = envint("EMAIL_CHANGE_UNDO_MAX_AGE", 60 * 60 * 24 * 14)

# Sign-in lockout, as the guide says: more than three wrong passwords, 30 minutes; browsers
# that signed in before count on their own (docs/decisions/0006).
LOGIN_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 4)
LOGIN_LOCKOUT_MINUTES = envint("LOGIN_LOCKOUT_MINUTES", 30)
# How long a browser stays "known" to an account after signing in (device cookie).
DEVICE_COOKIE_DAYS = envint("DEVICE_COOKIE_DAYS", 400)
# Emails that anyone can ask for (password reset, unlock link, invitation), per hour.
EMAILS_PER_RECIPIENT = envint("EMAILS_PER_RECIPIENT", 3)
EMAILS_PER_ADDRESS = envint("EMAILS_PER_ADDRESS", 20)

# The client address: forwarded headers count only from these proxies (limits/clientip.py).
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES")
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)

# Request bodies: the bulk verification CSV (2 MB, organisations/forms/verify.py) with its
# multipart wrapping fits; anything larger gets a 413 page (the proxy refuses it first).
REQUEST_BODY_MAX_BYTES = envint("REQUEST_BODY_MAX_BYTES", 3 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_BYTES  # an accepted CSV never goes to disk
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000  # an admin list sends one per ticked row (100 a page)
DATA_UPLOAD_MAX_NUMBER_FILES = 1  # one CSV at a time

# Organisation users and staff (many candidates' results) are signed out after this long
# without a request; candidates (their own results, mostly on a phone) this long after
# signing in (docs/decisions/0007).
SESSION_IDLE_MINUTES_STAFF = envint("SESSION_IDLE_MINUTES_STAFF", 30)
SESSION_COOKIE_AGE = envint("SESSION_DAYS_CANDIDATE", 14) * 24 * 60 * 60
# Database sessions read by primary key, written once at sign-in (docs/decisions/0010).
SESSION_ENGINE = "accounts.sessions"
# Invitations a candidate may send to organisations, per day (on top of EMAILS_PER_*).
INVITATIONS_PER_CANDIDATE = envint("INVITATIONS_PER_CANDIDATE", 5)

# Guessing Secret Numbers (docs/decisions/0003). Wrong ones are counted for
# SECRET_GUESS_WINDOW_MINUTES from the first; reaching a *_DOB_AFTER_* count makes
# registration or verification ask the date of birth too, for one window. Nothing stops a
# candidate who has their Confirmation of Entry; the pauses stop only whoever failed.
SECRET_GUESS_WINDOW_MINUTES = envint("SECRET_GUESS_WINDOW_MINUTES", 60)
# One ID Number, registration and verification together.
DOB_AFTER_WRONG_SECRETS_PER_ID = envint("DOB_AFTER_WRONG_SECRETS_PER_ID", 3)
REGISTRATION_DOB_AFTER_WRONG_PER_ADDRESS = envint("REGISTRATION_DOB_AFTER_WRONG_PER_ADDRESS", 10)
REGISTRATION_DOB_AFTER_WRONG_TOTAL = envint("REGISTRATION_DOB_AFTER_WRONG_TOTAL", 100)
VERIFY_DOB_AFTER_WRONG_TOTAL = envint("VERIFY_DOB_AFTER_WRONG_TOTAL", 100)
# Pauses: one client address (registration); one user, one organisation account, and one
# account's tries at one Statement of Results reference (verification).
REGISTRATION_PAUSE_AFTER_WRONG_PER_ADDRESS = envint(
    "REGISTRATION_PAUSE_AFTER_WRONG_PER_ADDRESS", 30
)
VERIFY_PAUSE_AFTER_WRONG_PER_USER = envint("VERIFY_PAUSE_AFTER_WRONG_PER_USER", 5)
VERIFY_PAUSE_AFTER_WRONG_PER_ACCOUNT = envint("VERIFY_PAUSE_AFTER_WRONG_PER_ACCOUNT", 50)
VERIFY_PAUSE_AFTER_WRONG_PER_REFERENCE = envint("VERIFY_PAUSE_AFTER_WRONG_PER_REFERENCE", 5)


LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ja", _("Japanese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# "13 June 2026", "3 Dec 2026, 10:00 JST"; 2026年6月13日 (resultbridge/formats/).
FORMAT_MODULE_PATH = ["resultbridge.formats"]
TIME_ZONE = envstr("TIME_ZONE", "Asia/Tokyo")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where `collectstatic` writes (whitenoise serves it from there).
STATIC_ROOT = BASE_DIR / envstr("STATIC_ROOT", "staticfiles")  # relative to the checkout
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "resultbridge.brand.BrandFinder",  # css/board.css: site.css in BOARD_PRIMARY_COLOUR
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "notifications.backends.EmlFileBackend"  # one .eml a message, named by its subject
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = envstr("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "emails"))
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "ResultBridge <results@example.org>")
# Bulk emails (release, organisations' notices and digests) are claimed before they are
# sent: a claim older than EMAIL_CLAIM_TIMEOUT seconds without a send is taken again
# (docs/decisions/0011). One SMTP connection and one rendering per EMAIL_BATCH_SIZE emails.
EMAIL_CLAIM_TIMEOUT = envint("EMAIL_CLAIM_TIMEOUT", 300)
EMAIL_BATCH_SIZE = envint("EMAIL_BATCH_SIZE", 500)
EMAIL_MAX_ATTEMPTS = envint("EMAIL_MAX_ATTEMPTS", 5)

# The exam board's identity: configuration, not code.
BOARD_NAME_EN = envstr("BOARD_NAME_EN", "ResultBridge Exam Board")
BOARD_NAME_JA = envstr("BOARD_NAME_JA", "リザルトブリッジ試験機構")
BOARD_SUPPORT_EMAIL = envstr("BOARD_SUPPORT_EMAIL", "support@example.org")
# Header, buttons, emails and the PDF take this colour; white text must read on it.
BOARD_PRIMARY_COLOUR = envcolour("BOARD_PRIMARY_COLOUR", "#0b3d91")
# A logo shown in the page header and emails: a path under static/ or an https URL.
BOARD_LOGO = envstr("BOARD_LOGO", "")

# Security: safe by default, relaxed only where the demo runs on plain http.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_TLS_PROXY", False) else None
)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60  # the switcher's choice outlives the browser session
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Nothing here needs a camera, a location or any other powerful feature: none is allowed.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media",
        "fullscreen", "geolocation", "gyroscope", "magnetometer", "microphone", "midi",
        "payment", "publickey-credentials-get", "screen-wake-lock", "usb",
        "xr-spatial-tracking", "browsing-topics",
    )
}  # fmt: skip
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)

# The site's own error pages, in the area's look and the visitor's language.
CSRF_FAILURE_VIEW = "resultbridge.views.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
}
