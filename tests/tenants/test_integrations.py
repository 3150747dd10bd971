"""Files and error reports carry the province they belong to."""

import pytest
from django.core.files.base import ContentFile
from django_tenants.utils import tenant_context
from hoso.settings.monitoring import scrub_event
from hoso.storage import ProvinceFileSystemStorage, ProvinceS3Storage

from tenants.models import Province

pytestmark = pytest.mark.django_db


def test_local_files_are_stored_under_the_province(lao_cai: Province, lai_chau: Province, tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path)
    storage = ProvinceFileSystemStorage()
    with tenant_context(lao_cai):
        name = storage.save("quyet-dinh.pdf", ContentFile(b"%PDF-1.4 lao cai"))
        assert storage.path(name).startswith(str(tmp_path / "lao_cai"))
    with tenant_context(lai_chau):
        assert not storage.exists(name)


def test_local_files_follow_a_changed_media_root(lao_cai: Province, tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    """A storage that has already stored a file follows MEDIA_ROOT when it changes (django-tenants
    alone kept the first folder, and files went on to a folder the test had removed)."""
    storage = ProvinceFileSystemStorage()
    with tenant_context(lao_cai):
        settings.MEDIA_ROOT = str(tmp_path / "first")
        assert storage.path("a.pdf") == str(tmp_path / "first" / "lao_cai" / "a.pdf")
        settings.MEDIA_ROOT = str(tmp_path / "second")
        assert storage.path("a.pdf") == str(tmp_path / "second" / "lao_cai" / "a.pdf")


def test_s3_keys_start_with_the_province_schema(lao_cai: Province, lai_chau: Province) -> None:
    storage = ProvinceS3Storage(bucket_name="hoso-test")
    with tenant_context(lao_cai):
        assert storage._normalize_name("ho-so/quyet-dinh.pdf") == "lao_cai/ho-so/quyet-dinh.pdf"
    with tenant_context(lai_chau):
        assert storage._normalize_name("ho-so/quyet-dinh.pdf") == "lai_chau/ho-so/quyet-dinh.pdf"


def test_error_reports_are_tagged_with_the_province(lao_cai: Province) -> None:
    with tenant_context(lao_cai):
        assert scrub_event({}, {})["tags"] == {"province": "lao_cai"}
    assert scrub_event({"tags": {"x": "1"}}, {})["tags"] == {"x": "1", "province": "public"}


def test_an_s3_name_cannot_leave_the_provinces_prefix(lao_cai: Province) -> None:
    """Every S3 key starts with the province's schema; a name climbing out of it ("../lai_chau/…")
    is refused, not turned into the other province's key."""
    from django.core.exceptions import SuspiciousOperation

    storage = ProvinceS3Storage(bucket_name="hoso-test")
    with tenant_context(lao_cai):
        assert storage._normalize_name("ho-so/quyet-dinh.pdf") == "lao_cai/ho-so/quyet-dinh.pdf"
        for name in ("../lai_chau/ho-so/quyet-dinh.pdf", "ho-so/../../lai_chau/x.pdf"):
            with pytest.raises(SuspiciousOperation):
                storage._normalize_name(name)
