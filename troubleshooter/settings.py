"""Settings for the Gemini API troubleshooter.

One env-driven file: the embedded defaults (SQLite, local-memory cache) run anywhere, and
DATABASE_URL / REDIS_URL switch to PostgreSQL / Redis with no code change.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG")

# Without DJANGO_DEBUG an empty key is left empty: the site refuses to serve with it (a system check
# and the WSGI/ASGI entry points say so), while the offline commands (classify, check_key, kb_sync,
# fake_gemini), which sign nothing, still run on a fresh checkout with no environment at all.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if not DEBUG else "*")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    "template_partials",
    "simple_history",
    "huey.contrib.djhuey",
    "axes",
    "troubleshooter",
    "errors_kb",
    "paste",
    "keys",
    "status",
    "alerts",
    "feedback",
    "inbox",
]

MIDDLEWARE = [
    "troubleshooter.middleware.RequestLogMiddleware",
    "troubleshooter.middleware.JsonApiErrorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "troubleshooter.middleware.SiteMethodsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "troubleshooter.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "troubleshooter.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

# Two caches. "default" holds what each worker may keep to itself (rendered KB pages); "shared"
# holds what every worker must see alike (rate-limit counts, key checks in flight), so it is never
# one process's memory: Redis with REDIS_URL, else a table of the database (created by migrate).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    REDIS_CACHE = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "troubleshooter"),
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
    CACHES = {"default": REDIS_CACHE, "shared": REDIS_CACHE}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "troubleshooter",
        },
        "shared": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "shared_cache",  # troubleshooter.models.SharedCacheEntry
            # Rate-limit slots are many small rows; culling early would hand out fresh budgets.
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        },
    }

# Admin logins: after AXES_FAILURE_LIMIT wrong passwords in a row from one client address, every
# attempt from it is refused (429), the right password included, for AXES_COOLOFF_TIME. The
# attempts are kept in the database, so every worker counts them; the address is the one the rate
# limits use (TRUSTED_PROXY_COUNT), so behind a proxy each client has its own count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_CLIENT_IP_CALLABLE = "web.ratelimit.login_client_ip"
AXES_RESET_ON_SUCCESS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_flag("DJANGO_PLAIN_STATIC")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django refuses request bodies above this before our views see them; keep it just above the
# paste limit so an oversize paste reaches the view and gets our own clear message.
CLASSIFY_MAX_BYTES = int(os.environ.get("CLASSIFY_MAX_BYTES", str(1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = CLASSIFY_MAX_BYTES * 2 + 64 * 1024

# How long a worker trusts the KB version it last read from the shared cache before asking again:
# an edit reaches every worker within this many seconds.
KB_VERSION_RECHECK_SECONDS = float(os.environ.get("KB_VERSION_RECHECK_SECONDS", "1"))

# Where the knowledge base's source files live (one Markdown file per entry).
KB_CONTENT_DIR = Path(os.environ.get("KB_CONTENT_DIR", BASE_DIR / "errors_kb" / "content"))

# The live key check: where calls go (never taken from the user), how long they may take,
# and how many checks one client IP may run per minute.
GEMINI_API_BASE_URL = os.environ.get("GEMINI_API_BASE_URL", "https://generativelanguage.googleapis.com")
KEY_CHECK_TIMEOUT_SECONDS = float(os.environ.get("KEY_CHECK_TIMEOUT_SECONDS", "15"))
KEY_CHECK_RATE_LIMIT_PER_MINUTE = int(os.environ.get("KEY_CHECK_RATE_LIMIT_PER_MINUTE", "10"))
# A whole check ends within this budget. Each check holds a server thread that long at most, so a
# process runs at most KEY_CHECK_MAX_CONCURRENT at once (keep it below GUNICORN_THREADS); more get
# "busy, try again in a few seconds".
KEY_CHECK_BUDGET_SECONDS = float(os.environ.get("KEY_CHECK_BUDGET_SECONDS", "20"))
KEY_CHECK_MAX_CONCURRENT = int(os.environ.get("KEY_CHECK_MAX_CONCURRENT", "4"))
# "Did this fix it?" answers one client IP may send per minute.
FEEDBACK_RATE_LIMIT_PER_MINUTE = int(os.environ.get("FEEDBACK_RATE_LIMIT_PER_MINUTE", "10"))
# Unanswered pastes people choose to share (inbox/): kept this many days, cut at this size, and
# shares one client IP may send per minute.
SHARED_PASTE_RETENTION_DAYS = int(os.environ.get("SHARED_PASTE_RETENTION_DAYS", "30"))
SHARED_PASTE_MAX_BYTES = int(os.environ.get("SHARED_PASTE_MAX_BYTES", str(64 * 1024)))
SHARE_PASTE_RATE_LIMIT_PER_MINUTE = int(os.environ.get("SHARE_PASTE_RATE_LIMIT_PER_MINUTE", "5"))
# Number of reverse proxies in front of the app whose X-Forwarded-For entries can be trusted.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Status and outage radar (status/). The job runner: Huey, on a SQLite file by default (no extra
# service), on Redis with REDIS_URL. Jobs run in `manage.py run_huey`, never in the web workers.
HUEY_SQLITE_PATH = os.environ.get("HUEY_SQLITE_PATH", str(BASE_DIR / "huey.sqlite3"))
HUEY: dict[str, object] = {
    "name": "troubleshooter",
    "immediate": env_flag("HUEY_IMMEDIATE"),
    "consumer": {"workers": int(os.environ.get("HUEY_WORKERS", "4")), "worker_type": "thread"},
    **(
        {"huey_class": "huey.RedisHuey", "url": REDIS_URL}
        if REDIS_URL
        else {"huey_class": "huey.SqliteHuey", "filename": HUEY_SQLITE_PATH}
    ),
}
# Google's public status feeds (Atom/RSS or the incidents JSON), read every STATUS_FEED_INTERVAL_MINUTES.
STATUS_FEED_URLS = env_list(
    "STATUS_FEED_URLS", "https://status.cloud.google.com/en/feed.atom,https://status.cloud.google.com/incidents.json"
)
STATUS_FEED_TIMEOUT_SECONDS = float(os.environ.get("STATUS_FEED_TIMEOUT_SECONDS", "10"))
STATUS_FEED_INTERVAL_MINUTES = int(os.environ.get("STATUS_FEED_INTERVAL_MINUTES", "5"))
# The probe: an operator's key (never shown, logged or stored), the models to probe, how often and
# how long each call may take. Without a key nothing is probed.
PROBE_API_KEY = os.environ.get("PROBE_API_KEY", "")
PROBE_MODELS = env_list("PROBE_MODELS", "gemini-3.5-flash,gemini-3.8-flash")
PROBE_INTERVAL_MINUTES = int(os.environ.get("PROBE_INTERVAL_MINUTES", "1"))
PROBE_TIMEOUT_SECONDS = float(os.environ.get("PROBE_TIMEOUT_SECONDS", "10"))

# Security headers. The strict ones are on whenever debug is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
    # Load balancers probe over plain HTTP; a redirect would read as "unhealthy".
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = env_flag("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_flag("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", True)
    if env_flag("BEHIND_TLS_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline script or style anywhere: htmx is configured for this in the base template.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Mail (alerts/). The console backend unless EMAIL_HOST names an SMTP server (production);
# EMAIL_BACKEND overrides both. Every SMTP connection gives up after EMAIL_TIMEOUT seconds.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_flag("EMAIL_USE_SSL")
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Gemini status alerts <alerts@localhost>")
# The site's origin, for links in mail (sent from jobs, with no request to take a host from).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Alerts: how long a confirmation link works (unconfirmed subscriptions are deleted after it), the
# least time between two alert mails to one subscriber, subscribe requests per client per minute,
# and the least time between two subscribe mails to one address.
ALERTS_CONFIRM_MAX_AGE_SECONDS = int(os.environ.get("ALERTS_CONFIRM_MAX_AGE_SECONDS", str(48 * 3600)))
ALERTS_MAIL_FLOOR_SECONDS = int(os.environ.get("ALERTS_MAIL_FLOOR_SECONDS", str(30 * 60)))
ALERTS_SUBSCRIBE_RATE_LIMIT_PER_MINUTE = int(os.environ.get("ALERTS_SUBSCRIBE_RATE_LIMIT_PER_MINUTE", "5"))
ALERTS_SUBSCRIBE_MAIL_FLOOR_SECONDS = int(os.environ.get("ALERTS_SUBSCRIBE_MAIL_FLOOR_SECONDS", "300"))
# Error reports (the debug 500 page, the mails to ADMINS) show keys and tokens redacted, debug or not.
DEFAULT_EXCEPTION_REPORTER_FILTER = "web.error_reports.RedactingExceptionReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "web.error_reports.RedactingExceptionReporter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "web.error_reports.RedactingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Our request log replaces Django's, which prints the query string.
        "django.server": {"handlers": [], "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # run_huey adds a handler of its own unless the logger has one: one line per job event, not two.
        "huey": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
