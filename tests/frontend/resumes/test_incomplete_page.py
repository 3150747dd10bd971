"""/ho-so-chua-day-du/: the unit's incomplete dossiers with what each lacks (Lào Cai Art. 14.4),
within the reader's scope, as a page, a CSV and an XLSX."""

import csv
import io
from datetime import date

import pytest
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from core.models import OrgUnit, Person
from core.operations.demo.services import DEMO_PASSWORD
from core.services.people import person_create
from tests.conftest import sign_in
from tests.core.conftest import personas_of

pytestmark = pytest.mark.django_db

URL = "/ho-so-chua-day-du/"
MISSING_START = "4) Nơi sinh; 5) Quê quán; 6) Dân tộc; 7) Tôn giáo; 9) Số sổ BHXH"


@pytest.fixture
def new_teacher(lao_cai) -> Person:  # type: ignore[no-untyped-def]
    with tenant_context(lao_cai):
        lc = personas_of(lao_cai)
        return person_create(acting_user=lc.agency_admin,
                             org_unit=OrgUnit.objects.get(name="Trường THPT Chuyên Lào Cai"),
                             national_id="010195004321", full_name="Sùng Thị Dợ", gender="female",
                             birth_date=date(1995, 4, 2), category="vien_chuc", start=date(2020, 9, 1),
                             position="Giáo viên")


def test_the_agency_admin_sees_the_new_dossier_with_what_it_lacks(lao_cai, new_teacher: Person) -> None:  # type: ignore[no-untyped-def]
    with tenant_context(lao_cai):
        lc = personas_of(lao_cai)
    browser = sign_in(lao_cai, lc.agency_admin.username, DEMO_PASSWORD)
    page = browser.get(URL).content.decode()
    row = page.split(f'id="incomplete-{new_teacher.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "Sùng Thị Dợ" in row and "Mẫu HS02-VC/BNV" in row and "11%" in row
    assert MISSING_START in row

    exported = browser.get(URL + "?tai-ve=csv")
    assert exported["Content-Disposition"].startswith('attachment; filename="ho-so-chua-day-du-')
    lines = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert lines[0] == ["Họ và tên", "Số định danh cá nhân", "Cơ quan, đơn vị", "Đối tượng", "Mẫu",
                        "Mức đầy đủ (%)", "Còn thiếu"]
    (mine,) = [line for line in lines if line[1] == "010195004321"]
    assert mine[:6] == ["Sùng Thị Dợ", "010195004321", "Trường THPT Chuyên Lào Cai", "Viên chức",
                        "Mẫu HS02-VC/BNV", "11"]
    assert mine[6].startswith(MISSING_START)

    sheet = load_workbook(io.BytesIO(browser.get(URL + "?tai-ve=xlsx").content)).active
    assert [c.value for c in sheet[1]] == lines[0]
    assert any(r[1] == "010195004321" and r[5] == 11 for r in sheet.iter_rows(values_only=True))


def test_another_agency_and_a_bad_unit_filter(lao_cai, new_teacher: Person) -> None:  # type: ignore[no-untyped-def]
    """The Sở Tài chính officer does not see the school's teacher; a nonsense unit is explained."""
    with tenant_context(lao_cai):
        lc = personas_of(lao_cai)
    officer = sign_in(lao_cai, lc.officer.username, DEMO_PASSWORD)
    assert f'id="incomplete-{new_teacher.pk}"' not in officer.get(URL).content.decode()
    page = officer.get(URL + "?don-vi=abc")
    assert page.status_code == 200
    assert "Đơn vị không hợp lệ; đang hiển thị mọi đơn vị bạn được xem." in page.content.decode()
