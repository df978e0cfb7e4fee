"""Django settings for Công Minh.

Configuration comes from environment variables (see README.md, "Configuration"):
the embedded SQLite file is the default; DATABASE_URL selects PostgreSQL in production.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("CONGMINH_DATA_DIR", Path.cwd() / "var"))



def kept_secret_key(path: Path) -> str:
    """The key kept at `path`, created on first start (readable by its owner only). The
    server's workers and the job worker start at the same moment on a new installation:
    a key is written whole to a file of the process's own, then linked into place, so
    the first one wins and no process reads a half-written or a different key."""
    if not path.exists():
        import secrets

        path.parent.mkdir(parents=True, exist_ok=True)
        own = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(own, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
        try:
            os.link(own, path)
        except FileExistsError:
            pass  # another process linked its key first: that one is the key
        finally:
            own.unlink()
    return path.read_text().strip()


def _secret_key() -> str:
    """`CONGMINH_SECRET_KEY`, else a random key kept in the data directory: no
    installation runs on a known key."""
    return os.environ.get("CONGMINH_SECRET_KEY", "") or kept_secret_key(DATA_DIR / "secret_key")


SECRET_KEY = _secret_key()
# Off unless asked for (`CONGMINH_DEBUG=1` in development): Django's debug page would
# show the settings to anyone who mistypes an address.
DEBUG = os.environ.get("CONGMINH_DEBUG", "0") == "1"
# Behind TLS (`CONGMINH_SECURE=1`): secure cookies, HSTS, HTTPS redirects, and the proxy's
# X-Forwarded-Proto header trusted (the reverse proxy must set it).
SECURE = os.environ.get("CONGMINH_SECURE", "0") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 31_536_000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SESSION_COOKIE_HTTPONLY = True
# Django's database sessions, read with one SQL statement instead of an ORM query (#12.3).
SESSION_ENGINE = "congminh.apps.accounts.sessions"
SESSION_COOKIE_AGE = int(os.environ.get("CONGMINH_SESSION_SECONDS", 14 * 24 * 3600))
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
ALLOWED_HOSTS = [h for h in os.environ.get("CONGMINH_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("CONGMINH_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "congminh.apps.audit",
    "congminh.apps.organisations",
    "congminh.apps.accounts",
    "congminh.apps.cases",
    "congminh.apps.obligations",
    "congminh.apps.imports",
    "congminh.apps.demo",
    "congminh.apps.directives",
    "congminh.apps.law",
    "congminh.apps.reports",
    "congminh.apps.attendance",
    "congminh.apps.expertise",
    "congminh.apps.evidence",
    "congminh.apps.complaints",
    "congminh.apps.quality",
    "congminh.apps.supervision",
    "congminh.apps.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "congminh.apps.audit.context.AuditActorMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "congminh.apps.accounts.twofactor.TwoFactorMiddleware",  # only when CONGMINH_2FA=1
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "congminh.urls"
WSGI_APPLICATION = "congminh.wsgi.application"

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
            ],
        },
    }
]


def _database() -> dict[str, object]:
    # Persistent connections in production; 0 in tests, where live-server threads
    # would otherwise keep the test database open at teardown. On SQLite too: opening the
    # file and setting its pragmas per request cost a cached page most of its time.
    max_age = int(os.environ.get("CONGMINH_CONN_MAX_AGE", "60"))
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dict(dj_database_url.parse(url, conn_max_age=max_age))
        # Two test runs on one server need two test databases (default "test_<NAME>").
        if os.environ.get("CONGMINH_TEST_DB_NAME"):
            config["TEST"] = {"NAME": os.environ["CONGMINH_TEST_DB_NAME"]}
        # PostgreSQL's JIT compiles any plan whose estimated cost is high: a list page
        # that runs in 200 ms spent 350 ms more compiling (bench/pages.py).
        options = dict(config.get("OPTIONS") or {})  # type: ignore[call-overload]  # a TypedDict value
        options.setdefault("options", "-c jit=off")
        config["OPTIONS"] = options
        return config
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("CONGMINH_SQLITE_PATH", str(DATA_DIR / "congminh.sqlite3")),
        "CONN_MAX_AGE": max_age,
        # WAL lets the web server read while an import writes; IMMEDIATE avoids
        # "database is locked" upgrades from read to write transactions.
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        },
        # A file, not the default shared-cache memory database: there a read by one
        # thread (a page polling an import's progress) makes another thread's write fail
        # at once with "database table is locked"; a file in WAL mode waits as in use.
        "TEST": {"NAME": str(DATA_DIR / "test-congminh.sqlite3")},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "web:login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS: list[Path] = []

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
MEDIA_ROOT = Path(os.environ.get("CONGMINH_MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "/media/"
# Serve static files from the app directories without collectstatic, in dev and tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Form fields other than files (files are limited by UPLOAD_LIMITS below); an upload
# bigger than FILE_UPLOAD_MAX_MEMORY_SIZE goes to a temporary file, not to memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# An upload over CONGMINH_UPLOAD_MAX_MB is received but not kept (the form then says so).
FILE_UPLOAD_HANDLERS = [
    "congminh.apps.imports.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# What an uploaded file may be (congminh.core.files.FileLimits; README "Configuration").
UPLOAD_LIMITS = {
    "max_bytes": int(os.environ.get("CONGMINH_UPLOAD_MAX_MB", "50")) * 1024 * 1024,
    "max_rows": int(os.environ.get("CONGMINH_IMPORT_MAX_ROWS", "500000")),
    "max_columns": int(os.environ.get("CONGMINH_IMPORT_MAX_COLUMNS", "200")),
    "max_unzipped_bytes": int(os.environ.get("CONGMINH_UNZIPPED_MAX_MB", "1000")) * 1024 * 1024,
    "max_document_unzipped_bytes": int(os.environ.get("CONGMINH_DOCX_UNZIPPED_MAX_MB", "100")) * 1024 * 1024,
    "max_zip_ratio": int(os.environ.get("CONGMINH_ZIP_MAX_RATIO", "100")),
    "max_pdf_pages": int(os.environ.get("CONGMINH_PDF_MAX_PAGES", "1000")),
    "max_ocr_pages": int(os.environ.get("CONGMINH_OCR_MAX_PAGES", "50")),
    "max_image_pixels": int(os.environ.get("CONGMINH_IMAGE_MAX_PIXELS", "100000000")),
    "ocr_timeout": float(os.environ.get("CONGMINH_OCR_TIMEOUT", "90")),
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Công Minh API",
    "DESCRIPTION": "Cases, events and imports of a province's judicial bodies.",
    "VERSION": "1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "congminh.apps.web.openapi.document_errors",
    ],
}

EMAIL_BACKEND = os.environ.get(
    "CONGMINH_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("CONGMINH_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("CONGMINH_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("CONGMINH_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CONGMINH_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("CONGMINH_EMAIL_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("CONGMINH_FROM_EMAIL", "congminh@localhost")

# Cache (counts and page bodies keyed by data version, `cases.counts`; reports): local
# memory by default, one per process; `CONGMINH_CACHE_URL=redis://host:6379/1` shares it
# between the web server's workers (Django's Redis backend, `redis` is a dependency
# already), so a count or a page computed by one worker serves them all. Keys carry the
# database's identity: versions start low in every database, and two installations (or a
# restored copy) sharing one Redis must not read each other's values. `clear()` empties
# the whole Redis database: give the cache one of its own, not the queue's.
CACHE_URL = os.environ.get("CONGMINH_CACHE_URL", "")


def _cache() -> dict[str, object]:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    import hashlib

    db = DATABASES["default"]
    identity = "|".join(str(db.get(k, "")) for k in ("ENGINE", "HOST", "PORT", "NAME"))
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL,
            "KEY_PREFIX": "congminh-" + hashlib.sha256(identity.encode()).hexdigest()[:12]}


CACHES = {"default": _cache()}

# Job queue (congminh.apps.jobs, huey): an SQLite file in the data directory by default,
# so `make run` needs nothing else; Redis in production (`CONGMINH_QUEUE_URL=redis://…`).
QUEUE_URL = os.environ.get("CONGMINH_QUEUE_URL", "")
HUEY = {
    "name": "congminh",
    "huey_class": "huey.RedisHuey" if QUEUE_URL.startswith("redis") else "huey.SqliteHuey",
    **({"url": QUEUE_URL} if QUEUE_URL.startswith("redis") else {
        "filename": QUEUE_URL.removeprefix("sqlite:///") or str(DATA_DIR / "queue.sqlite3")}),
    # Immediate: a job runs inside the request that queues it (the tests', unless a test
    # starts a real worker; pytest is loaded before these settings are read).
    "immediate": os.environ.get("CONGMINH_QUEUE_IMMEDIATE", str(int("pytest" in sys.modules))) == "1",
    "utc": False,  # the schedule below is in local time (TIME_ZONE)
    "results": False,  # outcomes live on the Job rows
    "consumer": {"workers": int(os.environ.get("CONGMINH_WORKER_THREADS", "2")), "worker_type": "thread",
                 "max_delay": 2.0},  # seconds between polls of an idle queue, at most
}
INSTALLED_APPS += ["huey.contrib.djhuey", "congminh.apps.jobs"]
# Periodic jobs, crontab fields "minute hour day month weekday" in local time.
JOB_SCHEDULE = {
    "law_refresh": os.environ.get("CONGMINH_SCHEDULE_LAW_REFRESH", "5 0 * * *"),
    "remind": os.environ.get("CONGMINH_SCHEDULE_REMIND", "0 7 * * *"),
    "extend_directives": os.environ.get("CONGMINH_SCHEDULE_EXTEND", "0 1 15 12 *"),
    "backup": os.environ.get("CONGMINH_SCHEDULE_BACKUP", "30 2 * * *"),
    "review_snapshot": os.environ.get("CONGMINH_SCHEDULE_REVIEW_SNAPSHOT", "20 0 * * *"),
}
# The worker's daily backup (`congminh backup`): where the archives go, how many are kept.
BACKUP_DIR = Path(os.environ.get("CONGMINH_BACKUP_DIR", DATA_DIR / "backups"))
BACKUP_KEEP = int(os.environ.get("CONGMINH_BACKUP_KEEP", "14"))
JOB_MAX_ATTEMPTS = int(os.environ.get("CONGMINH_JOB_MAX_ATTEMPTS", "3"))
# A running job whose worker has not written its heartbeat for this long is taken as dead.
JOB_STALE_SECONDS = int(os.environ.get("CONGMINH_JOB_STALE_SECONDS", "120"))
UPLOAD_DIR = Path(os.environ.get("CONGMINH_UPLOAD_DIR", DATA_DIR / "uploads"))
# The quarterly review's snapshot files (`reports.snapshot`), read by every web worker as it starts.
REVIEW_SNAPSHOT_DIR = DATA_DIR / "snapshots"

# --- Login lockout (django-axes) and Content-Security-Policy (django-csp) -------------
INSTALLED_APPS += ["axes", "csp", "django_otp", "django_otp.plugins.otp_totp"]
# Administrators and supervisors give a TOTP code after their password (django-otp).
TWO_FACTOR_REQUIRED = os.environ.get("CONGMINH_2FA", "0") == "1"
AUTHENTICATION_BACKENDS = [
    # django-axes: refuses a locked-out login before checking its password.
    "congminh.apps.accounts.security.LockoutBackend",
    # Django's, reading the user's body in the same query (every page needs it).
    "congminh.apps.accounts.security.UserBackend",
    # Only for the sessions opened before UserBackend, which name this one.
    "django.contrib.auth.backends.ModelBackend",
]
# After CONGMINH_LOCKOUT_FAILURES wrong passwords for one login from one address, that
# login is refused from there for CONGMINH_LOCKOUT_MINUTES (`congminh axes_reset` lifts it).
AXES_FAILURE_LIMIT = int(os.environ.get("CONGMINH_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = int(os.environ.get("CONGMINH_LOCKOUT_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # logins and logouts are in the audit trail
AXES_LOCKOUT_CALLABLE = "congminh.apps.accounts.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "congminh.apps.accounts.security.client_ip"
# No inline script, style or handler anywhere (a test walks the pages); the API docs
# page alone relaxes styles (`congminh.urls`).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CONGMINH_LOG_LEVEL", "WARNING")},
    # The worker's log: each job started and ended, once (huey adds no handler of its own).
    "loggers": {"huey": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# --- National exchange (`congminh export national`, docs/exchange.md) ------------------
INSTALLED_APPS += ["congminh.apps.exchange"]
# The province's secret key for the pseudonyms of its exports (required outside DEBUG and
# the tests), and the key shared by the provinces when a person may be linked across them
# by identity number (unset: pseudonyms never link two provinces).
EXCHANGE_KEY = os.environ.get("CONGMINH_EXCHANGE_KEY", "")
EXCHANGE_NATIONAL_KEY = os.environ.get("CONGMINH_EXCHANGE_NATIONAL_KEY", "")

# --- National screens (a national deployment: `congminh.apps.national`) ----------------
INSTALLED_APPS += ["congminh.apps.national"]
# The directory `congminh national evaluate` wrote its results to (unset: no national screens).
NATIONAL_RESULTS = (Path(os.environ["CONGMINH_NATIONAL_RESULTS"])
                    if os.environ.get("CONGMINH_NATIONAL_RESULTS") else None)
# The provinces' exports it read (optional, comma-separated): the screens show the bodies'
# names and the listed cases' numbers and stages from them.
NATIONAL_DATA = [Path(p.strip()) for p in os.environ.get("CONGMINH_NATIONAL_DATA", "").split(",") if p.strip()]
