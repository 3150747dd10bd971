"""Who sees which dossier page: one's own, those under one's role (the read logged), nobody
else's (404, as for a dossier that does not exist)."""

from collections.abc import Callable

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.models import DossierReadLog, Person, PersonCategory
from tenants.models import Province
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _person_id(province: Province, account: Account) -> int:
    with tenant_context(province):
        return Person.objects.get(account=account).pk


def test_my_dossier_shows_my_sections_and_no_labour_contract_for_a_civil_servant(
    lao_cai: Province, lc: Personas, browser_as: Callable[[Account], Client]
) -> None:
    """The employee's own dossier lists their sections read from the dossier, with edit links."""
    html = browser_as(lc.employee).get("/ho-so-cua-toi/").content.decode()
    assert "<h1>Hồ sơ của tôi</h1>" in html
    assert "Phòng Quản lý ngân sách" in html
    assert "Hoàn thành tốt nhiệm vụ" in html  # 2024 evaluation
    assert 'href="/ho-so-cua-toi/sua/cong-tac/"' in html
    assert "Hợp đồng lao động" not in html


def test_a_labour_contract_section_is_shown_for_a_nguoi_lao_dong(
    lao_cai: Province, browser_as: Callable[[Account], Client]
) -> None:
    """Người lao động have the labour contract section (TT05/2023 Appendix II)."""
    with tenant_context(lao_cai):
        worker = PersonFactory(category=PersonCategory.NGUOI_LAO_DONG, full_name="Lù Văn Lái")
        worker.account = Account.objects.create_user(username=worker.national_id, password="x")
        worker.save(update_fields=["account"])
    html = browser_as(worker.account).get("/ho-so-cua-toi/").content.decode()
    assert 'id="hop-dong"' in html and "Hợp đồng lao động" in html


@pytest.mark.parametrize("reader", ["employee", "officer", "agency_admin"])
def test_no_one_outside_the_scope_opens_a_dossier_page(
    lao_cai: Province, lc: Personas, browser_as: Callable[[Account], Client], reader: str
) -> None:
    """The teacher (Sở Giáo dục và Đào tạo) is not found for an employee of Sở Tài chính nor for
    Sở Tài chính's unit officer, exactly as for a missing id; the admin of Sở Giáo dục opens it."""
    teacher_id = _person_id(lao_cai, lc.teacher)
    browser = browser_as(getattr(lc, reader))
    status = browser.get(f"/can-bo/{teacher_id}/").status_code
    assert status == (200 if reader == "agency_admin" else 404)
    assert browser.get("/can-bo/99999999/").status_code == 404


def test_an_employee_cannot_open_a_colleagues_dossier_in_the_same_agency(
    lao_cai: Province, lc: Personas, browser_as: Callable[[Account], Client]
) -> None:
    """Even in the same agency, an employee's role covers only their own dossier."""
    with tenant_context(lao_cai):
        colleague = PersonFactory(org_unit=Person.objects.get(account=lc.employee).org_unit)
    assert browser_as(lc.employee).get(f"/can-bo/{colleague.pk}/").status_code == 404


def test_an_officer_reads_a_dossier_of_the_subtree_and_the_read_is_logged(
    lao_cai: Province, lc: Personas, browser_as: Callable[[Account], Client]
) -> None:
    """The unit officer of Sở Tài chính opens the employee's dossier; the read is logged by role."""
    employee_id = _person_id(lao_cai, lc.employee)
    response = browser_as(lc.officer).get(f"/can-bo/{employee_id}/")
    assert response.status_code == 200
    assert "Phòng Quản lý ngân sách" in response.content.decode()
    with tenant_context(lao_cai):
        log = DossierReadLog.objects.get(person_id=employee_id, reader=lc.officer)
        assert log.channel == "role"


def test_my_own_person_page_is_my_dossier_and_not_logged(
    lao_cai: Province, lc: Personas, browser_as: Callable[[Account], Client]
) -> None:
    """Opening one's own person page leads to "my dossier"; reading oneself is not logged."""
    employee_id = _person_id(lao_cai, lc.employee)
    response = browser_as(lc.employee).get(f"/can-bo/{employee_id}/")
    assert response.status_code == 302 and response["Location"] == "/ho-so-cua-toi/"
    with tenant_context(lao_cai):
        assert not DossierReadLog.objects.filter(person_id=employee_id).exists()


def test_an_agency_account_has_no_dossier_of_its_own(lao_cai: Province, lc: Personas,
                                                     browser_as: Callable[[Account], Client]) -> None:
    """The DoHA admin account (snv.quantri) is not a person: "my dossier" leads to "my page",
    saying so, and editing a section is not found."""
    doha = browser_as(lc.doha)
    response = doha.get("/ho-so-cua-toi/", follow=True)
    assert response.redirect_chain == [("/trang-cua-toi/", 302)]
    assert "Tài khoản này không gắn với hồ sơ cá nhân nào." in response.content.decode()
    assert doha.get("/ho-so-cua-toi/sua/dinh-danh/").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(lao_cai: Province) -> None:
    """Every dossier page asks for sign-in first."""
    from tests.conftest import client_for

    response = client_for(lao_cai).get("/ho-so-cua-toi/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_my_page_lists_what_i_owe_with_its_due_date(lao_cai: Province, lc: Personas,
                                                    browser_as: Callable[[Account], Client]) -> None:
    """After a change happens, the employee's page shows the update they owe, with its due date."""
    employee = browser_as(lc.employee)
    employee.post("/ho-so-cua-toi/de-nghi/", {"changed_on": "2025-06-02"})
    html = employee.get("/trang-cua-toi/").content.decode()
    obligations = html.split('id="obligations"', 1)[1].split("</table>", 1)[0]
    assert "Cá nhân cập nhật thay đổi" in obligations
    # 15 working days from Monday 02/06/2025 (Lào Cai, Quyết định 06/2024/QĐ-UBND Điều 6 khoản 3).
    assert "<td>02/06/2025</td>" in obligations and "<strong>23/06/2025</strong>" in obligations
    assert "Điều 6 khoản 3, Quyết định 06/2024/QĐ-UBND tỉnh Lào Cai" in obligations
