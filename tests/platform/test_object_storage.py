"""Files, exports and backups on a real S3 endpoint: moto's S3 server, started by the tests on a
free loopback port, with the storages configured from the same `AWS_*` variables a deployment
sets (`platform/settings/storage.py`).

Every document lands under its province's own prefix, and one province cannot reach another's
objects through the product: not by id, not by a stored key naming another schema, not by a
key that climbs out of its prefix.
"""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context
from hoso.settings.storage import storage_settings
from moto.server import ThreadedMotoServer

from core.backups.crypto import decrypt_stream
from core.backups.models import BackupStatus
from core.backups.services import backup_run
from core.backups.storage import backup_file_list, backup_open, backup_storage
from core.base.sealed import FILE_MAGIC, unseal_file
from core.models import Attachment, Person
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from tenants.models import Province
from tests.api.conftest import PDF, Caller, token_of
from tests.conftest import sign_in
from tests.core.conftest import personas_of

pytestmark = pytest.mark.django_db

FILES, BACKUPS = "hoso-files", "hoso-backups"
NOT_FOUND = "Không tìm thấy tài liệu."


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def _configure(settings: Any, monkeypatch: pytest.MonkeyPatch, endpoint: str, *, backup_bucket: bool) -> Any:
    """The deployment's variables, then STORAGES rebuilt from them exactly as settings do."""
    variables = {"AWS_STORAGE_BUCKET_NAME": FILES, "AWS_S3_ENDPOINT_URL": endpoint,
                 "AWS_S3_REGION_NAME": "us-east-1", "AWS_ACCESS_KEY_ID": "hoso-test",
                 "AWS_SECRET_ACCESS_KEY": "hoso-test-secret"}
    if backup_bucket:
        variables["AWS_BACKUP_BUCKET_NAME"] = BACKUPS
    else:
        monkeypatch.delenv("AWS_BACKUP_BUCKET_NAME", raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    requests.post(f"{endpoint}/moto-api/reset", timeout=10).raise_for_status()
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=FILES)
    client.create_bucket(Bucket=BACKUPS)
    configured = storage_settings()["STORAGES"]
    assert isinstance(configured, dict)
    settings.STORAGES = {**settings.STORAGES, **{k: v for k, v in configured.items() if k != "staticfiles"}}
    settings.HOSO_BACKUP_KEY = "hoso-test-backup-master-key"
    settings.HOSO_BACKUP_OLD_KEYS = []
    return client


@pytest.fixture
def s3(settings: Any, monkeypatch: pytest.MonkeyPatch, s3_endpoint: str) -> Any:
    """Files and backups each in their own bucket; the boto3 client to look inside them."""
    return _configure(settings, monkeypatch, s3_endpoint, backup_bucket=True)


def _keys(client: Any, bucket: str) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", []))


def _caller(province: Province, persona: str) -> Caller:
    with tenant_context(province):
        username = getattr(personas_of(province), persona).username
    return Caller(province, token_of(province, username))


def _upload_document(province: Province, content: bytes = PDF) -> dict[str, Any]:
    """The Sở Tài chính employee drafts a change of position and attaches the decision."""
    employee = _caller(province, "employee")
    with tenant_context(province):
        person = Person.objects.get(account=personas_of(province).employee).pk
    created = employee.post("/api/v1/change-sets/", {"person": person, "changed_on": "2026-01-05", "note": "Bổ nhiệm"})
    assert created.status_code == 201, created.content
    draft = employee.post(f"/api/v1/change-sets/{created.json()['id']}/values/", {
        "expected_version": created.json()["version"], "group": "dossier",
        "values": {"current_position": "Phó Trưởng phòng Quản lý ngân sách"}})
    assert draft.status_code == 200, draft.content
    change_set = draft.json()
    attached = employee.upload(
        f"/api/v1/change-sets/{change_set['id']}/items/{change_set['items'][0]['id']}/attachments/",
        {"expected_version": change_set["version"], "description": "Quyết định bổ nhiệm",
         "file": SimpleUploadedFile("quyet-dinh.pdf", content, content_type="application/pdf")})
    assert attached.status_code == 201, attached.content
    [document] = attached.json()["items"][0]["attachments"]
    return dict(document)


