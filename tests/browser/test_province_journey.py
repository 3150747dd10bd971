"""The month's work of one change, in each of the five demo provinces, through the pages alone,
on a database set up as `make run` sets it up (`hoso_setup --demo`, the live server of
conftest.py):

the employee of Phòng Quản lý ngân sách changes their highest qualification with the decision
attached and submits; the unit officer finds it in order; the DoHA points the province at the
national database (a local stand-in started here) and, where today falls outside the
regulation's window at a level, opens an exceptional window for it; the head of Sở Tài chính
signs in the browser (prepare, see what is signed, sign); the DoHA signs the province level;
the outbox is delivered (the worker's pass, run here) and the stand-in holds the person's new
dossier; the head of Sở Tài chính signs the employee's résumé in two steps and the PDF that
downloads validates with pyHanko against the demo CA; the employee sees the approved value and
a notification for every step.

Which windows the DoHA opens depends on today's date and the province's rules, both read from
the live database before the journey, so a given day always takes the same path. Screenshots
of every step at 1366 px and 375 px, and the signed résumé, go to
var/test-artefacts/journey/<province>/.
"""

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from core.models import Role
from core.operations.demo.data import demo_persona_id
from core.operations.demo.services import DEMO_PASSWORD, DEMO_PROVINCES
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from tenants.models import Province
from tests.browser.conftest import ROOT, _browser_database
from tests.browser.test_dossier_journey import _pdf
from tests.core.resumes.test_resume_pdf import pdf_text

pytestmark = pytest.mark.browser

ARTEFACTS = ROOT / "var" / "test-artefacts" / "journey"
QUALIFICATION = "Thạc sĩ Quản lý công"
WIDTHS = ((1366, 900), (375, 812))

# Run in the live server's database: today's date, and at each level the data month of the
# regulation's window open today (None: today is outside it).
WINDOWS_TODAY = """
import json
from django.utils import timezone
from django_tenants.utils import tenant_context
from core.approvals.windows import approval_window_current
from tenants.models import Province

with tenant_context(Province.objects.get(code="{code}")):
    today = timezone.localdate()
    found = {{"today": today.isoformat()}}
    for level in ("unit", "province"):
        window = approval_window_current(level=level, on=today)
        found[level] = window.month if window is not None and window.opens <= today <= window.closes else None
print(json.dumps(found))
"""

# The worker's pass over the outbox (core.approvals.tasks.sync_packets_deliver_task's body).
DELIVER = """
import json
from django_tenants.utils import tenant_context
from core.approvals.services.sync import sync_packets_deliver
from tenants.models import Province

with tenant_context(Province.objects.get(code="{code}")):
    report = sync_packets_deliver()
print(json.dumps({{"accepted": len(report.accepted), "rejected": len(report.rejected), "retry": len(report.retry),
                  "invalid": len(report.invalid)}}))
"""


# The demo CA `make run` made for the province (the key store's), the CAs the province trusts,
# and whether its signed PDFs get a timestamp (a TSA configured for it).
DEMO_CA = """
import json
from django_tenants.utils import tenant_context
from core.approvals.key_store import key_store_folder
from core.approvals.models import TrustedCA
from core.approvals.signers import province_signing
from tenants.models import Province

province = Province.objects.get(code="{code}")
with tenant_context(province):
    print(json.dumps({{"ca": (key_store_folder(province.schema_name) / "ca.pem").read_text(),
                      "trusted": [ca.certificate_pem for ca in TrustedCA.objects.all()],
                      "tsa": bool((province_signing().get("tsa") or {{}}).get("url"))}}))
"""


def _manage_json(script: str) -> dict:
    env = {**os.environ, "DATABASE_NAME": _browser_database(), "DJANGO_SETTINGS_MODULE": "hoso.settings.base",
           "HOSO_OUTBOUND_ALLOWED_HOSTS": "127.0.0.1"}
    done = subprocess.run([sys.executable, str(ROOT / "manage.py"), "shell", "-c", script], env=env, cwd=ROOT,
                          check=True, capture_output=True, text=True, timeout=120)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


class NationalDatabase:
    """The national database's API as far as a province sees it: one copy per idempotency key."""

    def __init__(self) -> None:
        self.received: dict[str, dict] = {}
        self.lock = threading.Lock()


