"""Guichet settings. Everything deployment-specific comes from environment variables
(see README "Configuration"); with none set, Guichet runs on SQLite with in-process Celery."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from guichet.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("GUICHET_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("GUICHET_DEBUG", default=False)
_DEV_SECRET = "insecure-dev-only-secret-key-change-me-in-production-0123456789"  # noqa: S105 (refused in production below)
SECRET_KEY = env_str("GUICHET_SECRET_KEY", _DEV_SECRET)
PRODUCTION = env_bool("GUICHET_PRODUCTION", default=False)
if PRODUCTION and SECRET_KEY == _DEV_SECRET:
    raise ImproperlyConfigured("GUICHET_SECRET_KEY must be set when GUICHET_PRODUCTION is true.")
if PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("GUICHET_SECRET_KEY must be at least 50 characters long.")
ALLOWED_HOSTS = env_list("GUICHET_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("GUICHET_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("GUICHET_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DESK_NAME = env_str("GUICHET_DESK_NAME", "Guichet")

# Guichet's apps in dependency order: an app may import the ones before it, never after.
GUICHET_APPS = ["accounts", "catalogue", "offers", "guichet", "contracts", "kpis"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_fsm",  # for its graph_transitions command (docs/architecture.md); no models
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "import_export",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    *GUICHET_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "guichet.security.security_headers",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "guichet.middleware.desk_language",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks request.user as verified once a one-time code was accepted in this session.
    "django_otp.middleware.OTPMiddleware",
    "guichet.security.staff_session_expiry",
    # Keeps staff who owe a second factor on the verification (or enrolment) page.
    "accounts.middleware.TwoFactorGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "guichet.urls"
WSGI_APPLICATION = "guichet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "guichet.context_processors.desk",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
_DATABASE_URL = env_str("DATABASE_URL", "")
if _DATABASE_URL:
    try:
        _db = dj_database_url.parse(
            _DATABASE_URL, conn_max_age=env_int("GUICHET_DB_CONN_MAX_AGE", 60)
        )
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a usable database URL: {exc}") from exc
    if _db["ENGINE"] not in {"django.db.backends.postgresql", "django.db.backends.sqlite3"}:
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (or SQLite for tests).")
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _db = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(VAR_DIR / "guichet.sqlite3"),
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
    }
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# The lockout check must come first so a locked-out account is refused before its password
# is even checked.
AUTHENTICATION_BACKENDS = [
    "guichet.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Number of reverse proxies in front of Guichet (nginx: 1). Login lockouts and API throttles
# then key on the real client address from X-Forwarded-For instead of the proxy's.
GUICHET_TRUSTED_PROXIES = env_int("GUICHET_TRUSTED_PROXIES", 0, minimum=0)
# Login throttling (django-axes): a username is locked for the cool-off time from the address
# that failed too often; others (and the same user elsewhere) can still log in.
AXES_FAILURE_LIMIT = env_int("GUICHET_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("GUICHET_LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "guichet.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "guichet.security.client_ip"
# Two-factor authentication for staff (TOTP, accounts.two_factor): "optional" lets each staff
# member turn it on from their account page; "required" sends staff without a device to
# enrolment after the password and lets them reach nothing else. Requesters never need it.
GUICHET_STAFF_2FA = env_choice("GUICHET_STAFF_2FA", "optional", {"optional", "required"})
OTP_TOTP_ISSUER = DESK_NAME
# Device secrets stay out of the admin pages (an administrator only needs to delete a device).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Failed codes are logged by django-axes like failed passwords: never keep the codes themselves.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token", "recovery_code"]
# Staff sessions also end when the browser closes (guichet.security.staff_session_expiry).
SESSION_COOKIE_AGE = env_int("GUICHET_SESSION_HOURS", 8, minimum=1) * 3600
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = env_choice("GUICHET_LANGUAGE", "fr", {"fr", "en"})
# A desk speaks its own language first: the browser's Accept-Language is ignored unless this is
# set; the FR/EN switch (a cookie) always wins.
HONOUR_BROWSER_LANGUAGE = env_bool("GUICHET_HONOUR_BROWSER_LANGUAGE", default=False)
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("GUICHET_TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("GUICHET_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Uploads (protocols, signed contracts...) never live under a served directory:
# they are read back only through permission-checked views.
MEDIA_ROOT = Path(env_str("GUICHET_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"
MAX_UPLOAD_MB = env_int("GUICHET_MAX_UPLOAD_MB", 20, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Outside production, whitenoise serves straight from the apps' static folders (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("GUICHET_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("GUICHET_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("GUICHET_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("GUICHET_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("GUICHET_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("GUICHET_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("GUICHET_DEFAULT_FROM_EMAIL", "guichet@localhost")

# --- Celery -----------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
# Without a broker, tasks run in-process so the embedded default needs no worker.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if CELERY_BROKER_URL and not CELERY_BROKER_URL.startswith(("redis://", "rediss://", "amqp://")):
    raise ImproperlyConfigured("CELERY_BROKER_URL must be a redis:// or amqp:// URL.")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
# Periodic jobs (run `celery -A guichet beat`). Every task takes no argument and is idempotent.
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # Working mornings, before the desk opens its inbox: overdue reviews and requests.
    "guichet-due-reminders": {
        "task": "guichet.send_due_reminders",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon-fri"),
    },
    "guichet-recompute-deadlines": {
        "task": "guichet.recompute_deadlines",
        "schedule": crontab(hour=1, minute=15),
    },
    # An offer version published ahead of its effective date retires the previous one that day.
    "offers-retire-superseded": {
        "task": "offers.retire_superseded_offers",
        "schedule": crontab(hour=0, minute=30),
    },
    # The public home page's delay figures are cached; refreshing before office hours keeps
    # them current without computing medians on every anonymous visit.
    "kpis-refresh-public-strip": {
        "task": "kpis.refresh_public_strip",
        "schedule": crontab(hour=5, minute=10),
    },
    # Maturity progress is read month by month, so one snapshot on the first of each month.
    "kpis-monthly-maturity-snapshot": {
        "task": "kpis.monthly_maturity_snapshot",
        "schedule": crontab(day_of_month=1, hour=5, minute=20),
    },
}

# --- Cache ------------------------------------------------------------------------------------
_REDIS_CACHE_URL = env_str("GUICHET_CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _REDIS_CACHE_URL}
        if _REDIS_CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "guichet.openapi.GuichetAutoSchema",  # documents error answers
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # Basic authentication cannot carry a second factor: it refuses staff who owe one.
        "accounts.authentication.TwoFactorAwareBasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_THROTTLE_CLASSES": [
        "guichet.security.AnonThrottle",
        "guichet.security.AnonWriteThrottle",
        "guichet.security.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": f"{env_int('GUICHET_API_ANON_PER_MINUTE', 60, minimum=1)}/min",
        "anon_write": f"{env_int('GUICHET_API_ANON_WRITES_PER_MINUTE', 20, minimum=1)}/min",
        "user": f"{env_int('GUICHET_API_USER_PER_MINUTE', 600, minimum=1)}/min",
    },
    # 0 = use REMOTE_ADDR: a client-written X-Forwarded-For must not pick its own bucket.
    "NUM_PROXIES": GUICHET_TRUSTED_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Guichet API",
    "DESCRIPTION": "Data-sharing desk of a health-data holder: catalogue, offer, requests, "
    "contracts and indicators.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several apps have a "kind"/"status"/"category"/"outcome" field with different choices:
    # naming each set keeps the schema's enum names stable (no hash suffixes) and the
    # deployment check free of warnings.
    "ENUM_NAME_OVERRIDES": {
        "RequestStateEnum": "guichet.models.RequestState",
        "DataFormEnum": "guichet.models.DataForm",
        "DataFormRuleEnum": "contracts.models.DataFormRule",
        "AttachmentKindEnum": "guichet.models.AttachmentKind",
        "QuestionKindEnum": "guichet.models.QuestionKind",
        "ReviewKindEnum": "guichet.models.ReviewKind",
        "ReviewOutcomeEnum": "guichet.models.ReviewOutcome",
        "DisputeKindEnum": "guichet.models.DisputeKind",
        "RegisterStatusEnum": "guichet.models.RegisterStatus",
        "DatasetStatusEnum": "catalogue.models.DatasetStatus",
        "AssessmentKindEnum": "catalogue.models.AssessmentKind",
        "ClauseCategoryEnum": "contracts.models.ClauseCategory",
        "TemplateStatusEnum": "contracts.models.TemplateStatus",
        "ContractKindEnum": "contracts.models.ContractKind",
        "ContractStatusEnum": "contracts.models.ContractStatus",
        "UseCaseStatusEnum": "offers.models.UseCaseStatus",
        "OfferReviewKindEnum": "offers.models.ReviewKind",
        "ValorisationKindEnum": "offers.models.ValorisationKind",
        "CampaignOutcomeEnum": "offers.models.CampaignOutcome",
        "ServiceCategoryEnum": "offers.models.ServiceCategory",
        "ITCostCategoryEnum": "offers.models.ITCostCategory",
    },
}

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = PRODUCTION and env_bool("GUICHET_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
# Probes call gunicorn directly over plain HTTP: the health check must not redirect them.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("GUICHET_LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every rendering step at INFO ("Step 2 - Fetching and parsing CSS"):
    # noise in the worker's log, while its warnings (a refused URL...) still come through.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
