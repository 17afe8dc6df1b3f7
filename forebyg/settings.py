"""Forebyg settings: one file, every value read from the environment (see .env.example)."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from forebyg.core.crypto import parse_key_list, read_key_file
from forebyg.core.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("FOREBYG_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)
# HTTPS is on unless switched off: only a local development or test server runs on plain HTTP.
HTTPS = env_bool("HTTPS", default=not DEBUG)
SECRET_KEY = env_secret("SECRET_KEY", generated_into=VAR_DIR / "secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "ninja",
    "csp",
    "axes",
    # MFA for local accounts (issue 7): TOTP devices and recovery codes (forebyg/accounts/mfa/).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "forebyg.core",
    "forebyg.audit",
    "forebyg.accounts",
    "forebyg.actors",
    "forebyg.legal",
    "forebyg.prevention",
    "forebyg.national",
    "forebyg.cases",
    "forebyg.exchange",
    "forebyg.conferences",
    "forebyg.plans",
    "forebyg.networks",
    "forebyg.stats",
    "forebyg.api",
    "forebyg.retention",
    "forebyg.access_requests",
    # `manage.py generate_synthetic` (issue 9): synthetic national data; no models.
    "forebyg.synthetic",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "forebyg.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "forebyg.core.middleware.DanishFirstLocaleMiddleware",
    # After the language is chosen, so the 400 page for a CPR number in the URL is in it.
    "forebyg.core.urlguard.CprInUrlMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Sessions (issue 7): idle/absolute timeouts, "log out everywhere", disabled users; then
    # no-store on every logged-in or closed response.
    "forebyg.core.middleware.SessionLifetimeMiddleware",
    "forebyg.core.middleware.NoStoreMiddleware",
    # MFA (issue 7): until a local login is confirmed with a code, only the MFA pages, logout and
    # public pages open. It reads the session, not the device, so a request costs no query; see
    # forebyg/accounts/mfa/middleware.py for why django_otp's OTPMiddleware is not used.
    "forebyg.accounts.mfa.middleware.MFARequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as axes asks: it turns a lockout into our own login page with the lockout message.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "forebyg.urls"
WSGI_APPLICATION = "forebyg.wsgi.application"

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
                "csp.context_processors.nonce",
                "forebyg.cases.breakglass.banner",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'forebyg.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE takes the write lock up front,
    # so two concurrent writers queue instead of failing half-way with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:start"
LOGOUT_REDIRECT_URL = "prevention:home"

# Authentication (docs/decisions/0008). Local login (username and password) and OIDC login
# (MitID Erhverv through NemLog-in, or another provider) are each switched by a setting.
LOCAL_LOGIN_ENABLED = env_bool("LOCAL_LOGIN_ENABLED", default=True)
# MFA for local accounts (forebyg/accounts/mfa/): every role that reaches personal data needs a
# TOTP code after the password. Professionals, plan owners and analysts reach none (their own
# reports' receipts, plans, aggregate statistics). OIDC logins carry the provider's assurance level.
MFA_ENFORCED = env_bool("MFA_ENFORCED", default=True)
MFA_REQUIRED_ROLES = [
    "municipal_coordinator",
    "police_coordinator",
    "partner",
    "hotline_operator",
    "dpo",
    "administrator",
]
MFA_ISSUER = "Forebyg"  # the name authenticator apps show next to the account
OTP_TOTP_ISSUER = MFA_ISSUER
OTP_STATIC_THROTTLE_FACTOR = 1
FOREBYG_OIDC_ENABLED = env_bool("FOREBYG_OIDC_ENABLED", default=False)
FOREBYG_OIDC_BACKEND = "forebyg.accounts.oidc.backend.OIDCBackend"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username and address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    *(["django.contrib.auth.backends.ModelBackend"] if LOCAL_LOGIN_ENABLED else []),
    *([FOREBYG_OIDC_BACKEND] if FOREBYG_OIDC_ENABLED else []),
]

# OIDC (mozilla-django-oidc, extended in forebyg/accounts/oidc/). Endpoints from the provider's
# /.well-known/openid-configuration; only asymmetric signatures, keys from the JWKS endpoint.
OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")  # optional: claims come from the ID token
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_secret("OIDC_RP_CLIENT_SECRET") if FOREBYG_OIDC_ENABLED else ""
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid")
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_STORE_ACCESS_TOKEN = False
OIDC_STORE_ID_TOKEN = False
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
# Requested assurance, e.g. "https://data.gov.dk/concept/core/nsis/loa/Substantial" for NemLog-in.
OIDC_AUTH_REQUEST_EXTRA_PARAMS = (
    {"acr_values": env_str("OIDC_ACR_VALUES")} if env_str("OIDC_ACR_VALUES") else {}
)
FOREBYG_OIDC_CLOCK_SKEW_SECONDS = env_int("FOREBYG_OIDC_CLOCK_SKEW_SECONDS", 30)
# The claim a user is matched on (stored in User.oidc_subject); never name or e-mail.
FOREBYG_OIDC_SUBJECT_CLAIM = env_str(
    "FOREBYG_OIDC_SUBJECT_CLAIM", "https://data.gov.dk/model/core/eid/professional/uuid/persistent"
)
# The organisation the person logs in for: the claim's value (a CVR number) mapped to the key of an
# Organisation, "cvr:key,cvr:key". Empty map: the organisation is not checked.
FOREBYG_OIDC_ORGANISATION_CLAIM = env_str(
    "FOREBYG_OIDC_ORGANISATION_CLAIM", "https://data.gov.dk/model/core/eid/professional/cvr"
)
FOREBYG_OIDC_ORGANISATIONS = env_list("FOREBYG_OIDC_ORGANISATIONS", [])
# NSIS assurance level (low < substantial < high): every login needs the default, each role its
# own level, "role:level,role:level"; the highest of the user's roles applies.
FOREBYG_OIDC_LOA_CLAIM = env_str(
    "FOREBYG_OIDC_LOA_CLAIM", "https://data.gov.dk/concept/core/nsis/loa"
)
FOREBYG_OIDC_DEFAULT_LOA = env_str("FOREBYG_OIDC_DEFAULT_LOA", "substantial")
FOREBYG_OIDC_ROLE_LOA = env_list("FOREBYG_OIDC_ROLE_LOA", ["police_coordinator:high"])
# Off: only users an administrator has linked (User.oidc_subject) may log in.
FOREBYG_OIDC_CREATE_USERS = env_bool("FOREBYG_OIDC_CREATE_USERS", default=False)

# Lockout (django-axes): 5 failures for one username from one address lock that pair for 15
# minutes; other users at the same address are not affected. Our login page shows the message.
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout do not extend it: the pair is free again 15 minutes after locking.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "forebyg.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "forebyg.accounts.lockout.client_ip"
AXES_CLIENT_STR_CALLABLE = "forebyg.accounts.lockout.client_label"  # no usernames in the log
AXES_USERNAME_CALLABLE = "forebyg.accounts.lockout.client_username"
# Our audit log records every login; axes keeps only the failure counters it needs.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_ENABLE_ADMIN = False  # its models are registered on our admin site instead
AXES_VERBOSE = False
# Behind a proxy the client's address is the right-most X-Forwarded-For entry the proxy appended.
FOREBYG_TRUST_X_FORWARDED_FOR = env_bool("BEHIND_PROXY", default=False)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
# A local server serves static files straight from their sources; production runs collectstatic.
STATIC_FROM_SOURCES = env_bool("STATIC_FROM_SOURCES", default=DEBUG)
WHITENOISE_USE_FINDERS = STATIC_FROM_SOURCES
STATIC_ROOT = None if STATIC_FROM_SOURCES else BASE_DIR / "staticfiles"
STORAGES = {
    # Uploaded files are encrypted on disk with the field encryption keys (issue 8).
    "default": {"BACKEND": "forebyg.core.storage.EncryptedFileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if STATIC_FROM_SOURCES
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# More than one app server (README "Production layout"): with REDIS_URL (or REDIS_URL_FILE, as the
# URL may carry a password) the default cache is Redis, so the rate limits (core/ratelimit.py)
# count across every server, and sessions go through it ("cached_db": read from Redis, written
# through to the database, so a Redis restart logs no one out). Lockouts (django-axes' database
# handler) live in the database and are shared without it. Without REDIS_URL nothing changes:
# each process's own memory (LocMemCache) and sessions in the database.
REDIS_URL = env_str("REDIS_URL") or (env_secret("REDIS_URL") if env_str("REDIS_URL_FILE") else "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Several deployments (or test runs) may share one Redis: keep their keys apart.
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "forebyg"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
# Session lifetime and step-up (forebyg/accounts/sessions.py, stepup.py; issue 7 point 4):
# a session ends after 30 idle minutes and 8 hours in all; exports, reveals, disclosures and
# role changes need a login or a re-entered password within the last 5 minutes.
FOREBYG_SESSION_IDLE_SECONDS = env_int("FOREBYG_SESSION_IDLE_SECONDS", 30 * 60)
FOREBYG_SESSION_ABSOLUTE_SECONDS = env_int("FOREBYG_SESSION_ABSOLUTE_SECONDS", 8 * 60 * 60)
FOREBYG_STEP_UP_SECONDS = env_int("FOREBYG_STEP_UP_SECONDS", 5 * 60)
# The cookie outlives neither limit; the middleware enforces both server-side.
SESSION_COOKIE_AGE = FOREBYG_SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
# Not "no-referrer": with it browsers send "Origin: null" on our own form posts and Django's CSRF
# origin check refuses them (docs/decisions/0004). "same-origin" still sends nothing elsewhere.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", default=False) else None
)
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # One JSON object per line, control characters escaped, CPR numbers redacted as a last line
    # of defence (forebyg/core/logging.py; the test run's log scan fails on any that get this far).
    "formatters": {"json": {"()": "forebyg.core.logging.JsonFormatter", "redact": True}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django.request logs the full URL of failing requests; ours carry no personal data in URLs,
    # but its 4xx warnings are noise, so only errors go through.
    "loggers": {
        "django.request": {"level": "ERROR"},
        "weasyprint": {"level": "WARNING"},  # its INFO lines narrate every PDF's progress
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # its INFO lines narrate every failed login
        # Its DEBUG lines (a missing template variable) dump the whole context: a revealed CPR too.
        "django.template": {"level": "INFO"},
    },
}

# Encryption at rest (forebyg/core/crypto.py). FIELD_ENCRYPTION_KEYS is "id:secret,id:secret":
# the first key encrypts, every listed key decrypts, so a new key goes first and `rotate_keys`
# re-encrypts. Without the variable a development key is generated once into var/.
# FIELD_ENCRYPTION_KEYS_FILE names a file with the same items (one a line); the generated key
# has the id "dev", which `check --deploy` refuses with DEBUG off (forebyg/core/checks.py).
FIELD_ENCRYPTION_KEYS = (
    env_list("FIELD_ENCRYPTION_KEYS")
    or parse_key_list(read_key_file(env_str("FIELD_ENCRYPTION_KEYS_FILE", "")))
    or [
        "dev:" + env_secret("FIELD_ENCRYPTION_KEY", generated_into=VAR_DIR / "field_encryption_key")
    ]
)
BLIND_INDEX_KEY = env_secret("BLIND_INDEX_KEY", generated_into=VAR_DIR / "blind_index_key")

# Forebyg's own settings
FOREBYG_DEMO_PASSWORDS_FILE = VAR_DIR / "demo-passwords.txt"

# Rate limits (forebyg/core/ratelimit.py), counted in the cache. The default cache is per-process
# memory: with several app servers, configure a shared cache (Redis) or each counts on its own.
# "Known elsewhere" questions per day, per user and per organisation (forebyg/exchange).
FOREBYG_KNOWN_ELSEWHERE_LIMIT_PER_USER = env_int("FOREBYG_KNOWN_ELSEWHERE_LIMIT_PER_USER", 20)
FOREBYG_KNOWN_ELSEWHERE_LIMIT_PER_ORGANISATION = env_int(
    "FOREBYG_KNOWN_ELSEWHERE_LIMIT_PER_ORGANISATION", 200
)
# Person searches and exports (forebyg.core.ratelimit.rate_limited): per user and per
# organisation within a window (seconds). A refusal is a 429 page and a log line without names.
FOREBYG_RATE_LIMITS = {
    "person_search": {
        "user": env_int("FOREBYG_PERSON_SEARCH_LIMIT_PER_USER", 100),
        "organisation": env_int("FOREBYG_PERSON_SEARCH_LIMIT_PER_ORGANISATION", 1000),
        "window": 60 * 60,
    },
    "export": {
        "user": env_int("FOREBYG_EXPORT_LIMIT_PER_USER", 30),
        "organisation": env_int("FOREBYG_EXPORT_LIMIT_PER_ORGANISATION", 300),
        "window": 60 * 60,
    },
    # Break-glass requests: few are ever needed; many means someone is guessing references.
    "break_glass": {
        "user": env_int("FOREBYG_BREAK_GLASS_LIMIT_PER_USER", 10),
        "organisation": env_int("FOREBYG_BREAK_GLASS_LIMIT_PER_ORGANISATION", 50),
        "window": 60 * 60,
    },
}

# Break-glass (nødadgang): how long a coordinator's emergency access to one case lasts.
FOREBYG_BREAK_GLASS_MINUTES = env_int("FOREBYG_BREAK_GLASS_MINUTES", 60)

# Suppressed (national) statistics are published, not counted per request (decision 0013): a
# stored publication is served until it is this old, then rebuilt by the next reader; the
# nightly `manage.py publish_statistics` renews it before that.
STATISTICS_REPUBLISH_SECONDS = env_int("STATISTICS_REPUBLISH_SECONDS", 24 * 60 * 60)
