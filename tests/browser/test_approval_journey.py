"""Journey: on laocai.localhost, out of the box (`hoso_setup --demo` provisions the demo keys),
the head of Sở Tài chính signs the month's reviewed changes in the browser, then the DoHA signs
the province level. The server runs with today's real date, so the DoHA first opens an
exceptional window at both levels for today (as it would for a unit that missed its window):
the sign buttons work inside it, through the two steps (prepare, see what is signed, sign)."""

import json
import os
import subprocess
import sys

import pytest

from core.models import Role
from core.operations.demo.data import demo_persona_id
from core.operations.demo.services import DEMO_PASSWORD
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from tenants.models import Province
from tests.browser.conftest import ROOT, _browser_database

pytestmark = pytest.mark.browser

LAO_CAI = Province(code="lao-cai")
APPROVER = demo_persona_id(LAO_CAI, Role.APPROVER)

# Run inside the live server's database: one reviewed change set waiting for the approver,
# and exceptional windows for today at both levels, opened by the DoHA.
SET_UP = """
import json
from django.utils import timezone
from django_tenants.utils import tenant_context
from core.approvals.services.exceptional_windows import exceptional_window_open
from core.approvals.windows import approval_window_current
from tenants.models import Province
from tests.core.approvals.conftest import reviewed_change_set
from tests.core.conftest import personas_of

province = Province.objects.get(code="lao-cai")
with tenant_context(province):
    personas = personas_of(province)
    change_set = reviewed_change_set(personas)
    today = timezone.localdate()
    month = f"{today:%Y-%m}"
    for level in ("unit", "province"):
        exceptional_window_open(acting_user=personas.doha, level=level, month=month, opens=today, closes=today,
                                reason="Kiểm thử trình duyệt: phê duyệt bổ sung")
print(json.dumps({"change_set": change_set.pk, "month": month}))
"""


def _manage(*args: str) -> str:
    env = {**os.environ, "DATABASE_NAME": _browser_database(), "DJANGO_SETTINGS_MODULE": "hoso.settings.base"}
    done = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True,
                          capture_output=True, text=True, timeout=60)
    return done.stdout


@pytest.fixture
def waiting_change_set(live_hoso: int) -> dict:
    return json.loads(_manage("shell", "-c", SET_UP).strip().splitlines()[-1])


def _sign_in(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def test_the_approver_and_the_doha_sign_in_the_browser(  # type: ignore[no-untyped-def]
    live_hoso: int, waiting_change_set: dict, page,
) -> None:
    base = f"http://laocai.localhost:{live_hoso}"
    change_set_id = waiting_change_set["change_set"]
    _sign_in(page, base, APPROVER)
    page.goto(f"{base}/phe-duyet/")
    content = page.content()
    assert "infra/signing.md" not in content and "chưa có chữ ký số" not in content.lower()
    assert page.locator(f"#chon-{change_set_id}").is_checked()
    page.click("#phe-duyet button[type=submit]")
    page.wait_for_url(f"{base}/phe-duyet/ky-so/*/")
    assert page.locator(f"a[href='/de-nghi/{change_set_id}/']").count() == 1  # what is signed, linked
    page.click("#ky-so button[type=submit]")
    page.wait_for_url(f"{base}/phe-duyet/")
    messages = page.inner_text(".messages")
    assert "Đã phê duyệt 1 đề nghị cập nhật hồ sơ." in messages, messages
    assert page.locator(f"#chon-{change_set_id}").count() == 0  # no longer waiting
    history = page.locator("table").last.inner_text()
    assert waiting_change_set["month"] in history and f"UID={APPROVER}" in history

    _sign_in(page, base, DOHA_ADMIN_USERNAME)
    page.goto(f"{base}/phe-duyet/")
    page.click("#phe-duyet-tinh button[type=submit]")
    page.wait_for_url(f"{base}/phe-duyet/ky-so/*/")
    assert f"Dữ liệu tháng {waiting_change_set['month']} của tỉnh" in page.content()
    page.click("#ky-so button[type=submit]")
    page.wait_for_url(f"{base}/phe-duyet/")
    messages = page.inner_text(".messages")
    assert f"Sở Nội vụ đã ký số phê duyệt dữ liệu tháng {waiting_change_set['month']}." in messages, messages
    history = page.locator("table").last.inner_text()
    assert "Sở Nội vụ đã phê duyệt" in history and f"UID={DOHA_ADMIN_USERNAME}" in history
