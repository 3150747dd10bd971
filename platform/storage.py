"""Storage keyed by province: every file path starts with the province's schema name.

Files are never served from these paths directly; views check province and permission first.
"""

from django.core.exceptions import SuspiciousOperation
from django_tenants.files.storage import TenantFileSystemStorage
from storages.backends.s3 import S3Storage
from storages.utils import safe_join

from tenants.context import current_schema_name


class ProvinceFileSystemStorage(TenantFileSystemStorage):
    """var/media/<schema>/...: django-tenants separates the folders per schema."""


class ProvinceS3Storage(S3Storage):
    """s3://bucket/<schema>/...: the prefix is read per call, so one storage object serves all."""

    def _normalize_name(self, name: str) -> str:
        # Joined under the schema first, so "../<other province>/…" cannot leave it.
        try:
            return super()._normalize_name(safe_join(current_schema_name(), name))
        except ValueError:
            raise SuspiciousOperation(f"Tệp nằm ngoài thư mục của tỉnh: {name}") from None
