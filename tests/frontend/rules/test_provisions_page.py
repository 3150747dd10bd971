"""The rules page lists every duty of the province's text with hoso's part in it and a link to
where the software handles it (issue 19); Lào Cai's doubtful effective date stays stated until
the DoHA admin records a check against the original (issue 19, item 11)."""

import html as html_lib

import pytest
from django_tenants.utils import schema_context, tenant_context

from core.base.accounts.models import Account
from core.base.audit.models import AuditEvent
from core.operations.demo.services import DEMO_PASSWORD
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from rules.domain.presets import LAO_CAI
from rules.domain.provisions import provisions_of
from rules.models import DocumentDateConfirmation
from tenants.models import Province
from tests.conftest import client_for, sign_in

pytestmark = pytest.mark.django_db

DOUBT = "dòng dưới tên Quy chế lại ghi “tháng 03 năm 2024”"
CONFIRM_URL = "/quy-che/xac-nhan-ngay-van-ban/"


def _province(code: str) -> Province:
    with schema_context("public"):
        return Province.objects.get(code=code)


def _section(page: str, code: str) -> str:
    return page.split(f'id="provisions-{code}"', 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize("code", ["lai-chau", "tuyen-quang", "lao-cai", "son-la", "binh-thuan"])
def test_the_rules_page_lists_every_duty_of_the_text_with_its_status_and_link(code: str) -> None:
    """Each duty of the province's text is a row: article, duty, status, what hoso does, and a
    link to the page where it does it (every link resolves on the province's site)."""
    section = html_lib.unescape(_section(client_for(_province(code)).get("/quy-che/").content.decode(), code))
    rows = provisions_of(code)
    assert section.count('<tr class="provision ') == len(rows)
    for provision in rows:
        assert provision.duty in section
        assert provision.status_label in section
    assert section.count(">Mở trang</a>") == sum(1 for p in rows if p.link)
    counts = {status: sum(1 for p in rows if p.status == status) for status in ("enforced", "recorded", "outside", "missing")}
    assert (f"Phần mềm bảo đảm: {counts['enforced']} · Chỉ ghi nhận: {counts['recorded']} · "
            f"Ngoài phần mềm: {counts['outside']} · Chưa đáp ứng: {counts['missing']}") in section


def test_a_province_sees_only_its_own_text() -> None:
    page = client_for(_province("binh-thuan")).get("/quy-che/").content.decode()
    assert 'id="provisions-binh-thuan"' in page
    assert 'id="provisions-lao-cai"' not in page
    assert DOUBT not in html_lib.unescape(page)


def test_lao_cai_s_date_doubt_is_stated_until_the_doha_admin_confirms_it(lao_cai: Province) -> None:
    """Until confirmed, everyone reads the doubt (and only the DoHA admin gets the form); the
    confirmation is recorded with who, when and on what basis, and the page then states it."""
    assert DOUBT in html_lib.unescape(client_for(lao_cai).get("/quy-che/").content.decode())
    admin = sign_in(lao_cai, DOHA_ADMIN_USERNAME, DEMO_PASSWORD)
    page = html_lib.unescape(admin.get("/quy-che/").content.decode())
    assert DOUBT in page and "Xác nhận đã đối chiếu bản gốc" in page

    response = admin.post(CONFIRM_URL, {"document_code": "lao-cai", "effective": "2024-03-20",
                                        "basis": "Bản gốc lưu tại Văn phòng UBND tỉnh"})
    assert response.status_code == 302
    page = html_lib.unescape(admin.get("/quy-che/").content.decode())
    assert DOUBT not in page
    assert "Ngày có hiệu lực đã đối chiếu bản gốc: 20/03/2024 (Bản gốc lưu tại Văn phòng UBND tỉnh;" in page
    with tenant_context(lao_cai):
        (confirmation,) = DocumentDateConfirmation.objects.all()
        assert confirmation.confirmed_by.username == DOHA_ADMIN_USERNAME
        assert AuditEvent.objects.filter(action="rules.document_date_confirm", target="lao-cai").count() == 1


@pytest.mark.parametrize(
    ("change", "field_id", "message"),
    [
        ({"basis": "  "}, "field-basis",
         "Cần ghi căn cứ đối chiếu (ví dụ: bản gốc Quyết định lưu tại Văn phòng UBND tỉnh)."),
        ({"basis": "x" * 301}, "field-basis", "Căn cứ đối chiếu dài tối đa 300 ký tự."),
        ({"effective": "2024-02-30"}, "field-effective", "Ngày không hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd)."),
        ({"document_code": "binh-thuan"}, None, "Văn bản này không có giá trị nào cần đối chiếu."),
    ],
)
def test_a_bad_confirmation_is_refused_beside_its_field_and_nothing_is_saved(
    lao_cai: Province, change: dict[str, str], field_id: str | None, message: str
) -> None:
    admin = sign_in(lao_cai, DOHA_ADMIN_USERNAME, DEMO_PASSWORD)
    data = {"document_code": "lao-cai", "effective": "2024-03-20", "basis": "Bản gốc", **change}
    response = admin.post(CONFIRM_URL, data)
    assert response.status_code == 400
    page = html_lib.unescape(response.content.decode())
    where = page.split(f'id="{field_id}"', 1)[1].split("</div>", 1)[0] if field_id else page
    assert message in where
    with tenant_context(lao_cai):
        assert not DocumentDateConfirmation.objects.exists()
        assert not AuditEvent.objects.filter(action="rules.document_date_confirm").exists()


def test_only_the_doha_admin_confirms(lao_cai: Province) -> None:
    with tenant_context(lao_cai):
        Account.objects.create_user(username="010090000556", password="mat-khau-rieng")
    browser = sign_in(lao_cai, "010090000556", "mat-khau-rieng")
    assert "Xác nhận đã đối chiếu bản gốc" not in browser.get("/quy-che/").content.decode()
    response = browser.post(CONFIRM_URL, {"document_code": "lao-cai", "effective": "2024-03-20", "basis": "Bản gốc"})
    assert response.status_code == 403
    with tenant_context(lao_cai):
        assert not DocumentDateConfirmation.objects.exists()


def test_the_preset_still_reads_the_ocr_date() -> None:
    """Confirming records the check; it does not rewrite the preset (a different date is a new
    rule version entered with the confirmation as its basis)."""
    assert LAO_CAI.doubt is not None and "20/02/2024" in LAO_CAI.doubt
