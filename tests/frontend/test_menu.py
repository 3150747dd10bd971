"""Each role's menu lists every page it may use and nothing it may not (no link that answers
403 or 404); the menu is built in one place, frontend/common/menu.py."""

import re
from collections.abc import Callable

import pytest
from django.test import Client

from core.base.accounts.models import Account
from tests.core.conftest import Personas

MENU = re.compile(r'<nav id="menu"[^>]*>(.*?)</nav>', re.S)
LINK = re.compile(r'href="([^"]+)"')

EVERYONE = {"/trang-cua-toi/", "/nghia-vu/", "/thong-bao/", "/doi-mat-khau/", "/to-chuc/", "/quy-che/"}
STAFF = {"/can-bo/", "/thong-ke/", "/bao-cao/", "/su-nghiep/nang-luong/", "/su-nghiep/nghi-huu/",
         "/su-nghiep/het-nhiem-ky/", "/su-nghiep/nang-luong-truoc-han/",
         "/su-nghiep/xet-nang-luong/", "/su-nghiep/ky-luat/",
         "/su-nghiep/danh-gia/"}
OWN = {"/ho-so-cua-toi/", "/su-nghiep/luong-cua-toi/", "/du-lieu-cua-toi/"}
# Officers and admins answer the data subjects of their subtree.
ANSWERS = {"/yeu-cau-du-lieu/"}
DOHA_ONLY = {"/phe-duyet/so-noi-vu/", "/phe-duyet/so-noi-vu/phe-duyet-bo-sung/", "/phe-duyet/so-noi-vu/chung-thu-so/",
             "/phe-duyet/so-noi-vu/goi-dong-bo/", "/phe-duyet/so-noi-vu/csdl-quoc-gia/", "/tuan-thu/", "/su-co-du-lieu/",
             "/quy-che/lich-lam-viec/"}
# The technical agency's pages, which the DoHA admin shares (backups, checks, maintenance).
TECH = {"/ky-thuat/", "/sao-luu/", "/ky-thuat/kiem-tra/", "/ky-thuat/bao-tri/"}
# Every page a persona may use, by persona: the menu must link exactly these.
EXPECTED = {
    "doha": EVERYONE | STAFF | DOHA_ONLY | TECH | ANSWERS | {"/phe-duyet/", "/chuyen-cong-tac/", "/tai-khoan/"},
    # No dossier, no people list: backups, checks, sync health and maintenance only.
    "tech": EVERYONE | TECH,
    "agency_admin": EVERYONE | STAFF | OWN | ANSWERS | {"/chuyen-cong-tac/", "/tai-khoan/"},
    "subunit_admin": EVERYONE | STAFF | OWN | ANSWERS | {"/chuyen-cong-tac/", "/tai-khoan/"},
    "officer": EVERYONE | STAFF | OWN | ANSWERS | {"/duyet-ho-so/"},
    "approver": EVERYONE | STAFF | OWN | {"/phe-duyet/", "/tai-khoan/"},
    "employee": EVERYONE | OWN,
    "teacher": EVERYONE | OWN,
}
# Pages only DoHA and staff may use, which refuse an employee (/bao-cao/ and /can-bo/ show him an empty list and himself).
NOT_FOR_EMPLOYEE = {"/thong-ke/", "/tai-khoan/"} | DOHA_ONLY | TECH


def menu_links(browser: Client) -> set[str]:
    page = browser.get("/trang-cua-toi/").content.decode()
    found = MENU.search(page)
    assert found, "no menu on the page"
    return set(LINK.findall(found.group(1)))


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_menu_lists_every_page_of_the_role_and_each_answers(
    persona: str, lc: Personas, browser_as: Callable[[Account], Client]
) -> None:
    """The menu links exactly the pages the role may use, and every one of them answers 200."""
    browser = browser_as(getattr(lc, persona))
    links = menu_links(browser)
    assert links == EXPECTED[persona]
    for url in sorted(links):
        assert browser.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["employee", "teacher"])
def test_employee_menu_has_no_page_that_refuses_him(
    persona: str, lc: Personas, browser_as: Callable[[Account], Client]
) -> None:
    """"Thống kê", the DoHA's pages and accounts are not offered to an employee (they answer 404)."""
    browser = browser_as(getattr(lc, persona))
    page = browser.get("/trang-cua-toi/").content.decode()
    assert ">Thống kê<" not in page
    for url in sorted(NOT_FOR_EMPLOYEE - {"/quy-che/lich-lam-viec/"}):
        assert browser.get(url).status_code == 404, url
    assert NOT_FOR_EMPLOYEE.isdisjoint(menu_links(browser))


def test_doha_menu_groups(lc: Personas, browser_as: Callable[[Account], Client]) -> None:
    """The DoHA admin's menu names its pages in Vietnamese under "Sở Nội vụ"."""
    page = browser_as(lc.doha).get("/trang-cua-toi/").content.decode()
    menu = MENU.search(page).group(1)  # type: ignore[union-attr]
    for text in ("<summary>Sở Nội vụ</summary>", '<a href="/tuan-thu/">Tuân thủ</a>', '<a href="/sao-luu/">Sao lưu</a>',
                 '<a href="/phe-duyet/so-noi-vu/phe-duyet-bo-sung/">Phê duyệt bổ sung</a>',
                 '<a href="/chuyen-cong-tac/">Chuyển công tác</a>', '<a href="/nghia-vu/">Nghĩa vụ, thời hạn</a>',
                 '<a href="/quy-che/lich-lam-viec/">Lịch làm việc</a>'):
        assert text in menu
