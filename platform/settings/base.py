"""hoso settings.

Import order: env (reads the environment) -> one small module per integration -> this file
assembles them. test.py and production.py import this file and override a few names.
"""

from django.utils.translation import gettext_lazy as _
from hoso.observability.logs import logging_config
from hoso.settings.background import celery_settings
from hoso.settings.database import database_settings, replica_database_settings
from hoso.settings.env import BASE_DIR, VAR_DIR, env_bool, env_float, env_int, env_list, env_str
from hoso.settings.monitoring import metrics_multiprocess, metrics_port, release, sentry_init
from hoso.settings.security import security_settings
from hoso.settings.signing import province_signing_services
from hoso.settings.sso import oidc_provinces
from hoso.settings.storage import storage_settings

# Off unless asked for (DJANGO_DEBUG=1): `make run` serves like production where a person sees
# it (Vietnamese error pages, no URL list or traceback), static files through WhiteNoise.
DEBUG = env_bool("DJANGO_DEBUG", default=False)
# Development key only; production.py refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = env_str("DJANGO_SECRET_KEY") or "hoso-development-key-not-for-production"

# Provinces are served at <subdomain>.<BASE_DOMAIN>; the public console at BASE_DOMAIN.
BASE_DOMAIN = env_str("BASE_DOMAIN", "localhost")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [BASE_DOMAIN, f".{BASE_DOMAIN}", "127.0.0.1"]

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "core.base.accounts",
    "core.base.audit",
    "core.catalogues",
    "core.backups",
    # The operators' work: operators, first sign-in, merger, demo and reference data.
    "core.operations",
    "rules.national",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Sign-in lockout (django-axes): its attempts live in each schema, so each province (and
    # the operators' console) counts its own failures.
    "axes",
    "django_htmx",
    # Operators' second factor (TOTP); its tables exist only in `public`, like the operators.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "api",
    "frontend",
]
# Accounts, sessions, tokens and audit exist in every schema: a province's users and their
# sessions live in the province's own schema, so a cookie or token cannot cross provinces.
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    # API tokens (django-rest-knox): hashed at rest, with an expiry, in the province's schema.
    "knox",
    "axes",
    "core.base.accounts",
    "core.base.audit",
    "core",
    "core.approvals",
    "core.reports",
    "core.transfers",
    "core.careers",
    # Personal data protection: data subjects' requests, breach incidents.
    "core.privacy",
    # The technical agency: its periodic checks of storage and backups.
    "core.tech_agency",
    "rules",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Province"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
PUBLIC_SCHEMA_URLCONF = "hoso.urls_public"
# django-tenants' default, said here: its middleware reads it on every request, and a setting
# left out costs an exception each time.
HAS_MULTI_TYPE_TENANTS = False
ROOT_URLCONF = "hoso.urls_tenant"
SHOW_PUBLIC_IF_NO_TENANT_FOUND = False
# Statistics, reports and exports read from the replica when DATABASE_REPLICA_URL is set
# (tenants/replica.py); every other read and every write goes to the primary.
DATABASE_ROUTERS = ["tenants.replica.ReplicaRouter", "django_tenants.routers.TenantSyncRouter"]
# TENANT_LIMIT_SET_CALLS stays off: it serves stale search paths after savepoint rollbacks.
# A new province is a clone of this template schema (kept migrated by `migrate_schemas`, see
# tenants/schema_migrations.py): seconds instead of replaying every migration.
TENANT_BASE_SCHEMA = "province_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
# Copies of the template kept ready (tenants/spares.py): onboarding renames one instead of copying.
TENANT_SPARE_SCHEMAS = env_int("HOSO_SPARE_SCHEMAS", 2)
GET_EXECUTOR_FUNCTION = "tenants.schema_migrations.executor_get"
# `migrate_schemas --executor=multiprocessing` and `provinces_migrate`: provinces in parallel.
TENANT_MULTIPROCESSING_MAX_PROCESSES = 4
TENANT_MULTIPROCESSING_CHUNKS = 1
OTP_TOTP_ISSUER = "hoso"

AUTH_USER_MODEL = "accounts.Account"
LOGIN_URL = "frontend:login"
LOGIN_REDIRECT_URL = "frontend:home"
LOGOUT_REDIRECT_URL = "frontend:login"
# django-axes first: it refuses a locked-out account or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "core.base.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    # The province's shared account (OpenID Connect), only from the single sign-on callback.
    "core.sso.backend.ProvinceSsoBackend",
]