@pytest.fixture(scope="module")
def national() -> Iterator[tuple[NationalDatabase, str]]:
    database = NationalDatabase()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with database.lock:
                duplicate = self.headers["Idempotency-Key"] in database.received
                database.received.setdefault(self.headers["Idempotency-Key"], body)
            data = json.dumps({"status": "duplicate" if duplicate else "accepted"}).encode()
            self.send_response(200 if duplicate else 201)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield database, f"http://127.0.0.1:{server.server_address[1]}/api/ho-so"
    server.shutdown()
    server.server_close()


class Journey:
    """One province's browser tab, its screenshots numbered in the order taken."""

    def __init__(self, page, base: str, folder: Path) -> None:  # type: ignore[no-untyped-def]
        self.page, self.base, self.folder, self.shots = page, base, folder, 0
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.png"):
            old.unlink()

    def sign_in(self, username: str) -> None:
        page = self.page
        page.context.clear_cookies()
        page.goto(f"{self.base}/dang-nhap/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        assert page.url == f"{self.base}/trang-cua-toi/", (page.url, page.inner_text("main")[:500])

    def go(self, path: str) -> None:
        response = self.page.goto(f"{self.base}{path}")
        assert response is not None and response.status == 200, path

    def shoot(self, name: str) -> None:
        """The page as it is, at a desktop's and a phone's width."""
        self.shots += 1
        for width, height in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": height})
            self.page.screenshot(path=str(self.folder / f"{self.shots:02d}-{name}-{width}.png"), full_page=True)
        self.page.set_viewport_size({"width": WIDTHS[0][0], "height": WIDTHS[0][1]})

    def messages(self) -> str:
        return str(self.page.inner_text(".messages"))


def _window_open(journey: Journey, *, level: str, month: str, today: str) -> None:
    """The DoHA opens an exceptional window at `level` for today, for the month's data."""
    page = journey.page
    journey.go("/phe-duyet/so-noi-vu/phe-duyet-bo-sung/")
    page.select_option("#id_level", level)
    page.fill("#id_month", month)
    page.fill("#id_opens", today)
    page.fill("#id_closes", today)
    page.fill("#id_reason", "Phê duyệt bổ sung dữ liệu tháng trong ngày")
    page.click("main form.form button[type=submit]")
    assert "Đã mở thời gian phê duyệt bổ sung" in journey.messages()


def _resume_signed(journey: Journey, *, signer: str, employee: str) -> bytes:
    """`signer` finds the employee among the people, opens the dossier's signed résumé and signs
    it in two steps (prepare, see what is signed, sign); the browser downloads the file."""
    page = journey.page
    journey.sign_in(signer)
    journey.go(f"/can-bo/?q={employee}")
    page.click(f"#people tr:has-text('{employee}') a")
    page.wait_for_url(f"{journey.base}/can-bo/*/")
    page.click("main a:text('Tải sơ yếu lý lịch có ký số (PDF)')")
    page.wait_for_url(f"{journey.base}/phe-duyet/ho-so/*/pdf/")
    journey.shoot("thu-truong-so-yeu-ly-lich")
    page.click("#chuan-bi-so-yeu-ly-lich button[type=submit]")
    page.wait_for_url(f"{journey.base}/phe-duyet/ky-so/*/")
    assert employee in page.inner_text("#so-yeu-ly-lich-can-ky"), page.inner_text("main")[:1500]
    journey.shoot("thu-truong-ky-so-yeu-ly-lich")
    page.click("#ky-so button[type=submit]")
    page.wait_for_url(f"{journey.base}/phe-duyet/ky-so/*/da-ky/")
    assert "Đã ký số sơ yếu lý lịch" in journey.messages()
    journey.shoot("thu-truong-so-yeu-ly-lich-da-ky")
    with page.expect_download() as download:
        page.click("#so-yeu-ly-lich-da-ky a")
    assert download.value.suggested_filename == f"so-yeu-ly-lich-{employee}.pdf"
    return Path(download.value.path()).read_bytes()


def _assert_signed_by_the_demo_ca(pdf: bytes, code: str, *, signer: str) -> None:
    """pyHanko finds both signatures (the head's, then the agency's seal) intact, valid and
    trusted against the demo CA `make run` made for the province; where the province has a
    time-stamping authority, each carries a trusted timestamp, and none otherwise."""
    import io
    from concurrent.futures import ThreadPoolExecutor

    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    found = _manage_json(DEMO_CA.format(code=code))

    def roots(pems: list[str]) -> list[asn1_x509.Certificate]:
        return [asn1_x509.Certificate.load(pem.unarmor(text.encode())[2]) for text in pems]

    def validated() -> list:
        tsa = ValidationContext(trust_roots=roots(found["trusted"])) if found["tsa"] else None
        return [validate_pdf_signature(signature, ValidationContext(trust_roots=roots([found["ca"]])),
                                       ts_validation_context=tsa)
                for signature in PdfFileReader(io.BytesIO(pdf)).embedded_signatures]

    # pyHanko's synchronous API runs its own event loop: not in Playwright's thread
    with ThreadPoolExecutor(max_workers=1) as pool:
        statuses = pool.submit(validated).result()
    assert len(statuses) == 2
    for status in statuses:
        assert status.intact and status.valid and status.trusted, status.pretty_print_details()
        if found["tsa"]:
            assert status.timestamp_validity is not None and status.timestamp_validity.trusted
        else:
            assert status.timestamp_validity is None
    assert statuses[0].signing_cert.subject.native["user_id"] == signer


@pytest.mark.parametrize("demo", DEMO_PROVINCES, ids=[p.code for p in DEMO_PROVINCES])
def test_one_change_goes_from_the_employee_to_the_national_database(  # type: ignore[no-untyped-def]
    demo, live_hoso: int, national: tuple[NationalDatabase, str], browser,
) -> None:
    province = Province(code=demo.code)  # demo ID numbers depend on the province's code only
    employee = demo_persona_id(province, Role.EMPLOYEE, "stc_ns")
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
    journey = Journey(context.new_page(), f"http://{demo.subdomain}.localhost:{live_hoso}",
                      ARTEFACTS / demo.subdomain)
    page = journey.page
    try:
        # The employee changes the highest qualification, attaches the decision and submits.
        journey.sign_in(employee)
        journey.shoot("nhan-vien-trang-chu")
        journey.go("/ho-so-cua-toi/sua/trinh-do/")
        page.fill("#id_changed_on", "2025-06-02")
        page.click("text=Mở đề nghị")
        page.fill("#id_highest_qualification", QUALIFICATION)
        page.click("#part-dossier-general_education button[type=submit]")
        page.wait_for_selector(".notice")
        assert QUALIFICATION in page.inner_text("#part-dossier-general_education ins")
        page.click("#section-edit a[href^='/de-nghi/']")
        page.wait_for_url(f"{journey.base}/de-nghi/*/")
        change_set_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
        page.set_input_files("input[type=file]", files=[{
            "name": "quyet-dinh-cong-nhan-tot-nghiep.pdf", "mimeType": "application/pdf",
            "buffer": _pdf("Quyet dinh cong nhan tot nghiep thac si")}])
        page.fill("input[name=description]", "Quyết định công nhận tốt nghiệp thạc sĩ")
        page.click("form.upload button[type=submit]")
        assert "Đã đính kèm “quyet-dinh-cong-nhan-tot-nghiep.pdf”." in journey.messages()
        page.click("button[name=gui]")
        assert "Đã gửi đề nghị cập nhật hồ sơ để đơn vị kiểm tra." in journey.messages()
        journey.shoot("nhan-vien-da-gui")

        # The unit officer finds it in order.
        journey.sign_in(demo_persona_id(province, Role.UNIT_OFFICER))
        journey.go("/duyet-ho-so/")
        entry = page.locator(f"#de-nghi-{change_set_id}")
        assert entry.locator("ins").first.inner_text() == QUALIFICATION
        journey.shoot("kiem-tra")
        entry.locator("button[name=kiem-tra]").click()
        page.wait_for_url(f"{journey.base}/duyet-ho-so/")
        assert "Đã kiểm tra đề nghị; đề nghị chờ thủ trưởng phê duyệt." in journey.messages()

        # The DoHA names the national database's address and opens the windows today needs.
        windows = _manage_json(WINDOWS_TODAY.format(code=demo.code))
        month = windows["unit"] or windows["province"] or windows["today"][:7]
        journey.sign_in(DOHA_ADMIN_USERNAME)
        journey.go("/phe-duyet/so-noi-vu/csdl-quoc-gia/")
        page.fill("#id_url", national[1])
        page.click("main form.form button[type=submit]")
        assert "Đã lưu địa chỉ CSDL quốc gia." in journey.messages()
        for level in ("unit", "province"):
            if windows[level] != month:
                assert windows[level] is None, f"{level} window of {windows[level]} open today, not of {month}"
                _window_open(journey, level=level, month=month, today=windows["today"])
        journey.shoot("so-noi-vu-thoi-gian-phe-duyet")

        # The head of Sở Tài chính signs this change set in the browser, in two steps.
        approver = demo_persona_id(province, Role.APPROVER)
        journey.sign_in(approver)
        journey.go("/phe-duyet/")
        for box in page.locator("#phe-duyet input[type=checkbox]").all():
            box.set_checked(box.get_attribute("id") == f"chon-{change_set_id}")
        journey.shoot("thu-truong-phe-duyet")
        page.click("#phe-duyet button[type=submit]")
        page.wait_for_url(f"{journey.base}/phe-duyet/ky-so/*/")
        assert page.locator(f"a[href='/de-nghi/{change_set_id}/']").count() == 1
        journey.shoot("thu-truong-ky-so")
        page.click("#ky-so button[type=submit]")
        page.wait_for_url(f"{journey.base}/phe-duyet/")
        assert "Đã phê duyệt 1 đề nghị cập nhật hồ sơ." in journey.messages()
        assert page.locator(f"#chon-{change_set_id}").count() == 0
        assert f"UID={approver}" in page.locator("table").last.inner_text()

        # The DoHA signs the province level.
        journey.sign_in(DOHA_ADMIN_USERNAME)
        journey.go("/phe-duyet/")
        page.click("#phe-duyet-tinh button[type=submit]")
        page.wait_for_url(f"{journey.base}/phe-duyet/ky-so/*/")
        assert f"Dữ liệu tháng {month} của tỉnh" in page.content()
        journey.shoot("so-noi-vu-ky-so")
        page.click("#ky-so button[type=submit]")
        page.wait_for_url(f"{journey.base}/phe-duyet/")
        assert f"Sở Nội vụ đã ký số phê duyệt dữ liệu tháng {month}." in journey.messages()

        # The outbox reaches the national database: the person's new dossier, signed by the DoHA.
        delivered = _manage_json(DELIVER.format(code=demo.code))
        assert delivered["accepted"] >= 1 and delivered["rejected"] == delivered["invalid"] == 0, delivered
        received = [p for p in national[0].received.values()
                    if p["province"] == demo.code and change_set_id in p.get("change_sets", [])]
        assert len(received) == 1, sorted(national[0].received)
        packet = received[0]
        assert packet["person"]["national_id"] == employee and packet["month"] == month
        assert packet["dossier"]["dossier"]["highest_qualification"] == QUALIFICATION
        assert packet["approval"]["signed"] is True
        journey.go("/phe-duyet/so-noi-vu/goi-dong-bo/?trang_thai=accepted")
        assert employee in page.inner_text("table.grid")
        journey.shoot("so-noi-vu-goi-dong-bo")

        # The head of Sở Tài chính signs the employee's résumé, now with the approved value.
        pdf = _resume_signed(journey, signer=approver, employee=employee)
        (journey.folder / "so-yeu-ly-lich-da-ky.pdf").write_bytes(pdf)
        _assert_signed_by_the_demo_ca(pdf, demo.code, signer=approver)
        assert QUALIFICATION in pdf_text(pdf)

        # The employee sees the approved value and hears of every step.
        journey.sign_in(employee)
        journey.go("/ho-so-cua-toi/")
        assert QUALIFICATION in page.inner_text("main")
        journey.shoot("nhan-vien-ho-so")
        journey.go("/thong-bao/")
        notices = page.inner_text("#notifications")
        for title in (f"Đề nghị cập nhật số {change_set_id} đã được kiểm tra",
                      f"Đề nghị cập nhật số {change_set_id} đã được phê duyệt",
                      f"Đề nghị cập nhật số {change_set_id} đã được Sở Nội vụ phê duyệt",
                      "Hồ sơ của bạn đã được đồng bộ về CSDL quốc gia"):
            assert title in notices, title
        journey.shoot("nhan-vien-thong-bao")
    finally:
        context.close()
