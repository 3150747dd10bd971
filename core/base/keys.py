"""Master secrets and the keys derived from them, shared by backups and data at rest.

Every key is derived with HKDF-SHA256 from a master secret (a setting), a salt naming its use
("hoso.backups.v1", "hoso.data.v1") and the province's schema name, so no two provinces and no
two uses share a key. A rotation sets a new current secret and keeps the former ones in an
"old keys" setting until everything sealed under them has been sealed again.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

logger = logging.getLogger(__name__)


@lru_cache(maxsize=512)
def hkdf(master: bytes, *, salt: bytes, info: bytes, length: int) -> bytes:
    """`length` bytes derived from `master` for `info`; cached (derivation costs a few µs and
    a list of a thousand people would repeat it per value)."""
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(master)


# master_secrets by (setting, old_setting), read once per process: every sealed value read asks
# for them (a daily duty run over 6,000 people asked 86,000 times, 12 % of its time). Forgotten
# when the settings change (override_settings, the tests' `settings` fixture).
_SECRETS: dict[tuple[str, str], list[str]] = {}


@receiver(setting_changed)
def _secrets_forget(**kwargs: object) -> None:
    _SECRETS.clear()


def master_secrets(setting: str, old_setting: str, *, purpose: str) -> list[str]:
    """The current master secret first, then older ones still accepted for opening.

    `setting` must be set wherever DJANGO_SECRET_KEY is (a real deployment): what it seals must
    outlive a rotation of the session secret. Only a development machine falls back to
    SECRET_KEY, with a warning.
    """
    secrets = _SECRETS.get((setting, old_setting))
    if secrets is None:
        secrets = _SECRETS[(setting, old_setting)] = _master_secrets_read(setting, old_setting, purpose=purpose)
    return list(secrets)


def _master_secrets_read(setting: str, old_setting: str, *, purpose: str) -> list[str]:
    from hoso.settings.env import env_list, env_str

    current = getattr(settings, setting, None) or env_str(setting)
    older = getattr(settings, old_setting, None) or env_list(old_setting)
    if not current:
        if env_str("DJANGO_SECRET_KEY"):
            raise ImproperlyConfigured(f"{setting} must be set to {purpose}.")
        _warn_once(setting)
        current = "development:" + str(settings.SECRET_KEY)
    return [current, *[secret for secret in older if secret and secret != current]]


@lru_cache(maxsize=16)
def _warn_once(setting: str) -> None:
    logger.warning("%s is not set: keys derive from SECRET_KEY (development only).", setting)
