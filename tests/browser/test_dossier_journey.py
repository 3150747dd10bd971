"""Journey: on laocai.localhost an employee signs in with their ID number, changes their
highest qualification with the decision attached (a generated PDF) and submits; the unit
officer signs in and finds it in order; the API then shows it reviewed, and a person of
another unit can open it neither on the page nor through the API."""

import json
import re
import urllib.error
import urllib.request

import pytest

from core.models import Role
from core.operations.demo.data import demo_persona_id
from core.operations.demo.services import DEMO_PASSWORD
from tenants.models import Province

pytestmark = pytest.mark.browser

LAO_CAI = Province(code="lao-cai")  # demo ID numbers depend on the province's code only
EMPLOYEE = demo_persona_id(LAO_CAI, Role.EMPLOYEE, "stc_ns")
OFFICER = demo_persona_id(LAO_CAI, Role.UNIT_OFFICER)
TEACHER = demo_persona_id(LAO_CAI, Role.EMPLOYEE, "school1")
QUALIFICATION = "Thạc sĩ Tài chính - Ngân hàng"


def _pdf(text: str) -> bytes:
    """A one-page PDF saying `text`, with a correct cross-reference table."""
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _api(port: int, path: str, *, token: str = "", body: dict | None = None) -> tuple[int, dict]:
    headers = {"Host": f"laocai.localhost:{port}", "Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers,
                                     data=json.dumps(body).encode() if body is not None else None)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def _token(port: int, username: str) -> str:
    status, body = _api(port, "/api/v1/auth/token/", body={"username": username, "password": DEMO_PASSWORD})
    assert status == 200, body
    return str(body["token"])


def _sign_in(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()


def test_employee_submits_a_proved_change_and_the_unit_officer_reviews_it(live_hoso: int, page) -> None:  # type: ignore[no-untyped-def]
    base = f"http://laocai.localhost:{live_hoso}"

    # The employee opens a draft from the education section and changes one value (htmx).
    _sign_in(page, base, EMPLOYEE)
    page.goto(f"{base}/ho-so-cua-toi/sua/trinh-do/")
    page.fill("#id_changed_on", "2025-06-02")
    page.click("text=Mở đề nghị")
    page.fill("#id_highest_qualification", QUALIFICATION)
    page.click("#part-dossier-general_education button[type=submit]")
    page.wait_for_selector(".notice")
    assert "Đã lưu thay đổi vào đề nghị." in page.inner_text(".notice")
    assert QUALIFICATION in page.inner_text("#part-dossier-general_education ins")

    # The decision is attached to the change, then the draft is submitted.
    page.click("#section-edit a[href^='/de-nghi/']")
    change_set_id = int(re.search(r"/de-nghi/(\d+)/", page.url).group(1))  # type: ignore[union-attr]
    page.set_input_files("input[type=file]", files=[{
        "name": "quyet-dinh-cong-nhan-tot-nghiep.pdf", "mimeType": "application/pdf",
        "buffer": _pdf("Quyet dinh cong nhan tot nghiep thac si")}])
    page.fill("input[name=description]", "Quyết định công nhận tốt nghiệp thạc sĩ")
    page.click("form.upload button[type=submit]")
    assert "Đã đính kèm “quyet-dinh-cong-nhan-tot-nghiep.pdf”." in page.inner_text(".messages")
    page.click("button[name=gui]")
    assert "Đã gửi đề nghị cập nhật hồ sơ để đơn vị kiểm tra." in page.inner_text(".messages")
    assert page.inner_text("#state") == "Đã gửi kiểm tra"

    # The unit officer of Sở Tài chính sees old → new with the document, and finds it in order.
    _sign_in(page, base, OFFICER)
    page.goto(f"{base}/duyet-ho-so/")
    entry = page.locator(f"#de-nghi-{change_set_id}")
    assert entry.locator("del").first.inner_text() == "Đại học"
    assert entry.locator("ins").first.inner_text() == QUALIFICATION
    assert "Quyết định công nhận tốt nghiệp thạc sĩ" in entry.inner_text()
    entry.locator("button[name=kiem-tra]").click()
    page.wait_for_url(f"{base}/duyet-ho-so/")
    assert "Đã kiểm tra đề nghị; đề nghị chờ thủ trưởng phê duyệt." in page.inner_text(".messages")

    # Through the API the change set is reviewed, by the officer.
    status, body = _api(live_hoso, f"/api/v1/change-sets/{change_set_id}/", token=_token(live_hoso, EMPLOYEE))
    assert status == 200 and body["state"] == "reviewed"

    # A teacher of another agency cannot open it: not found on the page and through the API.
    _sign_in(page, base, TEACHER)
    response = page.goto(f"{base}/de-nghi/{change_set_id}/")
    assert response is not None and response.status == 404
    status, _ = _api(live_hoso, f"/api/v1/change-sets/{change_set_id}/", token=_token(live_hoso, TEACHER))
    assert status == 404
