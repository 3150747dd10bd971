"""Résumés in bulk for a unit: asked on a page within one's scope, built by a Celery task into
one ZIP of PDFs with its progress polled by htmx, downloaded by the one who asked until it
expires; every step audited, a unit outside one's scope read as missing."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from core.approvals.models import ResumeBatch, ResumeBatchState
from core.approvals.services.resume_batches import (
    BATCH_NOT_FOUND,
    UNIT_NOT_FOUND,
    resume_batch_build,
    resume_batch_start,
)
from core.base.audit.models import AuditEvent
from core.base.errors import NotFoundError
from core.models import OrgUnit, Person, PersonStatus
from core.operations.demo.services import DEMO_PASSWORD
from tenants.models import Province
from tests.conftest import sign_in
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db

START = "/so-yeu-ly-lich-hang-loat/"


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The batches handed to Celery (the task itself is run by the test, in the province)."""
    sent: list[int] = []
    monkeypatch.setattr("core.approvals.tasks.resume_batch_build_task.delay", sent.append)
    return sent


def _finance(lc: Personas) -> OrgUnit:
    return lc.person(lc.employee).org_unit


def test_the_officer_builds_the_units_zip_and_downloads_it(
    lc: Personas, in_lao_cai: Province, queued: list[int], django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    unit = _finance(lc)
    PersonFactory(org_unit=unit)
    PersonFactory(org_unit=unit, status=PersonStatus.RETIRED)  # a leaver's dossier is not in the batch
    working = sorted(Person.objects.filter(org_unit__path__startswith=unit.path, status=PersonStatus.WORKING)
                     .values_list("national_id", flat=True))
    browser = sign_in(in_lao_cai, lc.officer.username, DEMO_PASSWORD)
    assert f'<a href="{START}">Sơ yếu lý lịch hàng loạt (tệp ZIP)</a>' in browser.get("/can-bo/").content.decode()
    form = browser.get(START).content.decode()
    assert f'<option value="{unit.pk}">{unit.name}</option>' in form
    with django_capture_on_commit_callbacks(execute=True):
        started = browser.post(START, {"org_unit": str(unit.pk)})
    batch = ResumeBatch.objects.get()
    assert started.status_code == 302 and started["Location"] == f"{batch.pk}/"
    assert queued == [batch.pk] and batch.total == len(working)
    page = browser.get(f"{START}{batch.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page and f"Đang chờ: 0/{len(working)} hồ sơ (0%)." in page

    resume_batch_build(batch_id=batch.pk)  # what the worker does
    polled = browser.get(f"{START}{batch.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in polled and f"Sẵn sàng tải: {len(working)}/{len(working)} hồ sơ (100%)." in polled
    download = browser.post(f"{START}{batch.pk}/tai/")
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    assert archive.namelist() == [f"so-yeu-ly-lich-{n}.pdf" for n in working]
    first = PdfReader(io.BytesIO(archive.read(archive.namelist()[0])))
    assert "SƠ YẾU LÝ LỊCH" in first.pages[0].extract_text()
    actions = list(AuditEvent.objects.filter(action__startswith="resume.batch").values_list("action", flat=True))
    assert sorted(actions) == ["resume.batch_download", "resume.batch_start"]


def test_scope_and_expiry(lc: Personas, in_lao_cai: Province, queued: list[int]) -> None:
    """A unit outside the officer's grant reads like a missing one; someone else's batch, or an
    expired one, cannot be downloaded; nothing is queued for a refusal."""
    elsewhere = lc.person(lc.agency_admin).org_unit
    assert not elsewhere.path.startswith(_finance(lc).path)
    with pytest.raises(NotFoundError) as refused:
        resume_batch_start(acting_user=lc.officer, org_unit_id=elsewhere.pk)
    assert refused.value.message == UNIT_NOT_FOUND
    browser = sign_in(in_lao_cai, lc.officer.username, DEMO_PASSWORD)
    page = browser.post(START, {"org_unit": str(elsewhere.pk), "ngay": "31/02/2026"})
    assert page.status_code == 400
    assert "Ngày không hợp lệ (yyyy-mm-dd)." in page.content.decode()
    page = browser.post(START, {"org_unit": str(elsewhere.pk)})
    assert UNIT_NOT_FOUND in page.content.decode()
    assert not ResumeBatch.objects.exists() and queued == []

    batch = resume_batch_start(acting_user=lc.officer, org_unit_id=_finance(lc).pk)
    resume_batch_build(batch_id=batch.pk)
    approver = sign_in(in_lao_cai, lc.approver.username, DEMO_PASSWORD)
    assert approver.get(f"{START}{batch.pk}/").status_code == 404
    ResumeBatch.objects.filter(pk=batch.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    gone = browser.post(f"{START}{batch.pk}/tai/", follow=True)
    assert BATCH_NOT_FOUND in gone.content.decode()
    assert ResumeBatch.objects.get(pk=batch.pk).state == ResumeBatchState.READY
