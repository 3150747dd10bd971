"""The most used pages of every role, checked by axe-core (npm `axe-core`, fetched by `make
axe`, injected by Playwright): no serious or critical accessibility violation; and none scrolls
sideways at a phone's width (375 px)."""

import json
import re
from pathlib import Path

import pytest

from core.models import Role
from core.operations.demo.data import PROVINCE_DATA, TECH_AGENCY_USERNAME, demo_persona_id
from core.operations.demo.services import DEMO_PASSWORD
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from tenants.models import Province
from tests.browser.conftest import ROOT

pytestmark = pytest.mark.browser

AXE_VERSION = "4.14.1"  # as infra/dev/install-axe.sh
AXE = ROOT / "var" / "cache" / "axe-core" / AXE_VERSION / "axe.min.js"
SERIOUS = ("serious", "critical")
LAO_CAI = Province(code="lao-cai")
PHONE = {"width": 375, "height": 812}

# Each role's most used pages; "{person}" is the first person the people list links to.
PAGES = {
    "anonymous": ("", ["/dang-nhap/"]),
    "employee": (demo_persona_id(LAO_CAI, Role.EMPLOYEE, "stc_ns"),
                 ["/trang-cua-toi/", "/ho-so-cua-toi/", "/ho-so-cua-toi/sua/trinh-do/", "/nghia-vu/", "/thong-bao/",
                  "/quy-che/", "/to-chuc/", "/doi-mat-khau/"]),
    "officer": (demo_persona_id(LAO_CAI, Role.UNIT_OFFICER),
                ["/trang-cua-toi/", "/duyet-ho-so/", "/can-bo/", "{person}", "/thong-ke/"]),
    "approver": (demo_persona_id(LAO_CAI, Role.APPROVER), ["/trang-cua-toi/", "/phe-duyet/", "/bao-cao/"]),
    "doha": (DOHA_ADMIN_USERNAME, ["/trang-cua-toi/", "/tuan-thu/", "/nghia-vu/", "/sao-luu/", "/phe-duyet/",
                                   "/phe-duyet/so-noi-vu/", "/chuyen-cong-tac/", "/tai-khoan/", "/to-chuc/",
                                   "/quy-che/", "/quy-che/lich-lam-viec/"]),
    "tech": (TECH_AGENCY_USERNAME, ["/trang-cua-toi/", "/ky-thuat/", "/ky-thuat/kiem-tra/", "/ky-thuat/bao-tri/",
                                    "/sao-luu/"]),
}


def _violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    """axe's serious and critical violations on the page as it is, one line each."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [f"{v['id']} ({v['impact']}): {v['help']} at "
            + json.dumps([n["target"] for n in v["nodes"]][:5], ensure_ascii=False)
            for v in found if v["impact"] in SERIOUS]


def _person_path(page, base: str) -> str:  # type: ignore[no-untyped-def]
    """The first person the people list links to who is not a persona (whose read logs other
    journeys check)."""
    personas = {name for name, *_ in PROVINCE_DATA["lao-cai"].names}
    page.goto(f"{base}/can-bo/")
    links = page.eval_on_selector_all("main a[href^='/can-bo/']",
                                      "links => links.map(a => [a.getAttribute('href'), a.innerText.trim()])")
    for href, text in links:
        if re.fullmatch(r"/can-bo/\d+/", href) and text not in personas:
            return str(href)
    raise AssertionError("the people list links no one but the personas")


@pytest.mark.parametrize("persona", list(PAGES))
def test_no_serious_accessibility_violation_and_no_sideways_scroll(  # type: ignore[no-untyped-def]
    persona: str, live_hoso: int, browser,
) -> None:
    if not Path(AXE).exists():
        pytest.skip("axe-core is not fetched (make axe)")
    username, paths = PAGES[persona]
    base = f"http://laocai.localhost:{live_hoso}"
    # The pages' Content-Security-Policy forbids inline scripts, axe's included: the test's
    # browser alone sets it aside, to inject axe.
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900}, bypass_csp=True)
    page = context.new_page()
    try:
        if username:
            page.goto(f"{base}/dang-nhap/")
            page.fill("#id_username", username)
            page.fill("#id_password", DEMO_PASSWORD)
            page.click("main form button[type=submit]")
            page.wait_for_url(f"{base}/trang-cua-toi/")
        problems = {}
        for path in paths:
            path = _person_path(page, base) if path == "{person}" else path
            page.set_viewport_size({"width": 1366, "height": 900})
            response = page.goto(f"{base}{path}")
            assert response is not None and response.status == 200, path
            found = _violations(page)
            page.set_viewport_size(PHONE)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                found.append(f"{width} px wide at 375 px")
            if found:
                problems[path] = found
        assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)
    finally:
        context.close()
