"""Journey: Lào Cai's rules say its units approve with the official-duty USB token (chữ ký số
chuyên dùng công vụ, Nghị định 68/2024/NĐ-CP); the approver's page talks to the Government
Cipher Committee's local signing service over a WebSocket (here the stand-in of
tests/core/approvals/official_services.py, with a throwaway CA the province trusts), posts the
CMS back, and the server verifies it before the approval counts."""

import json
import socket
import subprocess
from collections.abc import Iterator

import pytest

from core.models import Role
from core.operations.demo.data import demo_persona_id
from tenants.models import Province
from tests.browser.test_approval_journey import _manage, _sign_in
from tests.core.approvals.official_services import LocalSigningService

pytestmark = pytest.mark.browser

APPROVER = demo_persona_id(Province(code="lao-cai"), Role.APPROVER)
LOCAL_PORT = 8987  # the page's default address of the local signing service (HOSO_LOCAL_SIGNER_URL)

SET_UP = """
import json
from django.utils import timezone
from django_tenants.utils import tenant_context
from core.approvals.services.exceptional_windows import exceptional_window_open
from core.approvals.services.trust import trusted_ca_add
from core.base.errors import ApplicationError
from rules.services import rule_value_set
from tenants.models import Province
from tests.core.approvals.conftest import colleague_in_finance, reviewed_change_set
from tests.core.conftest import personas_of

province = Province.objects.get(code="lao-cai")
with tenant_context(province):
    personas = personas_of(province)
    # a colleague of its own (the demo's people may already have a change open)
    change_set = reviewed_change_set(personas, person=colleague_in_finance(personas), phone="0987654321")
    today = timezone.localdate()
    try:
        exceptional_window_open(acting_user=personas.doha, level="unit", month=f"{today:%Y-%m}", opens=today,
                                closes=today, reason="Kiểm thử ký số chuyên dùng công vụ")
    except ApplicationError:  # the demo, or an earlier journey, opened one for today already
        pass
    trusted_ca_add(acting_user=personas.doha, name="Ban Cơ yếu Chính phủ (thử nghiệm)", certificate_pem=CA_PEM)
    rule_value_set(acting_user=personas.doha, key="signing.signers", value=VALUE, effective_from=today,
                   document="Quyết định thử nghiệm", article="Điều 1")
print(json.dumps({"change_set": change_set.pk}))
"""


def _rule(value: object, ca_pem: str = "") -> str:
    script = SET_UP if ca_pem else SET_UP.split("    personas = personas_of(province)")[0] + (
        "    personas = personas_of(province)\n    today = timezone.localdate()\n"
        "    rule_value_set(acting_user=personas.doha, key='signing.signers', value=VALUE, effective_from=today,\n"
        "                   document='Quyết định thử nghiệm', article='Điều 1')\nprint('{}')\n")
    return f"CA_PEM = {ca_pem!r}\nVALUE = {value!r}\n" + script


@pytest.fixture
def local_service() -> Iterator[LocalSigningService]:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", LOCAL_PORT)) == 0:
            pytest.skip(f"port {LOCAL_PORT} is taken: the stand-in of the local signing service cannot listen there")
    service = LocalSigningService(port=LOCAL_PORT).start()
    service.enrol(APPROVER, "Thủ trưởng Sở Tài chính")
    yield service
    service.stop()


def _shell(script: str) -> str:
    try:
        return _manage("shell", "-c", script)
    except subprocess.CalledProcessError as error:  # say why the set-up failed
        raise AssertionError(error.stderr[-3000:]) from error


@pytest.fixture
def usb_rule(live_hoso: int, local_service: LocalSigningService) -> Iterator[dict]:
    made = json.loads(_shell(_rule({"unit_approval": "official_usb"},
                                   local_service.ca.certificate_pem)).strip().splitlines()[-1])
    yield made
    _manage("shell", "-c", _rule(None))  # later journeys sign with the demo keys again


