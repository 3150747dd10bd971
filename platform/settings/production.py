"""Production settings: secrets must come from the environment."""

from django.core.exceptions import ImproperlyConfigured
from hoso.settings.base import *  # noqa: F403
from hoso.settings.env import env_str

if not env_str("DJANGO_SECRET_KEY"):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
