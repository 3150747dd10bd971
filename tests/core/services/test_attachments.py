"""Documents proving a change: recognised by their content, size-limited, stored per province."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core.base.errors import ApplicationError
from core.models import Attachment, ChangeSet
from core.services.attachments import ATTACHMENT_MAX_BYTES, attachment_add
from core.services.change_sets import change_set_create, change_set_row_add
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def draft(lc: Personas) -> tuple[ChangeSet, int]:
    change_set = change_set_create(acting_user=lc.employee, person=lc.person(lc.employee))
    item = change_set_row_add(acting_user=lc.employee, change_set=change_set, expected_version=1, group="reward",
                              values={"year": 2025, "form": "Bằng khen của Chủ tịch UBND tỉnh"})
    return change_set, item.pk


def _add(lc: Personas, draft: tuple[ChangeSet, int], content: bytes, name: str) -> Attachment:
    change_set, item_id = draft
    return attachment_add(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version,
                          item_id=item_id, file=ContentFile(content, name=name))


def test_a_png_is_stored_under_the_provinces_folder_with_a_random_name(lc: Personas, draft) -> None:  # type: ignore[no-untyped-def]
    attachment = _add(lc, draft, PNG, "bang-khen.pdf")  # the name lies; the content decides
    assert (attachment.content_type, attachment.original_name, attachment.size) == ("image/png", "bang-khen.pdf", len(PNG))
    assert attachment.file.name.startswith(f"dossiers/{attachment.person_id}/") and attachment.file.name.endswith(".png")
    assert "bang-khen" not in attachment.file.name
    stored_at = Path(default_storage.path(attachment.file.name)).relative_to(settings.MEDIA_ROOT)
    assert stored_at.parts[0] == "lao_cai"
    with default_storage.open(attachment.file.name) as stored:
        assert stored.read() == PNG


def test_a_file_that_is_not_pdf_jpeg_or_png_is_refused_whatever_its_name(lc: Personas, draft) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ApplicationError) as refused:
        _add(lc, draft, b"MZ\x90\x00 this is a program", "quyet-dinh.pdf")
    assert refused.value.extra["fields"] == {
        "file": "Tệp “quyet-dinh.pdf” không phải PDF, JPEG hoặc PNG; chỉ nhận bản số hóa ở một trong ba định dạng này."}
    assert not Attachment.objects.exists()
    assert ChangeSet.objects.get(pk=draft[0].pk).version == draft[0].version


def test_a_file_over_the_size_limit_is_refused(lc: Personas, draft) -> None:  # type: ignore[no-untyped-def]
    big = b"%PDF-1.7\n" + b"0" * ATTACHMENT_MAX_BYTES
    with pytest.raises(ApplicationError) as refused:
        _add(lc, draft, big, "ho-so-scan.pdf")
    assert refused.value.extra["fields"] == {"file": "Tệp “ho-so-scan.pdf” nặng 10.0 MB, vượt giới hạn 10 MB."}
    assert not Attachment.objects.exists()
