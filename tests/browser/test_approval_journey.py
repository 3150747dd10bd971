"""Journey: on laocai.localhost the head of Sở Tài chính signs the month's reviewed changes on
/phe-duyet/ with the key the development command made on the server. The server runs with
today's real date: inside Lào Cai's unit window (21st to 25th) the approval is signed and
listed with its certificate; outside it, the page refuses with the next window's dates."""

import json
import os
import subprocess
import sys

import pytest

from core.models import Role
from core.operations.demo.data import demo_persona_id
from core.operations.demo.services import DEMO_PASSWORD
from tenants.models import Province
from tests.browser.conftest import ROOT, _browser_database

pytestmark = pytest.mark.browser

LAO_CAI = Province(code="lao-cai")
APPROVER = demo_persona_id(LAO_CAI, Role.APPROVER)

# Run inside the live server's database: one reviewed change set waiting for the approver,
# and the unit window as the server sees it today.
SET_UP = """
import json
from django.utils import timezone
from django_tenants.utils import tenant_context
from core.approvals.windows import approval_window_require
from core.base.errors import ApplicationError
from tenants.models import Province
from tests.core.approvals.conftest import reviewed_change_set
from tests.core.conftest import personas_of

province = Province.objects.get(code="lao-cai")
with tenant_context(province):
    change_set = reviewed_change_set(personas_of(province))
    try:
        window = approval_window_require(level="unit", on=timezone.localdate())
        answer = {"open": True, "month": window.month}
    except ApplicationError as error:
        answer = {"open": False, "message": error.message}
print(json.dumps({"change_set": change_set.pk, **answer}))
"""


def _manage(*args: str) -> str:
    env = {**os.environ, "DATABASE_NAME": _browser_database(), "DJANGO_SETTINGS_MODULE": "hoso.settings.base"}
    done = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True,
                          capture_output=True, text=True, timeout=60)
    return done.stdout


@pytest.fixture
def waiting_change_set(live_hoso: int) -> dict:
    """The approver's key on the server (the development command), and a reviewed change set."""
    _manage("signing_keys_create", "--province", "lao-cai", "--username", APPROVER)
    return json.loads(_manage("shell", "-c", SET_UP).strip().splitlines()[-1])


def test_the_approver_signs_the_reviewed_changes_in_the_unit_window(  # type: ignore[no-untyped-def]
    live_hoso: int, waiting_change_set: dict, page,
) -> None:
    base = f"http://laocai.localhost:{live_hoso}"
    change_set_id = waiting_change_set["change_set"]
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", APPROVER)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{base}/phe-duyet/")
    assert "Chưa có chữ ký số của bạn" not in page.content()  # the key the command made is found
    box = page.locator(f"#chon-{change_set_id}")
    assert box.is_checked()
    page.click("#phe-duyet button[type=submit]")
    page.wait_for_url(f"{base}/phe-duyet/")
    messages = page.inner_text(".messages")

    if waiting_change_set["open"]:
        assert "Đã phê duyệt" in messages and "đề nghị cập nhật hồ sơ." in messages, messages
        assert page.locator(f"#chon-{change_set_id}").count() == 0  # no longer waiting
        history = page.locator("table").last.inner_text()
        assert waiting_change_set["month"] in history
        assert f"UID={APPROVER}" in history  # signed with the approver's certificate
    else:
        assert waiting_change_set["message"].startswith("Ngoài thời gian phê duyệt của cơ quan, đơn vị.")
        assert waiting_change_set["message"] in messages, messages
        assert page.locator(f"#chon-{change_set_id}").is_checked()  # still waiting
