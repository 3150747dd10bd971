"""People in my scope: search by name with or without diacritics, ID number, unit, rank;
paginated; the leavers' archive apart."""

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.models import OrgUnit, Person
from core.services.people import person_leave
from tenants.models import Province
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _names(html: str) -> str:
    return html.split('id="people"', 1)[1].split("</table>", 1)[0]


@pytest.mark.parametrize("query", ["Nguyễn Thị Hồng Nhung", "nguyen thi hong nhung", "HONG NHUNG", "hồng"])
def test_names_are_found_with_or_without_diacritics(
    lao_cai: Province, lc: Personas, browser_as: Callable[[Account], Client], query: str
) -> None:
    """The DoHA admin finds Nguyễn Thị Hồng Nhung however the name is typed."""
    html = browser_as(lc.doha).get("/can-bo/", {"q": query}).content.decode()
    assert "Nguyễn Thị Hồng Nhung" in _names(html)
    assert "Lý Văn Sơn" not in _names(html)


def test_an_employee_finds_only_themselves(lao_cai: Province, lc: Personas,
                                           browser_as: Callable[[Account], Client]) -> None:
    """Search never reaches outside the scope: a colleague's name finds nobody for an employee."""
    employee = browser_as(lc.employee)
    assert "Không tìm thấy ai." in employee.get("/can-bo/", {"q": "nguyen thi hong nhung"}).content.decode()
    assert "Phạm Minh Đức" in _names(employee.get("/can-bo/").content.decode())
    assert '<p class="muted" id="result-count">1 người</p>' in employee.get("/can-bo/").content.decode()


def test_search_by_id_number_unit_and_rank(lao_cai: Province, lc: Personas,
                                           browser_as: Callable[[Account], Client]) -> None:
    """Digits search the ID number from its start; unit and rank narrow the list."""
    doha = browser_as(lc.doha)
    html = doha.get("/can-bo/", {"q": lc.employee.username[:8]}).content.decode()
    assert "Phạm Minh Đức" in _names(html)
    with tenant_context(lao_cai):
        stc = OrgUnit.objects.get(name="Sở Tài chính").pk
    in_stc = _names(doha.get("/can-bo/", {"don_vi": stc}).content.decode())
    assert "Phạm Minh Đức" in in_stc and "Nguyễn Thị Hồng Nhung" not in in_stc
    by_rank = _names(doha.get("/can-bo/", {"ngach": "01.002"}).content.decode())
    assert "Nguyễn Thị Hồng Nhung" in by_rank and "Phạm Minh Đức" not in by_rank


def test_the_list_is_paginated(lao_cai: Province, lc: Personas, browser_as: Callable[[Account], Client]) -> None:
    """Twenty-five people a page; the next page carries the search along."""
    with tenant_context(lao_cai):
        PersonFactory.build_many(30, org_unit=OrgUnit.objects.get(name="Sở Xây dựng"))
    doha = browser_as(lc.doha)
    first = doha.get("/can-bo/", {"q": "tran thi mau"}).content.decode()
    assert first.count("Trần Thị Mẫu") == 25
    assert "Trang 1/2" in first and 'href="?q=tran+thi+mau&amp;trang=2"' in first
    assert doha.get("/can-bo/", {"q": "tran thi mau", "trang": "2"}).content.decode().count("Trần Thị Mẫu") == 5


def test_leavers_are_only_in_the_archive(lao_cai: Province, lc: Personas,
                                         browser_as: Callable[[Account], Client]) -> None:
    """A retired person leaves the working list and is found in the archive (?luu-tru=1)."""
    with tenant_context(lao_cai):
        retiree = PersonFactory(full_name="Hoàng Văn Hưu", org_unit=OrgUnit.objects.get(name="Sở Tư pháp"))
        person_leave(acting_user=lc.doha, person=retiree, status="retired", on=date(2025, 6, 30))
    doha = browser_as(lc.doha)
    assert "Hoàng Văn Hưu" not in _names(doha.get("/can-bo/", {"q": "huu"}).content.decode())
    archive = _names(doha.get("/can-bo/", {"q": "huu", "luu-tru": "1"}).content.decode())
    assert "Hoàng Văn Hưu" in archive and "Đã nghỉ hưu (30/06/2025)" in archive


def test_nonsense_filters_are_not_a_server_error(lao_cai: Province, lc: Personas,
                                                 browser_as: Callable[[Account], Client]) -> None:
    """Bad unit, rank, category and page values are ignored or explained, never a 500."""
    doha = browser_as(lc.doha)
    for params in ({"don_vi": "abc"}, {"ngach": "zzz"}, {"doi_tuong": "x"}, {"trang": "-3"}, {"trang": "zz"},
                   {"q": "%' OR 1=1 --"}, {"q": "x" * 500}, {"don_vi": "99999999"}):
        assert doha.get("/can-bo/", params).status_code == 200


def test_a_person_page_lists_the_sections(lao_cai: Province, lc: Personas,
                                          browser_as: Callable[[Account], Client]) -> None:
    """From the list, the DoHA admin opens a dossier with its sections and no edit links."""
    with tenant_context(lao_cai):
        person_id = Person.objects.get(account=lc.teacher).pk
    html = browser_as(lc.doha).get(f"/can-bo/{person_id}/").content.decode()
    assert "Hồ sơ: Vàng Thị Mai" in html and "Quá trình công tác" in html
    assert "/ho-so-cua-toi/sua/" not in html