def test_an_uploaded_document_is_an_object_under_the_provinces_prefix(s3: Any, lao_cai: Province) -> None:
    """The upload goes to the bucket as `lao_cai/dossiers/<person>/<random>.pdf` (never the
    uploader's file name), and the download reads it back from S3."""
    document = _upload_document(lao_cai)

    with tenant_context(lao_cai):
        attachment = Attachment.objects.get(pk=document["id"])
    [key] = _keys(s3, FILES)
    assert key == f"lao_cai/{attachment.file.name}"
    assert key.startswith(f"lao_cai/dossiers/{attachment.person_id}/") and key.endswith(".pdf")
    assert "quyet-dinh" not in key
    # Sealed with Lào Cai's data key in the bucket; opened when the product serves it.
    stored = s3.get_object(Bucket=FILES, Key=key)["Body"].read()
    assert stored.startswith(FILE_MAGIC) and PDF not in stored
    assert unseal_file(stored, schema="lao_cai") == PDF

    download = _caller(lao_cai, "doha").get(document["download"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_another_province_cannot_read_the_document_by_its_id(s3: Any, lao_cai: Province, lai_chau: Province) -> None:
    """Lào Cai's document id asked on Lai Châu's host, by Lai Châu's DoHA admin (who sees all of
    Lai Châu), is a document that does not exist: the API's 404 and the page's 404."""
    document = _upload_document(lao_cai)
    with tenant_context(lai_chau):
        assert not Attachment.objects.filter(pk=document["id"]).exists()

    answer = _caller(lai_chau, "doha").get(f"/api/v1/attachments/{document['id']}/")
    assert answer.status_code == 404
    assert answer.json()["message"] == NOT_FOUND
    page = sign_in(lai_chau, DOHA_ADMIN_USERNAME, "hoso-demo-2026").get(f"/tai-lieu/{document['id']}/")
    assert page.status_code == 404
    assert _keys(s3, FILES) == [f"lao_cai/{_stored_name(lao_cai, document['id'])}"]


def _stored_name(province: Province, attachment_id: int) -> str:
    with tenant_context(province):
        return str(Attachment.objects.get(pk=attachment_id).file.name)


@pytest.mark.parametrize("crafted", ["{lao_cai_key}", "../{lao_cai_key}", "dossiers/../../{lao_cai_key}"])
def test_a_stored_key_naming_another_province_reads_nothing(
    s3: Any, lao_cai: Province, lai_chau: Province, crafted: str
) -> None:
    """A Lai Châu row whose file name was made to point at Lào Cai's object (a bad restore, a
    crafted import): plainly, it is read under `lai_chau/` and finds nothing; climbing with
    `../`, it is refused. Either way Lai Châu's DoHA admin gets the document-not-found answer,
    never Lào Cai's bytes."""
    document = _upload_document(lao_cai, content=PDF + b"% lao cai only\n")
    lao_cai_key = f"lao_cai/{_stored_name(lao_cai, document['id'])}"
    own = _upload_document(lai_chau)
    with tenant_context(lai_chau):
        Attachment.objects.filter(pk=own["id"]).update(file=crafted.format(lao_cai_key=lao_cai_key))

    answer = _caller(lai_chau, "doha").get(own["download"])

    assert answer.status_code == 404
    assert answer.json()["message"] == NOT_FOUND
    page = sign_in(lai_chau, DOHA_ADMIN_USERNAME, "hoso-demo-2026").get(f"/tai-lieu/{own['id']}/")
    assert page.status_code == 404
    stored = s3.get_object(Bucket=FILES, Key=lao_cai_key)["Body"].read()
    assert unseal_file(stored, schema="lao_cai") == PDF + b"% lao cai only\n"


def test_an_export_is_streamed_and_leaves_nothing_in_the_bucket(s3: Any, lao_cai: Province) -> None:
    """Statistics exports go to the caller only: no copy of personal data is left in storage."""
    answer = _caller(lao_cai, "doha").get("/api/v1/statistics/export/xlsx/")
    assert answer.status_code == 200, answer.content
    assert answer.content[:2] == b"PK"
    assert _keys(s3, FILES) == [] == _keys(s3, BACKUPS)


def test_backups_go_to_their_own_bucket_under_the_provinces_folder(
    s3: Any, lao_cai: Province, lai_chau: Province, tmp_path: Any
) -> None:
    """With AWS_BACKUP_BUCKET_NAME set, the encrypted dump is `backups/lao_cai/<time>.dump.enc`
    in the backup bucket, nothing of it in the files bucket; it reads back and decrypts with
    Lào Cai's key; Lai Châu's listing does not show it."""
    run = backup_run(acting_user=None, province=lao_cai)

    assert (run.status, run.error) == (BackupStatus.OK, "")
    assert _keys(s3, BACKUPS) == [run.storage_key]
    assert run.storage_key.startswith("backups/lao_cai/")
    assert _keys(s3, FILES) == []
    assert backup_file_list("lao_cai") == [run.storage_key]
    assert backup_file_list("lai_chau") == []
    sealed, plain = tmp_path / "sealed", tmp_path / "plain"
    with backup_open(run.storage_key) as source:
        sealed.write_bytes(source.read())
    assert len(sealed.read_bytes()) == run.size_bytes
    with sealed.open("rb") as source, plain.open("wb") as out:
        decrypt_stream(source, out, schema="lao_cai")
    assert plain.read_bytes()[:5] == b"PGDMP"


def test_documents_on_s3_without_a_backup_bucket_is_refused_at_start(
    monkeypatch: pytest.MonkeyPatch, s3_endpoint: str
) -> None:
    """Backups never share the documents' bucket (Tuyên Quang Art. 11.9, Lào Cai Art. 16.7 and
    17.4, Sơn La Art. 14.5: dedicated storage): documents on S3 with no AWS_BACKUP_BUCKET_NAME, or
    with the same bucket named twice, stop the settings with the reason."""
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", FILES)
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", s3_endpoint)
    monkeypatch.delenv("AWS_BACKUP_BUCKET_NAME", raising=False)
    with pytest.raises(ImproperlyConfigured, match="AWS_BACKUP_BUCKET_NAME must name the backups' own bucket"):
        storage_settings()
    monkeypatch.setenv("AWS_BACKUP_BUCKET_NAME", FILES)
    with pytest.raises(ImproperlyConfigured, match="must differ from AWS_STORAGE_BUCKET_NAME"):
        storage_settings()


def test_locally_backups_have_their_own_folder_apart_from_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no S3 at all, backups go to `var/backups/`, never under `var/media/` (the documents)."""
    for name in ("AWS_STORAGE_BUCKET_NAME", "AWS_BACKUP_BUCKET_NAME"):
        monkeypatch.delenv(name, raising=False)
    configured = storage_settings()
    backups = configured["STORAGES"]["backups"]  # type: ignore[index]
    location = Path(backups["OPTIONS"]["location"])
    media = Path(str(configured["MEDIA_ROOT"]))
    assert backups["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert location.name == "backups" and media not in location.parents and location != media


def test_backups_refuse_to_fall_back_to_the_documents_storage(settings: Any, lao_cai: Province) -> None:
    """A deployment whose STORAGES lost "backups" is refused with the reason: the backups' storage
    never falls back to the documents' default one."""
    settings.STORAGES = {k: v for k, v in settings.STORAGES.items() if k != "backups"}
    with pytest.raises(ImproperlyConfigured, match=re.escape('STORAGES["backups"] is not set')):
        backup_storage()

