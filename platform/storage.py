"""Storage keyed by province: every file path starts with the province's schema name.

Files are never served from these paths directly; views check province and permission first.
A stored name that would leave the province's folder ("../<other province>/…") is refused: on
reading it is logged as a security event and answered as a missing file, so every reader
(documents, transfer decisions, written authorisations, dossier photos) gives its usual
"not found" instead of a 400 or a 500.
"""

import logging
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django_tenants.files.storage import TenantFileSystemStorage
from storages.backends.s3 import S3Storage
from storages.utils import safe_join

from tenants.context import current_schema_name

security_log = logging.getLogger("django.security.SuspiciousFileOperation")


class _RefusedReadsAreMissing:
    def _open(self, name: str, mode: str = "rb") -> Any:
        try:
            return super()._open(name, mode)  # type: ignore[misc]
        except SuspiciousOperation as refused:
            security_log.warning("%s", refused)
            raise FileNotFoundError(name) from None


class ProvinceFileSystemStorage(_RefusedReadsAreMissing, TenantFileSystemStorage):
    """var/media/<schema>/...: django-tenants separates the folders per schema."""

    def _clear_cached_properties(self, setting: str, **kwargs: Any) -> None:
        # django-tenants keeps the media root it first read (`relative_media_root`) when MEDIA_ROOT
        # changes, and hands its parent the settings object instead of the setting's name: a
        # process whose MEDIA_ROOT changed (tests' `settings` fixture) went on writing under the
        # old folder.
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "MEDIA_ROOT":
            self.__dict__.pop("relative_media_root", None)
        elif setting == "MEDIA_URL":
            self.__dict__.pop("relative_media_url", None)


class ProvinceS3Storage(_RefusedReadsAreMissing, S3Storage):
    """s3://bucket/<schema>/...: the prefix is read per call, so one storage object serves all."""

    def _normalize_name(self, name: str) -> str:
        # Joined under the schema first, so "../<other province>/…" cannot leave it.
        try:
            return super()._normalize_name(safe_join(current_schema_name(), name))
        except ValueError:
            raise SuspiciousOperation(f"Tệp nằm ngoài thư mục của tỉnh: {name}") from None
