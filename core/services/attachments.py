"""Digitised documents proving a change: PDF, JPEG or PNG, recognised by their content."""

import hashlib

from django.core.files.base import File
from django.db import transaction

from core.base.accounts.models import Account
from core.base.errors import ApplicationError
from core.models import Attachment, ChangeSet
from core.services.change_sets import _editable, _item, _saved

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
# The first bytes of each accepted format; the name and the declared type are not trusted.
MAGIC_BYTES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)
WRONG_TYPE = "Tệp “{name}” không phải PDF, JPEG hoặc PNG; chỉ nhận bản số hóa ở một trong ba định dạng này."
TOO_LARGE = "Tệp “{name}” nặng {size:.1f} MB, vượt giới hạn {limit} MB."


def attachment_add(
    *, acting_user: Account, change_set: ChangeSet, expected_version: int, item_id: int, file: File,
    description: str = "",
) -> Attachment:
    """Attach a document to one proposed change of an editable change set."""
    name = (getattr(file, "name", "") or "tệp").rsplit("/", 1)[-1][:255]
    content_type, suffix = _check(file, name)
    with transaction.atomic():
        locked = _editable(acting_user, change_set, expected_version)
        item = _item(locked, item_id)
        attachment = Attachment(
            person=locked.person, change_item=item, original_name=name, content_type=content_type,
            size=file.size, sha256=_sha256(file), description=description.strip()[:300],
            uploaded_by=acting_user,
        )
        file.seek(0)
        # Stored last, just before its row: checks that can refuse have all run by now.
        attachment.file.save(f"tai-lieu{suffix}", file, save=False)
        attachment.save()
        _saved(locked, change_set, acting_user, "attachment.add", item=item.pk, file=attachment.file.name,
               size=attachment.size, content_type=content_type)
        return attachment


def _check(file: File, name: str) -> tuple[str, str]:
    size = file.size or 0
    if size > ATTACHMENT_MAX_BYTES:
        raise ApplicationError.for_fields({"file": TOO_LARGE.format(
            name=name, size=size / 1024 / 1024, limit=ATTACHMENT_MAX_BYTES // 1024 // 1024)})
    file.seek(0)
    head = file.read(16)
    for magic, content_type, suffix in MAGIC_BYTES:
        if head.startswith(magic):
            return content_type, suffix
    raise ApplicationError.for_fields({"file": WRONG_TYPE.format(name=name)})


def _sha256(file: File) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    return digest.hexdigest()
