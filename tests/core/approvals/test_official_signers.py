"""Official-duty signatures (chữ ký số chuyên dùng công vụ, Nghị định 68/2024/NĐ-CP) and the
rule that says which signer signs which signature: the mPKI remote signer and the local
signing service's WebSocket, each against its stand-in (tests/core/approvals/official_services.py)
with real keys from a throwaway CA; both go through the same prepare/sign flow."""

import asyncio
import base64
import json
import threading
from collections.abc import Iterator
from datetime import date

import pytest
from django.test import override_settings
from django.utils import timezone

from core.approvals.models import MonthlyApproval, SignatureRequest
from core.approvals.official_signing import REJECTED, MpkiClient, MpkiService, MpkiSigner
from core.approvals.services.signature_requests import (
    signature_request_sign,
    unit_approval_prepare,
)
from core.approvals.services.trust import trusted_ca_add
from core.approvals.signers import NOT_CONFIGURED, person_signer
from core.approvals.signing import UNTRUSTED, TrustAnchor, signature_verify
from core.approvals.signing_methods import (
    PERSON_BROWSER,
    PERSON_REMOTE,
    PERSON_SERVER,
    person_signing_method,
)
from core.base.errors import ApplicationError
from core.models import ChangeSet, ChangeSetState
from core.operations.demo.services import DEMO_PASSWORD
from rules.services import rule_value_set
from tenants.models import Province
from tests.conftest import sign_in
from tests.core.approvals.conftest import UNIT_DAY, reviewed_change_set
from tests.core.approvals.official_services import (
    CLIENT_ID,
    CLIENT_SECRET,
    LocalSigningService,
    MpkiTestService,
)
from tests.core.conftest import Personas

MANIFEST = b'{"format":"hoso.approval/1","month":"2026-12"}'


@pytest.fixture
def mpki() -> Iterator[MpkiTestService]:
    service = MpkiTestService().start()
    yield service
    service.stop()


def _mpki_settings(service: MpkiTestService) -> dict:
    return {"lao-cai": {"mpki": {"url": service.url, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                                 "timeout": 5, "poll": 0.05}}}


def _mpki_signer(service: MpkiTestService, user: str) -> MpkiSigner:
    config = _mpki_settings(service)["lao-cai"]["mpki"]
    return MpkiSigner(MpkiClient(MpkiService.from_settings(config)), user_id=user)


def _signers_rule(lc: Personas, value: dict) -> None:
    rule_value_set(acting_user=lc.doha, key="signing.signers", value=value, effective_from=date(2026, 1, 1),
                   document="Quyết định 99/2026/QĐ-UBND tỉnh Lào Cai (thử nghiệm)", article="Điều 3")


def test_the_mpki_service_signs_once_the_person_confirms_on_their_phone(mpki: MpkiTestService) -> None:
    """hoso sends the manifest's hash only, polls until the person confirms, and what comes
    back verifies as the person's against the service's CA."""
    mpki.enrol("010072001234", "Trần Văn Phê")
    confirming = threading.Thread(target=mpki.decide, args=("010072001234",), kwargs={"accept": True})
    confirming.start()
    signed = _mpki_signer(mpki, "010072001234").sign(MANIFEST)
    confirming.join()
    verified = signature_verify(manifest=MANIFEST, cms_der=signed.cms_der, anchors=[TrustAnchor(mpki.ca.certificate)],
                                at=timezone.now(), expected_username="010072001234")
    assert verified.username == "010072001234"
    assert mpki.calls[:3] == ["oauth/token", "certificates", "sign-hash"]
    assert set(mpki.calls[3:]) == {"transactions/get"}


def test_a_refusal_on_the_phone_signs_nothing(mpki: MpkiTestService) -> None:
    mpki.enrol("010072001234", "Trần Văn Phê", elliptic=True)
    refusing = threading.Thread(target=mpki.decide, args=("010072001234",), kwargs={"accept": False})
    refusing.start()
    with pytest.raises(ApplicationError) as refused:
        _mpki_signer(mpki, "010072001234").sign(MANIFEST)
    refusing.join()
    assert (refused.value.message, refused.value.code) == (REJECTED, "remote_signing_rejected")
    [transaction] = mpki.transactions.values()
    assert transaction.signature == ""


def test_a_person_without_an_official_certificate_is_told_whom_to_ask(mpki: MpkiTestService) -> None:
    with pytest.raises(ApplicationError) as missing:
        _mpki_signer(mpki, "010072009999").sign(MANIFEST)
    assert missing.value.code == "remote_signing_no_credential"
    assert missing.value.message.startswith("Bạn chưa có chứng thư số chuyên dùng công vụ ký từ xa (mPKI)")


@pytest.mark.django_db
def test_the_rules_choose_the_signer_and_settings_say_where_it_is(lc: Personas, mpki: MpkiTestService) -> None:
    """Without a rule the server's development keys sign; the province's rule switches each
    signature to its kind; a kind whose service is not configured is refused in words."""
    assert person_signing_method("unit_approval") == PERSON_SERVER
    _signers_rule(lc, {"unit_approval": "official_mpki", "province_approval": "official_usb"})
    assert person_signing_method("unit_approval") == PERSON_REMOTE
    assert person_signing_method("province_approval") == PERSON_BROWSER
    assert person_signing_method("resume") == PERSON_SERVER
    assert person_signer(lc.doha, "province_approval") is None  # the browser signs
    with pytest.raises(ApplicationError) as unconfigured:
        person_signer(lc.approver, "unit_approval")
    assert unconfigured.value.message == NOT_CONFIGURED.format(kind="ký số từ xa chuyên dùng công vụ (mPKI)")
    with override_settings(HOSO_SIGNING=_mpki_settings(mpki)):
        assert isinstance(person_signer(lc.approver, "unit_approval"), MpkiSigner)


