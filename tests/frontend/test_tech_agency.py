"""The technical agency's pages (Tuyên Quang Art. 11.9, Lào Cai Art. 16.7 and 17.4, Sơn La Art.
14.5) and the maintenance announced to a province's users (Sơn La Art. 3.2)."""

from collections.abc import Callable
from datetime import timedelta

from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.models import Person
from core.tech_agency.models import TechCheck
from tenants.lifecycle import province_maintenance_set, province_resume, province_suspend
from tenants.models import Province
from tests.api.conftest import Caller, token_of
from tests.conftest import client_for
from tests.core.conftest import Personas, personas_of

BANNER = 'id="maintenance-banner"'


def test_tech_agency_sees_backups_but_no_dossier(lao_cai: Province, lc: Personas,
                                                 browser_as: Callable[[Account], Client]) -> None:
    """Lào Cai Art. 16.7, 17.4: the tech agency opens backups, its home, checks and maintenance;
    a dossier answers exactly as one that does not exist, on the pages and in the API."""
    browser = browser_as(lc.tech)
    for url in ("/sao-luu/", "/ky-thuat/", "/ky-thuat/kiem-tra/", "/ky-thuat/bao-tri/"):
        assert browser.get(url).status_code == 200, url
    home = browser.get("/ky-thuat/").content.decode()
    assert 'id="sync-health"' in home and "Diễn tập khôi phục gần nhất" in home
    mine = browser.get("/trang-cua-toi/").content.decode()
    assert 'id="tech-agency"' in mine and 'href="/ky-thuat/"' in mine
    assert 'id="tech-agency"' not in browser_as(lc.employee).get("/trang-cua-toi/").content.decode()
    with tenant_context(lao_cai):
        someone = Person.objects.get(account=lc.employee)
        missing = Person.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000  # type: ignore[operator]
    page, nothing = browser.get(f"/can-bo/{someone.pk}/"), browser.get(f"/can-bo/{missing}/")
    assert page.status_code == nothing.status_code == 404
    assert page.content == nothing.content
    api = Caller(lao_cai, token_of(lao_cai, lc.tech.username))
    assert api.get("/api/v1/backups/").status_code == 200
    assert Caller(lao_cai, token_of(lao_cai, lc.officer.username)).get("/api/v1/backups/").status_code == 404
    found, absent = api.get(f"/api/v1/people/{someone.pk}/dossier/"), api.get(f"/api/v1/people/{missing}/dossier/")
    assert found.status_code == absent.status_code == 404
    assert found.json() == absent.json()
    assert someone.full_name not in browser.get("/can-bo/").content.decode()


def test_a_check_recorded_on_the_page_is_listed(lao_cai: Province, lc: Personas,
                                                browser_as: Callable[[Account], Client]) -> None:
    """Tuyên Quang Art. 11.9 as Lào Cai Art. 17.4: the form records a check; the list and the
    home show it with who recorded it."""
    browser = browser_as(lc.tech)
    answer = browser.post("/ky-thuat/kiem-tra/", {"checked_on": timezone.localdate().isoformat(),
                                                  "subjects": ["backups", "restore"], "result": "ok",
                                                  "notes": "Khôi phục thử đạt."})
    assert answer.status_code == 302
    page = browser.get("/ky-thuat/kiem-tra/").content.decode()
    assert "Lưu trữ, sao lưu dữ liệu; Diễn tập khôi phục từ bản sao lưu" in page
    assert "Khôi phục thử đạt." in page and lc.tech.full_name in page
    assert "Khôi phục thử đạt." in browser.get("/ky-thuat/").content.decode()


def test_a_check_without_what_was_checked_is_refused_beside_the_field(
    lao_cai: Province, lc: Personas, browser_as: Callable[[Account], Client]
) -> None:
    answer = browser_as(lc.tech).post("/ky-thuat/kiem-tra/", {"checked_on": timezone.localdate().isoformat(),
                                                              "result": "ok"})
    assert answer.status_code == 400
    assert "Chọn ít nhất một nội dung đã kiểm tra." in answer.content.decode()
    with tenant_context(lao_cai):
        assert not TechCheck.objects.exists()


def _son_la_browser(son_la: Province, account: Account) -> Client:
    browser = client_for(son_la)
    with tenant_context(son_la):
        browser.force_login(account)
    return browser


def test_son_la_banner_from_the_announcement_until_the_end(son_la: Province) -> None:
    """Sơn La Art. 3.2: no banner before the announcement; once announced, every page of the
    province shows the window (the sign-in page too), and after the announced end it is gone."""
    with tenant_context(son_la):
        sl = personas_of(son_la)
    employee = _son_la_browser(son_la, sl.employee)
    assert BANNER not in employee.get("/trang-cua-toi/").content.decode()

    tech = _son_la_browser(son_la, sl.tech)
    starts = timezone.localtime() + timedelta(days=2)
    answer = tech.post("/ky-thuat/bao-tri/", {"starts_at": f"{starts:%Y-%m-%dT%H:%M}",
                                              "ends_at": f"{starts + timedelta(hours=3):%Y-%m-%dT%H:%M}",
                                              "message": "Nâng cấp máy chủ cơ sở dữ liệu."})
    assert answer.status_code == 302, answer.content.decode()
    for page in (employee.get("/trang-cua-toi/"), employee.get("/ho-so-cua-toi/"), client_for(son_la).get("/dang-nhap/")):
        html = page.content.decode()
        assert BANNER in html
        assert f"từ {starts:%H:%M %d/%m/%Y} đến {starts + timedelta(hours=3):%H:%M %d/%m/%Y}" in html
        assert "Nâng cấp máy chủ cơ sở dữ liệu." in html

    now = timezone.now()
    province_maintenance_set(province_id=son_la.pk, announced_at=now - timedelta(hours=30),
                             starts_at=now - timedelta(hours=3), ends_at=now - timedelta(minutes=1), message="Xong.")
    assert BANNER not in employee.get("/trang-cua-toi/").content.decode()


def test_son_la_maintenance_page_gives_the_announced_end(son_la: Province) -> None:
    """During the window, the province's maintenance page (the province paused) names the
    announced end."""
    now = timezone.now()
    end = now + timedelta(hours=2)
    province_maintenance_set(province_id=son_la.pk, announced_at=now - timedelta(days=1),
                             starts_at=now - timedelta(hours=1), ends_at=end, message="Nâng cấp.")
    province_suspend(code=son_la.code, acting_user=None, reason="Bảo trì đã thông báo")
    try:
        page = client_for(son_la).get("/dang-nhap/")
        assert page.status_code == 503
        html = page.content.decode()
        assert f'Dự kiến hoạt động lại lúc <strong id="maintenance-end">{timezone.localtime(end):%H:%M %d/%m/%Y}</strong>' in html
    finally:
        province_resume(code=son_la.code, acting_user=None)


def test_son_la_too_short_notice_is_refused_on_the_page(son_la: Province) -> None:
    with tenant_context(son_la):
        sl = personas_of(son_la)
    starts = timezone.localtime() + timedelta(hours=1)
    answer = _son_la_browser(son_la, sl.doha).post("/ky-thuat/bao-tri/", {
        "starts_at": f"{starts:%Y-%m-%dT%H:%M}", "ends_at": f"{starts + timedelta(hours=1):%Y-%m-%dT%H:%M}",
        "message": "Nâng cấp."})
    assert answer.status_code == 400
    assert "Phải thông báo trước ít nhất 24 giờ" in answer.content.decode()
    assert Province.objects.get(pk=son_la.pk).maintenance_announced_at is None
