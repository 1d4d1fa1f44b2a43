"""Changxiao settings: one module, configured by environment variables (see README)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_secret(name: str, default: str | None = None) -> str:
    """Read NAME, or the file named by NAME_FILE (Docker/systemd credentials)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE points to an unreadable file: {exc}") from exc
    value = os.environ.get(name)
    if value:
        return value
    if default is None:
        raise ImproperlyConfigured(f"{name} must be set (or {name}_FILE)")
    return default


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_secret("SECRET_KEY", "insecure-development-key-change-me" if DEBUG else None)
# Encrypts personal data at rest (citizens' phone numbers): a Fernet key, 32 url-safe base64-encoded bytes —
# python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())". Keep it with the
# backups: without it the stored numbers cannot be read. Development uses a fixed, public key.
PERSONAL_DATA_KEY = env_secret(
    "PERSONAL_DATA_KEY", "Y2hhbmd4aWFvLWRldmVsb3BtZW50LW9ubHkta2V5ISE=" if DEBUG else None
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The platform's name in every header, title and the sign-in page; empty gives the generic name in the reader's
# language (core.context_processors.site_name).
SITE_NAME = env_str("SITE_NAME", "")
# The name in a phone's header, a few characters (e.g. 苏州长效管理); empty takes SITE_NAME or the generic short name.
SITE_SHORT_NAME = env_str("SITE_SHORT_NAME", "")
BASE_URL = env_str("BASE_URL", "http://127.0.0.1:8000")

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
    "axes",
    "auditlog",
    "ninja",
    # The queue of background work (core.tasks): Django 6's Tasks API and its database engine.
    "django_tasks",
    "django_tasks_db",
    "changxiao.core",
    "changxiao.orgs",
    "changxiao.citizens",
    "changxiao.cockpit",
    "changxiao.targets",
    "changxiao.supervision",
    "changxiao.feedback",
    "changxiao.assessment",
    "changxiao.surveys",
    "changxiao.linkage",
    "changxiao.workforce",
    "changxiao.volunteers",
    "changxiao.funding",
    "changxiao.publicity",
    "changxiao.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Where a request's reads go when a read replica is configured (core.db_router); nothing otherwise.
    "changxiao.core.db_router.ReplicaMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "changxiao.core.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A body over DATA_UPLOAD_MAX_MEMORY_SIZE: 413 before CSRF or a view reads it (its page needs the user).
    "changxiao.core.middleware.BodyLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "changxiao.core.middleware.SecurityHeadersMiddleware",
    "changxiao.orgs.middleware.TwoStepRequiredMiddleware",
    "changxiao.orgs.middleware.ReadOnlyRoleMiddleware",
    # Lock-out must see failed logins after authentication ran.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "changxiao.urls"
WSGI_APPLICATION = "changxiao.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "changxiao" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "changxiao.core.context_processors.site",
            ],
        },
    }
]
# Django's form renderer, drawing a drop-down list's options without a template each (a city's 1,700 units).
FORM_RENDERER = "changxiao.core.form_renderer.FormRenderer"

# --- Database: SQLite by default, PostgreSQL through DATABASE_URL -------------------------------
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "var")))
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'changxiao.sqlite3'}")
# A kept connection is checked before a request uses it (CONN_HEALTH_CHECKS): after PostgreSQL restarts, a thread's
# stale connection is replaced instead of failing that request.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections are kept (CONN_MAX_AGE) as for PostgreSQL: opening one runs the pragmas below, and the last one
    # closed checkpoints the write-ahead log, which together cost more than the rest of a small request.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    }
else:
    # PostgreSQL's JIT compiles any query its planner costs over 100,000 — a 20 ms list query of a city paid ~40 ms
    # of compiling (the volunteers a unit sees, province bench). The platform's queries are short: off.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A PostgreSQL streaming replica for the cockpit, metrics and list pages (core.db_router): DATABASE_REPLICA_URL.
