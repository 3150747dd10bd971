"""Each role's home shows its work, and every home lists the person's duties exactly as
/nghia-vu/ does (the same selector)."""

import re
from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.models import Obligation, ObligationKind, ObligationState, OrgUnit
from tenants.models import Province
from tests.core.conftest import Personas

ROW = re.compile(r"<tr[^>]*><td>([^<]*)</td><td>(?:<a [^>]*>)?([^<]*)")


def duty_rows(html: str, table_id: str) -> list[tuple[str, str]]:
    table = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0] if f'id="{table_id}"' in html else ""
    return ROW.findall(table.split("<tbody>", 1)[-1])


@pytest.mark.parametrize("persona", ["doha", "agency_admin", "officer", "approver", "employee", "teacher"])
def test_home_lists_the_same_duties_as_the_duty_page(
    persona: str, lc: Personas, browser_as: Callable[[Account], Client]
) -> None:
    """The duties on a home are those of /nghia-vu/, in the same order."""
    browser = browser_as(getattr(lc, persona))
    home = browser.get("/trang-cua-toi/").content.decode()
    duties = browser.get("/nghia-vu/").content.decode()
    listed = [row for row in duty_rows(duties, "duties") if row[0] != "Không có việc nào."]
    assert duty_rows(home, "obligations") == listed
    if listed:
        assert "Không có việc nào đang chờ bạn." not in home


def test_doha_home_shows_an_overdue_report_it_owes(lao_cai: Province, lc: Personas,
                                                    browser_as: Callable[[Account], Client]) -> None:
    """An overdue report of the province (due 20/01/2026) is on the DoHA's home as on
    /nghia-vu/, never "Không có việc nào đang chờ bạn"."""
    with tenant_context(lao_cai):
        root = OrgUnit.objects.get(parent__isnull=True)
        Obligation.objects.create(kind=ObligationKind.REPORT, org_unit=root, subject="Báo cáo thử quá hạn",
                                  event_date=date(2026, 1, 1), due=date(2026, 1, 20), state=ObligationState.OPEN)
    browser = browser_as(lc.doha)
    home = browser.get("/trang-cua-toi/").content.decode()
    assert "Báo cáo thử quá hạn" in browser.get("/nghia-vu/").content.decode()
    assert "Báo cáo thử quá hạn" in home and "<strong>20/01/2026</strong>" in home
    assert "Không có việc nào đang chờ bạn." not in home


def test_doha_home_is_the_province_at_a_glance(lc: Personas, browser_as: Callable[[Account], Client]) -> None:
    """Headcount, the month's approvals by unit (the first ones, with a link to all), backups,
    national sync and links to act."""
    home = browser_as(lc.doha).get("/trang-cua-toi/").content.decode()
    assert re.search(r'<a href="/phe-duyet/">Xem tất cả \d+ cơ quan, địa phương</a>', home)
    for text in ("<h2>Toàn tỉnh</h2>", "Số người đang công tác", 'id="approval-progress"',
                 "Sao lưu gần nhất", "Đồng bộ CSDL quốc gia gần nhất", 'href="/tuan-thu/"', 'href="/sao-luu/"',
                 'href="/phe-duyet/so-noi-vu/goi-dong-bo/"'):
        assert text in home, text


def test_approver_home_shows_what_waits_and_the_window(lc: Personas, browser_as: Callable[[Account], Client]) -> None:
    home = browser_as(lc.approver).get("/trang-cua-toi/").content.decode()
    assert "<h2>Chờ phê duyệt</h2>" in home
    assert "thời gian phê duyệt" in home.lower()
    assert 'href="/phe-duyet/"' in home


def test_officer_home_shows_the_queue_and_links_the_full_list(
    lc: Personas, browser_as: Callable[[Account], Client]
) -> None:
    home = browser_as(lc.officer).get("/trang-cua-toi/").content.decode()
    assert "<h2>Chờ kiểm tra</h2>" in home
    assert re.search(r'<a href="/duyet-ho-so/">Tất cả \d+ đề nghị chờ kiểm tra</a>', home)


def test_employee_home_shows_the_open_change_set(lc: Personas, browser_as: Callable[[Account], Client]) -> None:
    """After starting a draft, the employee's home links it, with its state."""
    employee = browser_as(lc.employee)
    assert "Chưa có đề nghị cập nhật nào." in employee.get("/trang-cua-toi/").content.decode()
    employee.post("/ho-so-cua-toi/de-nghi/", {"changed_on": "2026-11-02"})
    home = employee.get("/trang-cua-toi/").content.decode()
    assert re.search(r"Đề nghị cập nhật đang soạn: <a href=\"/de-nghi/\d+/\">đề nghị số \d+</a> \(bản nháp\)", home)
    assert "<h2>Chờ phê duyệt</h2>" not in home and "<h2>Toàn tỉnh</h2>" not in home
