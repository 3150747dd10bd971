"""Storage keyed by province: every file path starts with the province's schema name.

Files are never served from these paths directly; views check province and permission first.
"""

from django_tenants.files.storage import TenantFileSystemStorage
from storages.backends.s3 import S3Storage

from tenants.context import current_schema_name


class ProvinceFileSystemStorage(TenantFileSystemStorage):
    """var/media/<schema>/...: django-tenants separates the folders per schema."""


class ProvinceS3Storage(S3Storage):
    """s3://bucket/<schema>/...: the prefix is read per call, so one storage object serves all."""

    def _normalize_name(self, name: str) -> str:
        return super()._normalize_name(f"{current_schema_name()}/{name}")