# A page reads the primary when the replica is more than REPLICA_MAX_LAG_SECONDS behind (measured at most every
# REPLICA_LAG_CHECK_SECONDS), and a browser that wrote reads the primary for the sum of the two.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
REPLICA_MAX_LAG_SECONDS = env_int("REPLICA_MAX_LAG_SECONDS", 30)
REPLICA_LAG_CHECK_SECONDS = env_int("REPLICA_LAG_CHECK_SECONDS", 5)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
    if {DATABASES["replica"]["ENGINE"], DATABASES["default"]["ENGINE"]} != {"django.db.backends.postgresql"}:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL needs PostgreSQL for both DATABASE_URL and the replica"
        )
    # A stopped replica host must not hold a page: the page falls back to the primary after this many seconds.
    DATABASES["replica"]["OPTIONS"] = {
        "connect_timeout": env_int("REPLICA_CONNECT_TIMEOUT", 2),
        "options": "-c jit=off",
    }
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["changxiao.core.db_router.ReplicaRouter"]

# --- Cache and rate limits: local memory by default, Redis through REDIS_URL --------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The public survey's form, kept in each process (surveys.responses: a saved region or unit empties it).
CACHES["survey_forms"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "survey-forms",
}

# --- Accounts and security baseline --------------------------------------------------------------
AUTH_USER_MODEL = "orgs.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cockpit:workbench"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Answers the permissions core asks (user.has_perm) from the roles' capabilities; signs nobody in.
    "changxiao.orgs.backends.CapabilityBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "changxiao.core.passwords.CharacterClassValidator"},
]
# How many trusted reverse proxies (nginx …) sit in front: the client address is then read from
# X-Forwarded-For that many hops from the right; 0 uses REMOTE_ADDR. Used by the public rate limits.
REVERSE_PROXY_COUNT = env_int("REVERSE_PROXY_COUNT", 0)

# Citizen feedback: how many working days an answer may be overdue before the office may escalate the item
# into a supervision finding (a second 不满意 allows it at once).
FEEDBACK_ESCALATE_AFTER_WORKDAYS = env_int("FEEDBACK_ESCALATE_AFTER_WORKDAYS", 5)
# Citizens' phone numbers are erased by the sweep this many days after the item was submitted.
FEEDBACK_PHONE_RETENTION_DAYS = env_int("FEEDBACK_PHONE_RETENTION_DAYS", 365)
# Satisfaction index: a cell with fewer responses than this shows 样本不足 instead of a number.
SURVEY_MIN_CELL = env_int("SURVEY_MIN_CELL", 30)

AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 30) / 60  # hours
# Lock an account *from the address that failed* (account and address together): staff usernames are guessable, and
# a lock on the account alone let anyone lock the office out for everyone. Not the address alone either: government
# offices sit behind shared NAT addresses, and locking an address would lock out a whole bureau. The address is the
# one the rate limits trust (core.ratelimit.client_ip: the proxy's view, REVERSE_PROXY_COUNT), so a forged
# X-Forwarded-For buys no further guesses. The office lifts a lock from the account's page (orgs.lockout).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "changxiao.core.ratelimit.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Idle sessions expire SESSION_COOKIE_AGE after their last save.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
# Idle expiry: a session in use is saved at most once a minute (core.middleware.SessionRefreshMiddleware).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A form sent without its token (open too long, cookies blocked) gets the platform's 403 page saying how to resend.
CSRF_FAILURE_VIEW = "changxiao.core.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Roles that must use two-step sign-in (TOTP), e.g. "office,admin"; anyone may turn it on.
TWO_STEP_REQUIRED_ROLES = env_list("TWO_STEP_REQUIRED_ROLES")
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Language and time -----------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "changxiao" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
FORMAT_MODULE_PATH = ["changxiao.formats"]
USE_TZ = True

# --- Files -----------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "changxiao" / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
# Never served by URL: attachments go through a permission-checking view.
MEDIA_URL = "/media-not-served/"
# Uploaded files (attachments, photos, exports): on the local disk or a shared folder (NFS) mounted at MEDIA_ROOT on
# every application server ("filesystem"), or in a bucket of an S3-compatible store ("s3": MinIO, a cloud's object
# storage). Either way written whole or not at all, private, read only through the permission-checking views.
FILE_STORAGE = env_str("FILE_STORAGE", "filesystem")
if FILE_STORAGE == "filesystem":
    DEFAULT_FILE_STORAGE_SETTINGS = {"BACKEND": "changxiao.core.storage.AtomicFileSystemStorage"}
