"""Django settings, read from PAINWISE_* environment variables through painwise.config."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from painwise import config
from painwise.core.mail import email_settings

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = config.data_dir()


def _secret_key() -> str:
    key = config.env("SECRET_KEY")
    if not key:
        key_file = DATA_DIR / "secret_key"
        if not key_file.exists():
            key_file.touch(mode=0o600)
            key_file.write_text(secrets.token_urlsafe(64), encoding="utf-8")
        key = key_file.read_text(encoding="utf-8").strip()
    if len(key) < 50:
        # Fail fast: a short signing key makes sessions and CSRF tokens forgeable.
        raise ImproperlyConfigured("PAINWISE_SECRET_KEY must be at least 50 characters long.")
    return key


SECRET_KEY = _secret_key()
DEBUG = config.env_bool("DEBUG")
ALLOWED_HOSTS = [h.strip() for h in config.env("ALLOWED_HOSTS").split(",") if h.strip()]
HTTPS = config.env_bool("HTTPS")
FIELD_KEY_FILE = Path(config.env("FIELD_KEY_FILE", str(DATA_DIR / "field.keys")))
FIELD_INDEX_KEY_FILE = Path(config.env("FIELD_INDEX_KEY_FILE", str(DATA_DIR / "field.index.key")))
ALLOW_SIGNUP = config.env_bool("ALLOW_SIGNUP")
EXTRA_INSTRUMENTS_DIR = config.env("EXTRA_INSTRUMENTS_DIR")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "painwise.core",
    "painwise.accounts",
    "painwise.diary",
    "painwise.therapies",
    "painwise.exchange",
    "painwise.insights",
    "painwise.evidence",
    "painwise.substances",
    "painwise.trauma",
    "painwise.instruments",
    "painwise.safety",
    "painwise.audit",
    "painwise.report",
    "painwise.jobs",
    "painwise.experiments",
    "painwise.programmes",
    "painwise.plan",
    "painwise.offline",
]

MIDDLEWARE = [
    "painwise.core.middleware.TrustedProxyMiddleware",  # first: decides who the client is and the scheme
    "painwise.core.middleware.RequestLimitsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",  # after sessions, before common (docs/translating.md)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "painwise.core.middleware.PrivacyHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "painwise.core.errorpages.MethodNotAllowedPageMiddleware",  # inside CSP: its page gets the same headers
    "painwise.accounts.middleware.UserTimezoneMiddleware",
    "painwise.offline.middleware.OfflineEntryMiddleware",  # last: after the CSRF check and sign-in
]

ROOT_URLCONF = "painwise.urls"
FORM_RENDERER = "painwise.core.forms.PlainWidgetRenderer"  # plain inputs written without a template each
WSGI_APPLICATION = "painwise.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "painwise.core.context_processors.messages",
                "painwise.core.context_processors.navigation",
            ],
        },
    }
]


def _database() -> dict[str, object]:
    url = config.env("DATABASE_URL")
    if url:
        return dict(dj_database_url.parse(url, conn_max_age=60))
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "painwise.sqlite3",
        # Each server thread keeps its connection for a minute, as with PostgreSQL: opening one and running
        # the pragmas below cost about 1 ms of CPU, on every request before.
        "CONN_MAX_AGE": 60,
        "OPTIONS": {
            # WAL lets readers and one writer work together; IMMEDIATE avoids upgrade deadlocks;
            # synchronous=FULL makes a committed write survive a power cut, not only a crash.
            # secure_delete: deleted rows are overwritten, so no old plaintext lingers in free pages.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                            "PRAGMA secure_delete=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {"default": _database()}

# Background tasks (painwise.jobs): queued in the database, run by `painwise worker` or serve's worker thread.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts (django-allauth). Local-first: no e-mail is ever sent, so verification is off.
ACCOUNT_ADAPTER = "painwise.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SIGNUP_REDIRECT_URL = "/welcome/"  # three short steps: where, what you live with, what to log
ACCOUNT_FORMS = {"login": "painwise.accounts.signin.SignInForm"}  # labels in Painwise's words
ACCOUNT_SIGNUP_FORM_CLASS = "painwise.accounts.forms.SignupCountryForm"  # asks the country (crisis lines)
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "/accounts/login/"
# E-mail only when PAINWISE_EMAIL_URL is set; without it reset links are never printed outside DEBUG.
_EMAIL = email_settings(config.env("EMAIL_URL"), debug=DEBUG)
globals().update(_EMAIL)
EMAIL_CONFIGURED: bool = _EMAIL["EMAIL_CONFIGURED"]
DEFAULT_FROM_EMAIL = SERVER_EMAIL = config.env("EMAIL_FROM")
# One cache shared by every process (rate limits and lockouts must count across all of them);
# its table is created by a migration of painwise.core.
_cache_rows = config.env("CACHE_MAX_ENTRIES")
CACHE_MAX_ENTRIES = int(_cache_rows) if _cache_rows.isdigit() else 0
if CACHE_MAX_ENTRIES < 1000:
    raise ImproperlyConfigured("PAINWISE_CACHE_MAX_ENTRIES must be a whole number of at least 1000.")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "painwise_cache",
                      "OPTIONS": {"MAX_ENTRIES": CACHE_MAX_ENTRIES}}}
# Sign-in failures lock out per address and per account name; the client address is REMOTE_ADDR as
# resolved by TrustedProxyMiddleware, so allauth's own X-Forwarded-For counting stays off.
ALLAUTH_TRUSTED_PROXY_COUNT = 0
ACCOUNT_RATE_LIMITS = {
    "login_failed": config.env("RATE_LIMIT_LOGIN_FAILED"),
    "api_token_failed": config.env("RATE_LIMIT_TOKEN_FAILED"),
    "import": config.env("RATE_LIMIT_IMPORT"),
    "export": config.env("RATE_LIMIT_EXPORT"),
}
# Two-factor authentication (allauth.mfa): an authenticator app (TOTP) and single-use recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Painwise"
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300  # seconds a password confirmation lasts (exports, new tokens, MFA)
AUDIT_RETENTION_DAYS = int(config.env("AUDIT_RETENTION_DAYS"))

LANGUAGE_CODE = "en"
# Languages a person can be served in (Accept-Language picks one). A new language is added here once its
# catalog under LOCALE_PATHS is translated and compiled (docs/translating.md).
LANGUAGES = [("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True  # serve vendored assets without a collectstatic step

# Security headers.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
TRUSTED_PROXIES = config.networks("TRUSTED_PROXY")
# Believed only from a trusted proxy: TrustedProxyMiddleware drops the header from anyone else.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXIES else None
# Browser features no page of Painwise uses are switched off for every page.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), "
    "midi=(), magnetometer=(), gyroscope=(), accelerometer=(), display-capture=(), "
    "publickey-credentials-get=(), browsing-topics=(), interest-cohort=()"
)
# Flash messages live in the session (server side), never in a cookie a script or proxy could read.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Request size limits: an import upload, and any other body (forms, JSON).
MAX_IMPORT_BYTES = config.megabytes("MAX_IMPORT_MB")
DATA_UPLOAD_MAX_MEMORY_SIZE = config.megabytes("MAX_REQUEST_MB")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],  # the service worker (/sw.js) that keeps the forms usable offline
        "manifest-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

NINJA_PAGINATION_PER_PAGE = 100
# Lists answer at most 100 items per request (?limit= up to 100, ?offset= for the next page): docs/api.md.
NINJA_PAGINATION_MAX_LIMIT = 100

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": sys.stderr}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