def test_the_approver_signs_with_the_official_usb_token_through_the_local_service(  # type: ignore[no-untyped-def]
    live_hoso: int, usb_rule: dict, local_service: LocalSigningService, page,
) -> None:
    base = f"http://laocai.localhost:{live_hoso}"
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.on("pageerror", lambda error: console.append(str(error)))
    page.on("requestfailed", lambda request: console.append(f"failed: {request.url}"))
    page.on("websocket", lambda socket: console.append(f"websocket: {socket.url}"))
    _sign_in(page, base, APPROVER)
    page.goto(f"{base}/phe-duyet/")
    for box in page.locator("#phe-duyet input[type=checkbox]").all():  # only this test's change
        box.uncheck()
    page.check(f"#chon-{usb_rule['change_set']}")
    page.click("#phe-duyet button[type=submit]")
    try:
        page.wait_for_url(f"{base}/phe-duyet/ky-so/*/")
    except Exception as error:  # noqa: BLE001 (say what the page said instead of a bare timeout)
        raise AssertionError(page.inner_text("main")[:1500]) from error
    assert page.locator("#ky-so").count() == 0  # no server-side signing on offer
    page.click("#ky-bang-thiet-bi")
    try:
        page.wait_for_url(f"{base}/phe-duyet/", timeout=20000)
    except Exception as error:  # noqa: BLE001 (say what the page said instead of a bare timeout)
        scripts = page.evaluate("() => Array.from(document.scripts).map(s => s.src)")
        raise AssertionError((page.inner_text("#trang-thai-ky"), local_service.requests, console, scripts,
                              page.content()[-1500:])) from error
    messages = page.inner_text(".messages")
    assert "Đã phê duyệt" in messages, messages
    assert [r["action"] for r in local_service.requests] == ["sign_cms"] * len(local_service.requests)
    assert local_service.requests and local_service.origins == [base]
    history = page.locator("table").last.inner_text()
    # the token's certificate (the stand-in's CA), not the demo key the server holds for the approver
    assert f"UID={APPROVER},CN=Thủ trưởng Sở Tài chính" in history


RESUME_SET_UP = """
from django.utils import timezone
from django_tenants.utils import tenant_context
from core.approvals.models import TrustedCA
from core.approvals.services.trust import trusted_ca_add
from rules.services import rule_value_set
from tenants.models import Province
from tests.core.conftest import personas_of

with tenant_context(Province.objects.get(code="lao-cai")):
    personas = personas_of(Province.objects.get(code="lao-cai"))
    if not TrustedCA.objects.filter(certificate_pem=CA_PEM).exists():
        trusted_ca_add(acting_user=personas.doha, name="Ban Cơ yếu Chính phủ (thử nghiệm)", certificate_pem=CA_PEM)
    rule_value_set(acting_user=personas.doha, key="signing.signers", value={"resume": "official_usb"},
                   effective_from=timezone.localdate(), document="Quyết định thử nghiệm", article="Điều 1")
"""


@pytest.fixture
def usb_resume_rule(live_hoso: int, local_service: LocalSigningService) -> Iterator[None]:
    _manage("shell", "-c", f"CA_PEM = {local_service.ca.certificate_pem!r}\n" + RESUME_SET_UP)
    yield
    _manage("shell", "-c", _rule(None))


def test_the_approver_signs_a_resume_with_the_official_usb_token(  # type: ignore[no-untyped-def]
    live_hoso: int, usb_resume_rule: None, local_service: LocalSigningService, page,
) -> None:
    """The dossier page's signed PDF becomes the two-step page: the token gives its certificate
    and signs the hash the server prepared; the PDF that downloads carries the token's signature
    (trusted against the stand-in's CA) and the agency's seal, both intact."""
    import io
    from concurrent.futures import ThreadPoolExecutor

    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    base = f"http://laocai.localhost:{live_hoso}"
    employee = demo_persona_id(Province(code="lao-cai"), Role.EMPLOYEE)
    _sign_in(page, base, APPROVER)
    person_id = json.loads(_manage("shell", "-c", (
        "from django_tenants.utils import tenant_context\nfrom tenants.models import Province\n"
        "from core.models import Person\nwith tenant_context(Province.objects.get(code='lao-cai')):\n"
        f"    print(Person.objects.get(national_id='{employee}').pk)\n")).strip().splitlines()[-1])
    page.goto(f"{base}/phe-duyet/ho-so/{person_id}/pdf/")
    assert page.locator("#ky-so-yeu-ly-lich-nut").count() == 1
    with page.expect_download(timeout=30000) as download:
        page.click("#ky-so-yeu-ly-lich-nut")
    pdf = open(download.value.path(), "rb").read()  # noqa: SIM115 (Playwright's temporary file)
    assert [r["action"] for r in local_service.requests] == ["get_certificate", "sign_hash"]
    root = asn1_x509.Certificate.load(local_service.ca.certificate.public_bytes(serialization.Encoding.DER))

    def validated() -> tuple:
        approver, agency = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
        return (validate_pdf_signature(approver, ValidationContext(trust_roots=[root])),
                validate_pdf_signature(agency, ValidationContext(trust_roots=[])))

    # pyHanko's synchronous API runs its own event loop: not in Playwright's thread
    with ThreadPoolExecutor(max_workers=1) as pool:
        status, seal = pool.submit(validated).result()
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert status.signing_cert.subject.native["common_name"] == "Thủ trưởng Sở Tài chính"
    assert seal.intact and seal.valid  # the agency's seal (the demo CA, not trusted here)