elif FILE_STORAGE == "s3":
    if env_str("S3_ADDRESSING_STYLE", "path") not in ("path", "virtual"):
        raise ImproperlyConfigured("S3_ADDRESSING_STYLE must be path or virtual")
    if not env_str("S3_BUCKET"):
        raise ImproperlyConfigured("FILE_STORAGE=s3 needs S3_BUCKET (the bucket's name)")
    DEFAULT_FILE_STORAGE_SETTINGS = {
        "BACKEND": "changxiao.core.storage_s3.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_secret("S3_ACCESS_KEY_ID"),
            "secret_key": env_secret("S3_SECRET_ACCESS_KEY"),
            "addressing_style": env_str("S3_ADDRESSING_STYLE", "path"),
            # A folder inside the bucket, so one bucket can hold several sites' files.
            "location": env_str("S3_PREFIX").strip("/"),
        },
    }
else:
    raise ImproperlyConfigured(f"FILE_STORAGE must be filesystem or s3, got {FILE_STORAGE!r}")
STORAGES = {
    # Uploads are written whole or not at all (a full disk leaves no half-written file): core.storage.
    "default": DEFAULT_FILE_STORAGE_SETTINGS,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Exports, tasks, notifications -----------------------------------------------------------------
# Lists with more rows than this are exported in the background with a progress page.
EXPORT_INLINE_MAX_ROWS = env_int("EXPORT_INLINE_MAX_ROWS", 2000)
# A Word list (the roster of units) of more rows than this is built in the background (core.document_jobs): a table
# row of a Word document costs some twenty times an Excel row.
DOCUMENT_INLINE_MAX_ROWS = env_int("DOCUMENT_INLINE_MAX_ROWS", 200)
EXPORT_RETENTION_DAYS = env_int("EXPORT_RETENTION_DAYS", 7)
# Background work (core.tasks): "database" queues it in the database for `manage.py db_worker`; "immediate" runs it
# in the caller once the transaction commits (tests). A Redis-backed engine is a TASKS entry (docs/architecture.md).
TASK_BACKEND = env_str("TASK_BACKEND", "database")
if TASK_BACKEND not in ("database", "immediate"):
    raise ImproperlyConfigured("TASK_BACKEND must be database or immediate")
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
# A failing task is tried this many times in all, the n-th retry TASK_RETRY_SECONDS × n after the failure.
TASK_MAX_ATTEMPTS = env_int("TASK_MAX_ATTEMPTS", 3)
TASK_RETRY_SECONDS = env_int("TASK_RETRY_SECONDS", 60)
# A task running longer than this is taken for lost (its worker killed) and tried again by the sweep.
TASK_LOST_AFTER_MINUTES = env_int("TASK_LOST_AFTER_MINUTES", 30)
TASK_RESULT_RETENTION_DAYS = env_int("TASK_RESULT_RETENTION_DAYS", 30)
# An email or SMS copy is leased this long before it is sent (core.notifications): a copy a killed worker had claimed
# but not sent is sent by the next attempt or the sweep once its lease has expired. Longer than one message's send.
NOTIFICATION_LEASE_MINUTES = env_int("NOTIFICATION_LEASE_MINUTES", 10)
# A copy still refused after this long is given up (its inbox entry stays): the sweep does not retry it for ever.
NOTIFICATION_GIVE_UP_HOURS = env_int("NOTIFICATION_GIVE_UP_HOURS", 72)
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "changxiao@localhost")
SMS_BACKEND = env_str("SMS_BACKEND", "changxiao.core.sms.LogSmsBackend")
# Working days before a due date when a deadline turns "due soon" (yellow).
DEADLINE_DUE_SOON_WORKDAYS = env_int("DEADLINE_DUE_SOON_WORKDAYS", 3)

# --- API -----------------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_CLASS = "changxiao.core.api_types.BoundedPagination"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
