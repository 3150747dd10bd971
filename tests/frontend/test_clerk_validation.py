"""Validation a clerk can trust, through the pages: implausible health values refused beside
their field, a phone number changed without a document, a draft discarded with its duty, the
rank named once, and a short ID number told it needs twelve digits wherever it is typed."""

from collections.abc import Callable

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.models import (
    ChangeItem,
    ChangeSet,
    ChangeSetState,
    ConsentGrant,
    Obligation,
    ObligationKind,
    ObligationState,
)
from tenants.models import Province
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db

HEALTH = "/ho-so-cua-toi/sua/suc-khoe/"
CONTACT = "/ho-so-cua-toi/sua/dinh-danh/"
ID_FORMAT = "Số định danh cá nhân phải gồm đúng 12 chữ số."
HEALTH_VALUES = {"action": "values", "part": "dossier-health_status", "health_status": "Tốt",
                 "height_cm": "165", "weight_kg": "58", "blood_type": "O+"}


def _draft(province: Province, employee: Client, then: str = "suc-khoe") -> ChangeSet:
    response = employee.post("/ho-so-cua-toi/de-nghi/", {"changed_on": "2025-06-02", "tiep": then})
    assert response.status_code == 302, response.content
    with tenant_context(province):
        return ChangeSet.objects.get()


def _version(province: Province, change_set: ChangeSet) -> int:
    with tenant_context(province):
        return ChangeSet.objects.get(pk=change_set.pk).version


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"height_cm": "9999"}, "id_height_cm", "Chiều cao phải từ 100 đến 250 cm."),
    ({"blood_type": "Z+"}, "id_blood_type", "Nhóm máu phải là một trong: A, B, AB, O, A+, A-, B+, B-, AB+, AB-, O+, O-."),
])
def test_implausible_health_values_are_refused_beside_their_field(
        lao_cai: Province, lc: Personas, browser_as: Callable[[Account], Client],
        values: dict, field: str, message: str) -> None:
    employee = browser_as(lc.employee)
    change_set = _draft(lao_cai, employee)

    response = employee.post(HEALTH, {**HEALTH_VALUES, **values, "version": 1})

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html.split(f'id="{field}"', 1)[1].split("</div>", 1)[0]
    with tenant_context(lao_cai):
        assert not ChangeItem.objects.filter(change_set=change_set).exists()
    assert _version(lao_cai, change_set) == 1


def test_the_blood_type_is_chosen_from_the_list(lao_cai: Province, lc: Personas,
                                                browser_as: Callable[[Account], Client]) -> None:
    employee = browser_as(lc.employee)
    _draft(lao_cai, employee)
    html = employee.get(HEALTH).content.decode()
    select = html.split('id="id_blood_type"', 1)[1].split("</select>", 1)[0]
    assert '<option value="AB+">AB+</option>' in select
    assert "Z+" not in select


def test_a_phone_change_asks_for_no_document_and_is_submitted(lao_cai: Province, lc: Personas,
                                                              browser_as: Callable[[Account], Client]) -> None:
    employee = browser_as(lc.employee)
    change_set = _draft(lao_cai, employee, then="dinh-danh")
    form = employee.get(CONTACT).content.decode()
    assert "dossier-other_names" in form
    with tenant_context(lao_cai):
        dossier = lc.person(lc.employee).dossier
        current = {name: getattr(dossier, name) or "" for name in (
            "other_names", "social_insurance_number", "health_insurance_number", "ethnic_group_code",
            "religion_code", "email")}
    saved = employee.post(CONTACT, {"action": "values", "part": "dossier-other_names", **current,
                                    "national_id_issued_on": "", "phone": "0912345678", "version": 1}, follow=True)
    page = saved.content.decode()
    assert "Đã lưu thay đổi vào đề nghị. Thay đổi này không cần tài liệu chứng minh." in page
    assert "Hãy đính kèm tài liệu chứng minh" not in page

    shown = employee.get(f"/de-nghi/{change_set.pk}/").content.decode()
    assert "không cần tài liệu chứng minh" in shown and "chưa có tài liệu" not in shown
    sent = employee.post(f"/de-nghi/{change_set.pk}/gui/", {"version": _version(lao_cai, change_set)})
    assert sent.status_code == 302
    with tenant_context(lao_cai):
        assert ChangeSet.objects.get(pk=change_set.pk).state == ChangeSetState.SUBMITTED


