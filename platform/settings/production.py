"""Production settings: secrets must come from the environment.

Import order: base (every integration from the environment) -> the overrides below. Security
headers beyond the cookies (CSP, HSTS) belong in their own block, added after this one.
"""

from django.core.exceptions import ImproperlyConfigured
from hoso.observability.logs import logging_config
from hoso.settings.base import *  # noqa: F403
from hoso.settings.env import env_bool, env_str
from hoso.settings.storage import storage_settings

if not env_str("DJANGO_SECRET_KEY"):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS only: plain HTTP is redirected, and browsers are told to use HTTPS for a year on every
# province's subdomain (the probes /healthz and /readyz are answered before this, over HTTP).
SECURE_SSL_REDIRECT = env_bool("HOSO_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Static files from the web process itself (WhiteNoise, in base.py's MIDDLEWARE): in production
# from collectstatic's output, with hashed names cached for a year.
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
STORAGES = {
    **storage_settings()["STORAGES"],  # type: ignore[dict-item]
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# One JSON object a line, with the province's schema and the request id (LOG_FORMAT=text to read
# by eye).
LOGGING = logging_config(fmt=env_str("LOG_FORMAT", "json"), level=env_str("LOG_LEVEL", "INFO"))

# Background work in production: a task is acknowledged only once it has finished, so a worker
# stopped (or killed) mid-task leaves it on the queue for another; one task reserved at a time.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
