"""The editable copy and the résumé of an earlier date: the DOCX opens with python-docx and
holds the same items and tables as the PDF; a résumé as of a date shows the values of the
dossier version in force that day, not today's."""

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from docx import Document

from core.approvals.services.dossier_export import dossier_signed_pdf_export
from core.base.audit.models import AuditEvent
from core.base.errors import NotFoundError
from core.dossier_values import dossier_prefetch, dossier_snapshot
from core.models import Dossier, DossierVersion, Person
from core.resumes.services import resume_docx_export
from tests.core.conftest import Personas
from tests.core.resumes.conftest import Pki, dossier_fill
from tests.core.resumes.test_resume_pdf import (
    ITEMS_2C,
    ITEMS_HS02,
    TABLE_HEADERS,
    assert_in_order,
    pdf_text,
)

pytestmark = pytest.mark.django_db


def _docx_text(content: bytes) -> tuple[str, list[str]]:
    """The document's paragraphs (tables' cells included, in order) as one text, and the
    header cells of its tables."""
    document = Document(io.BytesIO(content))
    texts: list[str] = []
    headers: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag.endswith("}p"):
            texts.append("".join(node.text or "" for node in child.iter() if node.tag.endswith("}t")))
        elif child.tag.endswith("}tbl"):
            table = next(t for t in document.tables if t._tbl is child)
            for row in table.rows:
                texts.append(" ".join(cell.text for cell in row.cells))
            headers.extend(cell.text for cell in table.rows[0].cells)
    return " ".join(" ".join(texts).split()), headers


@pytest.mark.parametrize(("who", "items"), [("employee", ITEMS_2C), ("teacher", ITEMS_HS02)])
def test_the_docx_holds_the_same_items_and_tables(lc: Personas, who: str, items: tuple[str, ...]) -> None:
    person = lc.person(getattr(lc, who))
    dossier_fill(person)
    exported = resume_docx_export(acting_user=lc.doha, person_id=person.pk)
    assert exported.filename == f"so-yeu-ly-lich-{person.national_id}.docx"
    text, headers = _docx_text(exported.content)
    assert_in_order(text, items)
    for header in TABLE_HEADERS:
        assert header in text, header
    assert "Tên trường" in headers and "Mối quan hệ" in headers  # as the header rows of ruled tables
    ruled = [t for t in Document(io.BytesIO(exported.content)).tables if t.style.name == "Table Grid"]
    assert len(ruled) >= 5  # training, work history, family on both sides, salary
    assert "Nguyễn Văn Bình" in text and "Trần Thị Cúc" in text and "07/2023" in text
    for never in ("{}", "None", "(mã)"):
        assert never not in text
    assert Document(io.BytesIO(exported.content)).core_properties.title == f"Sơ yếu lý lịch – {person.full_name}"
    assert AuditEvent.objects.filter(action="dossier.resume_docx", target=f"person:{person.pk}").exists()


def test_a_colleague_without_a_role_finds_nothing(lc: Personas) -> None:
    for person_id in (lc.person(lc.employee).pk, 10**9):
        with pytest.raises(NotFoundError):
            resume_docx_export(acting_user=lc.teacher, person_id=person_id)


def _version_made(person: Person, *, on: date) -> DossierVersion:
    """A version of the dossier as it stands, stamped as made on `on`."""
    fresh = Person.objects.select_related("dossier").prefetch_related(*dossier_prefetch()).get(pk=person.pk)
    number = (DossierVersion.objects.filter(person=person).order_by("-number").values_list("number", flat=True)
              .first() or 0) + 1
    version = DossierVersion.objects.create(person=person, number=number, snapshot=dossier_snapshot(fresh))
    made = timezone.make_aware(timezone.datetime(on.year, on.month, on.day, 10))
    DossierVersion.objects.filter(pk=version.pk).update(created_at=made)
    Person.objects.filter(pk=person.pk).update(version=number)
    return version


def test_a_resume_as_of_an_earlier_date_shows_that_dates_version(lc: Personas, pki: Pki) -> None:
    person = lc.person(lc.employee)
    today = timezone.localdate()
    DossierVersion.objects.filter(person=person).update(
        created_at=timezone.now() - timedelta(days=400))  # the demo's first version, long ago
    Dossier.objects.filter(person=person).update(current_position="Chuyên viên", phone="0911000001",
                                                 permanent_address="Số 1 đường Hoàng Liên")
    _version_made(person, on=today - timedelta(days=60))
    Dossier.objects.filter(person=person).update(current_position="Phó Trưởng phòng",
                                                 permanent_address="Số 9 đường Trần Phú")
    _version_made(person, on=today - timedelta(days=5))

    earlier = today - timedelta(days=30)
    old = pdf_text(dossier_signed_pdf_export(acting_user=lc.doha, person_id=person.pk, as_of=earlier,
                                             signer=pki.signer_for(lc.doha), agency_signer=pki.seal_for(person)).content)
    assert "Chức vụ (chức danh) hiện tại: Chuyên viên" in old and "Số 1 đường Hoàng Liên" in old
    assert "Phó Trưởng phòng" not in old and "Trần Phú" not in old
    assert f"ngày {earlier.day} tháng {earlier.month} năm {earlier.year}" in old  # made as of that day

    now, _ = _docx_text(resume_docx_export(acting_user=lc.doha, person_id=person.pk).content)
    assert "Phó Trưởng phòng" in now and "Số 9 đường Trần Phú" in now
    then, _ = _docx_text(resume_docx_export(acting_user=lc.doha, person_id=person.pk, as_of=earlier).content)
    assert "Số 1 đường Hoàng Liên" in then and "Phó Trưởng phòng" not in then

    with pytest.raises(NotFoundError):
        resume_docx_export(acting_user=lc.doha, person_id=person.pk, as_of=today - timedelta(days=4000))