def test_an_empty_draft_is_discarded_from_its_page_and_its_duty_ends(lao_cai: Province, lc: Personas,
                                                                     browser_as: Callable[[Account], Client]) -> None:
    employee = browser_as(lc.employee)
    change_set = _draft(lao_cai, employee)
    page = employee.get(f"/de-nghi/{change_set.pk}/").content.decode()
    assert "Hủy đề nghị này" in page

    response = employee.post(f"/de-nghi/{change_set.pk}/huy/", {"version": 1}, follow=True)

    assert response.redirect_chain[-1][0] == "/ho-so-cua-toi/"
    assert "Đã hủy đề nghị cập nhật hồ sơ." in response.content.decode()
    with tenant_context(lao_cai):
        assert not ChangeSet.objects.filter(pk=change_set.pk).exists()
        assert not Obligation.objects.filter(person=lc.person(lc.employee), kind=ObligationKind.PERSONAL_UPDATE,
                                             state=ObligationState.OPEN).exists()
    duties = employee.get("/nghia-vu/").content.decode()
    assert f"/de-nghi/{change_set.pk}/" not in duties


def test_the_rank_is_named_once(lao_cai: Province, lc: Personas, browser_as: Callable[[Account], Client]) -> None:
    """The employee is a Chuyên viên: the picker and the change's old → new say "(01.003)" once."""
    employee = browser_as(lc.employee)
    change_set = _draft(lao_cai, employee, then="ngach-luong")
    picker = employee.get("/ho-so-cua-toi/sua/ngach-luong/").content.decode()
    assert "Chuyên viên (01.003)" in picker
    assert "(01.003) (01.003)" not in picker
    with tenant_context(lao_cai):
        ChangeItem.objects.create(change_set=change_set, group="dossier", operation="set",
                                  values={"rank_code": "01.002"}, previous={"rank_code": "01.003"})
    shown = employee.get(f"/de-nghi/{change_set.pk}/").content.decode()
    assert "Chuyên viên (01.003)" in shown and "Chuyên viên chính (01.002)" in shown
    assert "(01.003) (01.003)" not in shown and "(01.002) (01.002)" not in shown


def test_a_five_digit_id_number_on_the_transfer_page_needs_twelve_digits(
        lao_cai: Province, lc: Personas, browser_as: Callable[[Account], Client]) -> None:
    response = browser_as(lc.doha).post("/chuyen-cong-tac/ghi-nhan/", {
        "kind": "leave", "national_id": "12345", "leave_reason": "retired", "effective_on": "2026-08-24",
        "decision_number": "45/QĐ-UBND", "decision_date": "2026-08-20", "signer": "Chủ tịch UBND tỉnh"})

    html = response.content.decode()
    assert ID_FORMAT in html.split('id="id_national_id"', 1)[1].split("</div>", 1)[0]
    assert "Không tìm thấy" not in html


def test_a_five_digit_id_number_for_an_account_or_a_consent_needs_twelve_digits(
        lao_cai: Province, lc: Personas, browser_as: Callable[[Account], Client]) -> None:
    doha = browser_as(lc.doha)
    account = doha.post("/tai-khoan/ca-nhan/", {"ca-nhan-national_id": "12345"})
    consent = doha.post("/tai-khoan/dong-y/", {"dong-y-grantee": lc.officer.username, "dong-y-national_id": "12345",
                                               "dong-y-reason": "Thẩm định hồ sơ", "dong-y-document_number": "12/CV",
                                               "dong-y-valid_until": "31/12/2026"})

    for response, field in ((account, "id_ca-nhan-national_id"), (consent, "id_dong-y-national_id")):
        assert response.status_code == 400
        html = response.content.decode()
        assert ID_FORMAT in html.split(f'id="{field}"', 1)[1].split("</div>", 1)[0], field
        assert "Không tìm thấy hồ sơ" not in html
    with tenant_context(lao_cai):
        assert not ConsentGrant.objects.filter(document_number="12/CV").exists()