@pytest.mark.django_db
def test_an_mpki_signature_goes_through_prepare_and_sign_and_an_untrusted_one_writes_nothing(
    lc: Personas, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: UNIT_DAY)
    service = MpkiTestService(confirm_all=True).start()
    try:
        service.enrol(lc.approver.username, lc.approver.full_name)
        _signers_rule(lc, {"unit_approval": "official_mpki"})
        change_set = reviewed_change_set(lc)
        with override_settings(HOSO_SIGNING=_mpki_settings(service)):
            prepared = unit_approval_prepare(acting_user=lc.approver, change_set_ids=[change_set.pk])
            with pytest.raises(ApplicationError) as untrusted:  # the province does not trust the CA yet
                signature_request_sign(acting_user=lc.approver, token=str(prepared.token),
                                       signer=person_signer(lc.approver, prepared.purpose))
            assert untrusted.value.message == UNTRUSTED
            assert not MonthlyApproval.objects.exists()
            assert SignatureRequest.objects.get(pk=prepared.pk).completed_at is None
            assert ChangeSet.objects.get(pk=change_set.pk).state == ChangeSetState.REVIEWED
            trusted_ca_add(acting_user=lc.doha, name="Ban Cơ yếu Chính phủ (thử nghiệm)",
                           certificate_pem=service.ca.certificate_pem)
            [approval] = signature_request_sign(acting_user=lc.approver, token=str(prepared.token),
                                                signer=person_signer(lc.approver, prepared.purpose))
    finally:
        service.stop()
    assert approval.is_signed and approval.certificate_subject.startswith(f"UID={lc.approver.username}")
    assert ChangeSet.objects.get(pk=change_set.pk).state == ChangeSetState.APPROVED


def test_the_local_signing_service_answers_the_assumed_messages() -> None:
    """What the signing page sends over the WebSocket, and what comes back: the certificate,
    a detached CMS over the data, a raw signature over a hash; an unknown action is refused."""
    local = LocalSigningService().start()
    try:
        local.enrol("010072001234", "Trần Văn Phê")

        async def talk() -> list[dict]:
            import aiohttp

            async with aiohttp.ClientSession() as session, session.ws_connect(local.url) as ws:
                answers = []
                for message in ({"id": 0, "action": "get_certificate"},
                                {"id": 1, "action": "sign_cms", "data": base64.b64encode(MANIFEST).decode()},
                                {"id": 2, "action": "format_disk"}):
                    await ws.send_str(json.dumps(message))
                    answers.append(json.loads(await ws.receive_str()))
                return answers

        certificate, cms, unknown = asyncio.run(talk())
    finally:
        local.stop()
    assert certificate["id"] == 0 and base64.b64decode(certificate["certificate"])
    verified = signature_verify(manifest=MANIFEST, cms_der=base64.b64decode(cms["signature"]),
                                anchors=[TrustAnchor(local.ca.certificate)], at=timezone.now())
    assert verified.username == "010072001234"
    assert unknown == {"id": 2, "error": "Không hỗ trợ yêu cầu format_disk."}


@pytest.mark.django_db
def test_the_page_offers_the_usb_token_when_the_rules_say_so(
    lc: Personas, in_lao_cai: Province, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The signing page carries the local service's address and the prepared manifests for the
    script (no inline script), and the CMS the token made is verified before it counts."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: UNIT_DAY)
    local = LocalSigningService()
    token = local.enrol(lc.approver.username, lc.approver.full_name)
    trusted_ca_add(acting_user=lc.doha, name="Ban Cơ yếu Chính phủ (thử nghiệm)", certificate_pem=local.ca.certificate_pem)
    _signers_rule(lc, {"unit_approval": "official_usb"})
    change_set = reviewed_change_set(lc)
    browser = sign_in(in_lao_cai, lc.approver.username, DEMO_PASSWORD)
    location = browser.post("/phe-duyet/ky/", {"change_set": [str(change_set.pk)]})["Location"]
    base = f"/phe-duyet/{location.removeprefix('../')}"
    shown = browser.get(base).content.decode()
    assert 'id="ky-tai-may" data-local-signer="ws://127.0.0.1:8987/"' in shown
    assert "Ký số bằng thiết bị của bạn" in shown and "<script>" not in shown
    manifest = SignatureRequest.objects.get(token=location.strip("/").split("/")[-1]).documents[0].encode()
    cms = base64.b64decode(local.answer({"id": 0, "action": "sign_cms",
                                         "data": base64.b64encode(manifest).decode()})["signature"])
    assert token.certificate.serial_number
    answer = browser.post(f"{base}nop/", json.dumps({"signatures": [base64.b64encode(cms).decode()]}),
                          content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert MonthlyApproval.objects.get().certificate_subject.startswith(f"UID={lc.approver.username}")

