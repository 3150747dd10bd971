"""Test settings: the same real PostgreSQL, fast hashing, mail kept in memory."""

from hoso.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = "memory://"
# The tests' fake national database and signing services answer on this machine.
HOSO_OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
