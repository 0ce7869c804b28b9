"""Settings from the environment.  The defaults run offline on SQLite (see README);
production overrides live in config/production.py."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("JANGBOGI_DATA_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "jangbogi.core",
    "jangbogi.accounts",
    "jangbogi.notifications",
    "jangbogi.markets",
    "jangbogi.catalog",
    "jangbogi.payments",
    "jangbogi.orders",
    "jangbogi.delivery",
    "jangbogi.settlement",
    "jangbogi.claims",
    "jangbogi.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jangbogi.web.middleware.SessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jangbogi.web.context_processors.shop",
            ],
        },
    },
]

SQLITE_OPTIONS = {
    # IMMEDIATE: a write transaction takes the lock at BEGIN, so two checkouts never both
    # read stock and then fail on upgrade; WAL lets readers run beside the writer.
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "jangbogi.sqlite3",
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

# Every login ends after 12 h; staff logins also after 30 idle minutes.
JANGBOGI_SESSION_MAX_SECONDS = 12 * 60 * 60
JANGBOGI_STAFF_IDLE_SECONDS = 30 * 60
SESSION_COOKIE_AGE = JANGBOGI_SESSION_MAX_SECONDS

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "ko-kr"
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Served from the apps by WhiteNoise in development; production collects into STATIC_ROOT.
STATIC_ROOT = None
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Providers (see jangbogi/integrations/*): the local defaults work offline.
JANGBOGI_PAYMENT_PROVIDER = os.environ.get("JANGBOGI_PAYMENT_PROVIDER", "demo")
JANGBOGI_MESSENGER = os.environ.get("JANGBOGI_MESSENGER", "console")
JANGBOGI_GEOCODER = os.environ.get("JANGBOGI_GEOCODER", "offline")
# The offline geocoder knows these places (the demo ships its own list).
JANGBOGI_GEOCODER_PLACES = os.environ.get("JANGBOGI_GEOCODER_PLACES", "jangbogi.demo.data.PLACES")
# Minutes an unpaid order keeps its stock before `jangbogi expire-orders` releases it.
JANGBOGI_UNPAID_ORDER_MINUTES = int(os.environ.get("JANGBOGI_UNPAID_ORDER_MINUTES", "15"))
# Sold-by-weight lines: approve up to this % of the estimate, give back the rest once weighed.
JANGBOGI_WEIGHT_MARGIN_PERCENT = int(os.environ.get("JANGBOGI_WEIGHT_MARGIN_PERCENT", "110"))
# Minutes a customer has to answer a substitution proposal before it becomes a refund.
JANGBOGI_SUBSTITUTION_TIMEOUT_MINUTES = int(os.environ.get("JANGBOGI_SUBSTITUTION_TIMEOUT_MINUTES", "20"))
# After-sales claims may be filed this long after the order was delivered.
JANGBOGI_CLAIM_WINDOW_HOURS = int(os.environ.get("JANGBOGI_CLAIM_WINDOW_HOURS", "24"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"jangbogi": {"handlers": ["console"], "level": os.environ.get("JANGBOGI_LOG_LEVEL", "INFO")}},
}