MIDDLEWARE = [
    # Probes first: answered for any host (a pod's own address), before tenancy.
    "frontend.common.health.ProbeMiddleware",
    # Request id, one log line and the metrics of every request, unknown hosts included.
    "hoso.observability.middleware.RequestMiddleware",
    # Static files from the web process itself (WhiteNoise), the same for every province: before
    # the province is looked up, so they cost no database query.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A body announced too large is refused before anything reads it.
    "frontend.common.security.BodyLimitMiddleware",
    "tenants.middleware.ProvinceMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Vietnamese unless the person chose English in the header; never the browser's language.
    "frontend.common.language.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, anonymous at once without a session cookie.
    "frontend.common.security.AuthenticationMiddleware",
    # Content-Security-Policy (no inline script).
    "frontend.common.security.CSPMiddleware",
    # Django's messages, their storage made only for a request that adds or shows one.
    "frontend.common.messages.MessageMiddleware",
    # A signed-in session: its province, the idle timeout of the province's rules, an issued or
    # expired password changed before any other page; no-store on every signed-in answer.
    "frontend.common.security.SignedInMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: it answers a sign-in refused by the lockout with the Vietnamese lockout page.
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        # Django's, importing each tag library when a template first loads it (hoso/template_engine.py).
        "BACKEND": "hoso.template_engine.DjangoTemplates",
        # Every feature's pages keep their templates beside them: frontend/<feature>/templates/.
        "DIRS": sorted((BASE_DIR / "frontend").glob("*/templates")),
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontend.context_processors.province",
                "frontend.common.menu.menu",
                "frontend.transfers.context_processors.notifications",
            ],
        },
    },
]

FORM_RENDERER = "hoso.template_engine.FormRenderer"  # the widgets' engine, likewise
WSGI_APPLICATION = "hoso.wsgi.application"
DATABASES = {"default": database_settings(), **replica_database_settings()}
DATABASE_REPLICA_MAX_LAG = env_float("DATABASE_REPLICA_MAX_LAG", 30.0)
DATABASE_REPLICA_CHECK_SECONDS = env_float("DATABASE_REPLICA_CHECK_SECONDS", 5.0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache"
        if env_str("REDIS_URL")
        else "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": env_str("REDIS_URL") or "hoso",
        # Every key carries the schema name: one province's cache never answers another.
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    },
    # National data, the same for every province: its keys carry no schema, so a change made in
    # `public` is seen from every province (core.catalogues.selectors).
    "national": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache"
        if env_str("REDIS_URL")
        else "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": env_str("REDIS_URL") or "hoso-national",
        "KEY_PREFIX": "national",
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first: source strings are written in Vietnamese; English is a translation.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "frontend" / "locale"]
# A form refused for its CSRF token gets a Vietnamese page (an /api/ address, the API's shape).
CSRF_FAILURE_VIEW = "frontend.common.errors.csrf_failure"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = str(VAR_DIR / "static")
# Outside production the files are served from the apps' folders as they are (no collectstatic).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
globals().update(storage_settings())

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # DRF's token sign-in with Vietnamese refusals; tokens live in the province's schema.
        "api.authentication.ProvinceTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "api.renderers.BrowsableAPIRenderer"],
    # drf-spectacular's, imported only when a schema is made (platform/openapi.py).
    "DEFAULT_SCHEMA_CLASS": "hoso.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exception_handlers.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "hoso API",
    "DESCRIPTION": "CSDL cán bộ, công chức, viên chức và người lao động của tỉnh.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's files served from this host (drf-spectacular-sidecar), not from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets whose field name (`kind`, `state`) other components use for other choices.
    "ENUM_NAME_OVERRIDES": {"PrivacyRequestKindEnum": "core.privacy.models.RequestKind",
                            "ReportStateEnum": "core.reports.models.ReportState"},
    # PATCH bodies are checked whole (no view validates a partial serializer): no "Patched…" copy
    # with every field optional.
    "COMPONENT_SPLIT_PATCH": False,
    # First: the schema classes and hoso's extensions are completed before any view is read.
    "PREPROCESSING_HOOKS": ["hoso.openapi.schema_prepare"],
    # Every operation documents its refusals in the one error shape (api/v1/common/schema.py).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "api.v1.common.schema.errors_documented"],
}

globals().update(celery_settings())
# The Celery app, loaded by each tasks module (core.base.background), not at start-up.
HOSO_CELERY_APP = "hoso.celery"
globals().update(security_settings())
# Requests larger than this are refused from their Content-Length, before the body is read
# (frontend.common.security.BodyLimitMiddleware); uploads are 10 MB at most. A plain name, not
# in security_settings(), so that code reading it is type-checked.
HOSO_MAX_REQUEST_BYTES = env_int("HOSO_MAX_REQUEST_BYTES", 11 * 1024 * 1024)
# Province single sign-on: provider and client per province code (platform/settings/sso.py).
HOSO_OIDC_PROVINCES = oidc_provinces()
# Where each province's signing services are (platform/settings/signing.py); which kind signs
# what is the province's rule `signing.signers`. The page's address of the official-duty local
# signing service on the person's own machine.
HOSO_SIGNING = province_signing_services()
HOSO_LOCAL_SIGNER_URL = env_str("HOSO_LOCAL_SIGNER_URL", "ws://127.0.0.1:8987/")

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"hoso@{BASE_DOMAIN}")

# Every line carries the province's schema and the request (or task) id; production.py
# writes them as JSON.
LOGGING = logging_config(fmt=env_str("LOG_FORMAT", "text"), level=env_str("LOG_LEVEL", "INFO"))
HOSO_METRICS_PORT = metrics_port()
HOSO_METRICS_MULTIPROCESS = metrics_multiprocess()
HOSO_RELEASE = release()

sentry_init()
