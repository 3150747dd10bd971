"""The province storages (hoso.storage) with every file sealed by the province's data key
(core.base.sealed): sealed on write, opened on read, so a document under var/media/<schema>/ or
in the bucket is unreadable without the key.

A file stored before sealing is read as it is until `manage.py data_keys_rotate` seals it.
Documents are at most a few MB (the upload cap), so sealing works on the whole content. Files
written from `public` (backups, already encrypted by their own key and streamed) are left as
they are: no person's document is stored there.
"""

from django.core.files.base import ContentFile, File
from hoso.storage import ProvinceFileSystemStorage, ProvinceS3Storage

from core.base.sealed import seal_file, unseal_file
from tenants.context import current_schema_name


def _sealing_schema() -> str | None:
    schema = current_schema_name()
    return None if schema == "public" else schema


class SealedStorageMixin:
    def _save(self, name: str, content: File) -> str:
        schema = _sealing_schema()
        if schema is None:
            return str(super()._save(name, content))  # type: ignore[misc]
        content.seek(0)
        sealed = ContentFile(seal_file(content.read(), schema=schema), name=name)
        return str(super()._save(name, sealed))  # type: ignore[misc]

    def _open(self, name: str, mode: str = "rb") -> File:
        schema = _sealing_schema()
        if schema is None:
            return super()._open(name, mode)  # type: ignore[misc,no-any-return]
        return ContentFile(unseal_file(self.raw_read(name), schema=schema), name=name)

    def size(self, name: str) -> int:
        # The document's own size, as recorded at upload and checked after a copy.
        if _sealing_schema() is None:
            return int(super().size(name))  # type: ignore[misc]
        return len(self._open(name).read())

    def raw_read(self, name: str) -> bytes:
        """The stored bytes, sealed or not (key rotation)."""
        stored = super()._open(name, "rb")  # type: ignore[misc]
        try:
            return bytes(stored.read())
        finally:
            stored.close()

    def raw_replace(self, name: str, data: bytes) -> None:
        """Store `data` as it is under `name`, replacing what was there (key rotation)."""
        self.delete(name)  # type: ignore[attr-defined]
        saved = super()._save(name, ContentFile(data, name=name))  # type: ignore[misc]
        if saved != name:
            raise RuntimeError(f"{name} was stored as {saved}.")


class SealedProvinceFileSystemStorage(SealedStorageMixin, ProvinceFileSystemStorage):
    """var/media/<schema>/..., sealed."""


class SealedProvinceS3Storage(SealedStorageMixin, ProvinceS3Storage):
    """s3://bucket/<schema>/..., sealed."""
