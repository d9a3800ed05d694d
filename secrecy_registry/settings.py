"""Settings for the secrecy registry, read from the environment.

Every value a deployment changes comes from an environment variable; the
defaults are safe for `make run` on a developer's machine only (DEBUG must be
asked for explicitly, and without it a secret key is required).
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _
import os
import secrets

from secrecy_registry.databases import replica_database

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
SECRET_KEY_FROM_ENVIRONMENT = bool(SECRET_KEY)
if not SECRET_KEY:
    # Commands that serve no one (makemigrations, collectstatic) may run on a
    # throwaway key; serving without DEBUG refuses (secrecy_registry/startup.py),
    # so no session or token is ever signed with a key that dies with the process.
    SECRET_KEY = "insecure-local-development-key-never-use-in-production" if DEBUG else secrets.token_urlsafe(50)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "django_htmx",
    "guardian",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    # Before django_tasks_db: printing's `db_worker` (the same worker, with the lease sweep) takes its name.
    "printing",
    "django_tasks",
    "django_tasks_db",
    "people",
    "documents",
    "inspections",
    "carriers",
    "archives",
    "dispatch",
    "registers",
    "review",
    "audit",
    "accounts",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early, so every answer is marked, including a redirect to the second factor or a lockout page.
    "secrecy_registry.middleware.NeverStoreRegistryData",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.RenewIdleSession",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "secrecy_registry.replica.PinAfterWrite",
    "people.role_cache.RememberRolesPerRequest",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorRequired",
    "accounts.middleware.RecordTokenUse",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After sign-in and messages: turns a decision's StepUpRequired into the re-authentication page.
    "accounts.middleware.StepUp",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "secrecy_registry.urls"
WSGI_APPLICATION = "secrecy_registry.wsgi.application"

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
                "people.context_processors.roles",
                "documents.context_processors.decisions_waiting",
                "notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'registry.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
    )
}
# The role the application connects as in production (docs/audit.md): migrate,
# run as the owner, re-grants its rights on every table it creates.
AUDIT_APP_ROLE = os.environ.get("DJANGO_AUDIT_APP_ROLE", "")
# Signed checkpoints (audit/signing.py): the key only the checkpoint job reads, the file it appends to.
AUDIT_SIGNING_KEY_FILE = os.environ.get("DJANGO_AUDIT_SIGNING_KEY_FILE", "")
AUDIT_PUBLIC_KEY_FILE = os.environ.get("DJANGO_AUDIT_PUBLIC_KEY_FILE", "")
AUDIT_CHECKPOINT_FILE = os.environ.get("DJANGO_AUDIT_CHECKPOINT_FILE", "")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Registry numbers are allocated on a connection of their own so that a
    # rolled-back registration never gives its number back (see
    # documents/services/numbering.py). It is the same database.
    DATABASES["allocator"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}

# A streaming read replica (docs/deployment.md, "Read replica"): views marked
# `reads_may_lag` read from it; writes, locks and transactions stay on the
# primary (secrecy_registry/replica.py). Unset, everything reads the primary.
REPLICA_DATABASE_URL = os.environ.get("REPLICA_DATABASE_URL", "")
if REPLICA_DATABASE_URL:
    DATABASES["replica"] = replica_database(REPLICA_DATABASE_URL, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"])
DATABASE_ROUTERS = ["secrecy_registry.replica.ReplicaRouter"]
# How long a person who has just written reads from the primary, and how long
# a print job waits for the replica to replay what the primary had when it began.
REPLICA_PIN_SECONDS = int(os.environ.get("DJANGO_REPLICA_PIN_SECONDS", "10"))
REPLICA_CATCH_UP_SECONDS = float(os.environ.get("DJANGO_REPLICA_CATCH_UP_SECONDS", "5"))
# A replica that could not be reached is tried again after this long; meanwhile the primary answers its reads.
REPLICA_RETRY_SECONDS = float(os.environ.get("DJANGO_REPLICA_RETRY_SECONDS", "30"))

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The ledger's covering indexes (INCLUDE columns) are a PostgreSQL
    # feature; SQLite trial runs build them without the extra columns.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out sign-in before any password is checked.
    "accounts.backends.SignInLockout",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# No anonymous guardian user: nobody who is not signed in may see anything.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "var" / "static"))
# Static files served by the application itself (whitenoise), for a machine with
# no nginx in front (`make serve`): compressed copies and hashed names collected
# into STATIC_ROOT, cached by browsers for a year. Never in a debug run, where
# runserver serves static/ as it is and the test suite sees the settings it
# always saw; off by default in production, where nginx may serve them instead.
SERVE_STATIC = not DEBUG and env_bool("DJANGO_SERVE_STATIC", False)
if SERVE_STATIC:
    # Right after SecurityMiddleware, as whitenoise asks: a static file is
    # answered before sessions, sign-in or the CSP are looked at (the CSP
    # governs pages; a stylesheet or script needs none of its own).
    MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "whitenoise.middleware.WhiteNoiseMiddleware")
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # Only our own pages load them: no Access-Control-Allow-Origin: * (whitenoise's default).
    WHITENOISE_ALLOW_ALL_ORIGINS = False

# A session ends after this many seconds without a request, and when the
# browser closes. A request renews it if it was last renewed
# SESSION_RENEW_SECONDS ago or more (accounts.middleware.RenewIdleSession):
# not every request writes the session row.
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_RENEW_SECONDS = int(os.environ.get("DJANGO_SESSION_RENEW_SECONDS", "60"))

# Background work (Django's tasks API, django-tasks backport): the queue is a
# table of the registry's own database, run by `manage.py db_worker`
# processes (docs/deployment.md). DJANGO_TASKS_BACKEND=immediate runs a task
# where it is enqueued (tests that are not about the queue).
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[os.environ.get("DJANGO_TASKS_BACKEND", "database")],
    }
}

# What every task worker also runs every so often, beside the lease sweep and
# the purge of prints (printing/periodic.py): (seconds, "dotted.path.to.function").
# One worker at a time runs each (an advisory lock); the function must be safe to run again.
WORKER_PERIODIC_JOBS = []

# Printed ledgers (documents/pdf, printing/): every print is a job done by a
# worker and its PDF is stored in the database (printing.PrintFile) until
# downloaded. PRINTS_ROOT only holds files printed before that, for purge_prints.
PRINTS_ROOT = Path(os.environ.get("DJANGO_PRINTS_ROOT", BASE_DIR / "var" / "prints"))
# Up to this many rows, the request waits (at most PRINT_WAIT_SECONDS) for the
# worker and hands the PDF over itself; above, or if the worker is slower, the
# person is sent to the job page.
PRINT_BACKGROUND_ROWS = int(os.environ.get("DJANGO_PRINT_BACKGROUND_ROWS", "500"))
PRINT_WAIT_SECONDS = float(os.environ.get("DJANGO_PRINT_WAIT_SECONDS", "10"))
# A worker renews its lease on a part every PRINT_LEASE_SECONDS / 4; a part
# whose lease ran out (its worker died) is queued again by any worker's sweep,
# at most PRINT_MAX_ATTEMPTS times in all (printing/lease.py).
PRINT_LEASE_SECONDS = float(os.environ.get("DJANGO_PRINT_LEASE_SECONDS", "120"))
PRINT_SWEEP_SECONDS = float(os.environ.get("DJANGO_PRINT_SWEEP_SECONDS", "30"))
PRINT_MAX_ATTEMPTS = int(os.environ.get("DJANGO_PRINT_MAX_ATTEMPTS", "3"))
# A stored PDF is an uncontrolled copy: `manage.py purge_prints` removes it after this many days.
PRINT_FILES_KEEP_DAYS = int(os.environ.get("DJANGO_PRINT_FILES_KEEP_DAYS", "7"))
# The same print asked twice within this many seconds (a double click) is made once.
PRINT_REPEAT_SECONDS = int(os.environ.get("DJANGO_PRINT_REPEAT_SECONDS", "15"))
# Ledgers with more rows than PRINT_CHUNK_ROWS are cut into chunks of that
# many rows, each a task any worker takes, and joined (printing/stages.py):
# several workers print one ledger, memory is bounded by a chunk per worker.
# PRINT_WORKERS is for documents/pdf/chunked.py's process pool, used only
# when render_pdf is called directly on a large ledger (benchmarks).
PRINT_CHUNK_ROWS = int(os.environ.get("DJANGO_PRINT_CHUNK_ROWS", "500"))
PRINT_WORKERS = int(os.environ.get("DJANGO_PRINT_WORKERS", "2"))

SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# A load balancer checks each app server directly over plain HTTP; /healthz tells it nothing worth TLS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if not DEBUG:
    # DJANGO_SSL_REDIRECT=0 only where nothing leaves the machine (`make serve` on 127.0.0.1):
    # everywhere else TLS is terminated in front (nginx) and plain HTTP is redirected.
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Sign-in lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for
# one account from one address, that pair is refused for the cool-off time.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_SIGNIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_SIGNIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_LOCKOUT_CALLABLE = "accounts.backends.lockout_response"
# A try refused by a lockout or the delay is not counted again: counting it would
# let a stranger keep a known user's lockout going (and the delay growing) for ever.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# And per account across addresses (accounts.backends.account_delay): past this
# many failures within the cool-off time, each try waits 1, 2, 4 ... seconds
# after the last failure, at most SIGNIN_ACCOUNT_MAX_DELAY. A delay, not a
# lockout, so a stranger cannot lock a known user out.
SIGNIN_ACCOUNT_FREE_FAILURES = int(os.environ.get("DJANGO_SIGNIN_ACCOUNT_FREE_FAILURES", "10"))
SIGNIN_ACCOUNT_MAX_DELAY = timedelta(seconds=int(os.environ.get("DJANGO_SIGNIN_ACCOUNT_MAX_DELAY_SECONDS", "300")))
# The address counted is REMOTE_ADDR: behind a reverse proxy, the WSGI server
# must set it to the client's (gunicorn: --forwarded-allow-ips).

# Two-factor sign-in (django-otp, TOTP). Leaders, inspectors, administrators
# and staff must enrol a device and give a code after their password; anyone
# who enrolled one gives a code too. On by default except in a debug trial run.
REQUIRE_TWO_FACTOR = env_bool("DJANGO_REQUIRE_2FA", not DEBUG)
TWO_FACTOR_ROLES = ("leader", "inspector", "administrator")
# Step-up (accounts.services.reauth): a decision that cannot be undone needs the
# decider's password (and code) given within this many seconds, a sign-in included.
STEP_UP_WINDOW_SECONDS = int(os.environ.get("DJANGO_STEP_UP_WINDOW_SECONDS", "300"))
OTP_TOTP_ISSUER = os.environ.get("DJANGO_OTP_ISSUER", "Secrecy registry")

# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that a request without credentials gets 401 and a
        # WWW-Authenticate header; sessions (the pages' sign-in) need CSRF.
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "documents.api.schema.RegistrySchema",
    "EXCEPTION_HANDLER": "documents.api.errors.handle_exception",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Classified document registry API",
    "DESCRIPTION": (
        "Read the registration ledger and take each lifecycle step. Every step takes a `reason`, "
        "recorded in the history with the caller's name. Anything outside the caller's knowledge "
        "scope answers 404, as if it did not exist."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "ENUM_NAME_OVERRIDES": {
        "LevelEnum": "documents.levels.Level",
        "CopyStatusEnum": "documents.models.copy.CopyStatus",
        "ReproductionKindEnum": "documents.models.reproduction.ReproductionKind",
        "DecisionKindEnum": "documents.models.classification.DecisionKind",
        "DispatchItemStatusEnum": "dispatch.models.ItemStatus",
        "KeyPartCheckResultEnum": "registers.models.key_part.CheckResult",
        "GroupPositionEnum": "registers.models.organisation.Position",
        "InventoryItemResultEnum": "documents.models.inventory.ItemResult",
        "IncidentKindEnum": "documents.models.incident.IncidentKind",
        "IncidentStatusEnum": "documents.models.incident.IncidentStatus",
        "MeetingKindEnum": "registers.models.meeting.MeetingKind",
        "EducationEventKindEnum": "registers.models.education.EventKind",
        "DeviceStatusEnum": "carriers.models.device.DeviceStatus",
        "PrintJobStatusEnum": "printing.models.PrintJobStatus",
        "InventoryDeviceResultEnum": "documents.models.inventory.DEVICE_RESULT_CHOICES",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
