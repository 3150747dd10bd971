"""At a phone's width (375 px) no main page scrolls sideways, for an employee, a unit officer,
an approver and the DoHA admin; the menu folds behind "Trình đơn" and opens in place.
Screenshots go to var/artefacts/phone/."""

from pathlib import Path

import pytest

from core.models import Role
from core.operations.demo.data import demo_persona_id
from core.operations.demo.services import DEMO_PASSWORD
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from tenants.models import Province

pytestmark = pytest.mark.browser

ARTEFACTS = Path(__file__).resolve().parents[2] / "var" / "artefacts" / "phone"
LAO_CAI = Province(code="lao-cai")
PERSONAS = {
    "employee": (demo_persona_id(LAO_CAI, Role.EMPLOYEE, "stc_ns"),
                 ["/trang-cua-toi/", "/ho-so-cua-toi/", "/nghia-vu/", "/thong-bao/", "/quy-che/", "/to-chuc/"]),
    "officer": (demo_persona_id(LAO_CAI, Role.UNIT_OFFICER),
                ["/trang-cua-toi/", "/duyet-ho-so/", "/can-bo/", "/thong-ke/"]),
    "approver": (demo_persona_id(LAO_CAI, Role.APPROVER), ["/trang-cua-toi/", "/phe-duyet/", "/bao-cao/"]),
    "doha": (DOHA_ADMIN_USERNAME, ["/trang-cua-toi/", "/tuan-thu/", "/sao-luu/", "/phe-duyet/so-noi-vu/",
                                   "/chuyen-cong-tac/", "/tai-khoan/", "/quy-che/lich-lam-viec/"]),
}


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_no_main_page_scrolls_sideways_at_375_px(persona: str, live_hoso: int, browser) -> None:  # type: ignore[no-untyped-def]
    username, paths = PERSONAS[persona]
    base = f"http://laocai.localhost:{live_hoso}"
    context = browser.new_context(locale="en-US", viewport={"width": 375, "height": 812})
    page = context.new_page()
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    try:
        page.goto(f"{base}/dang-nhap/")
        assert page.evaluate("document.documentElement.lang") == "vi"  # an English browser still reads Vietnamese
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("form.form button[type=submit]")
        page.wait_for_url(f"{base}/trang-cua-toi/")
        assert not page.is_visible("nav#menu")  # folded
        page.click("label.menu-button")
        assert page.is_visible("nav#menu")
        page.screenshot(path=str(ARTEFACTS / f"{persona}-menu.png"))
        for path in paths:
            response = page.goto(f"{base}{path}")
            assert response is not None and response.status == 200, path
            width = page.evaluate("document.documentElement.scrollWidth")
            page.screenshot(path=str(ARTEFACTS / f"{persona}{path.strip('/').replace('/', '-')}.png"), full_page=True)
            assert width <= 375, f"{path} is {width} px wide"
    finally:
        context.close()
