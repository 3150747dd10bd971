"""VNPT SmartCA's gateway resembles CSC only loosely (its own envelope, no authorize step, the
result polled): the adapter signs behind the same interface, against a stand-in with its own
CA, and the province's rule can name it for a signature."""

import threading
from datetime import date

import pytest
from django.test import override_settings
from django.utils import timezone

from core.approvals.signers import person_signer
from core.approvals.signing import TrustAnchor, signature_verify
from core.approvals.signing_methods import PERSON_REMOTE, person_signing_method
from core.approvals.smartca_signing import REFUSED, REJECTED, SmartCaService, SmartCaSigner
from core.base.errors import ApplicationError
from rules.services import rule_value_set
from tests.core.approvals.official_services import SP_ID, SP_PASSWORD, SmartCaTestService
from tests.core.conftest import Personas

MANIFEST = b'{"format":"hoso.approval/1","month":"2026-12"}'


def _signer(service: SmartCaTestService, user: str, password: str = SP_PASSWORD) -> SmartCaSigner:
    return SmartCaSigner(SmartCaService(url=service.url, sp_id=SP_ID, sp_password=password, timeout=5, poll=0.05),
                         user_id=user)


def test_smartca_signs_once_the_person_confirms_in_the_app() -> None:
    service = SmartCaTestService().start()
    try:
        service.enrol("010072001234", "Trần Văn Phê")
        confirming = threading.Thread(target=service.decide, args=("010072001234",), kwargs={"accept": True})
        confirming.start()
        signed = _signer(service, "010072001234").sign(MANIFEST)
        confirming.join()
        refusing = threading.Thread(target=service.decide, args=("010072001234",), kwargs={"accept": False})
        refusing.start()
        with pytest.raises(ApplicationError) as refused:
            _signer(service, "010072001234").sign(MANIFEST)
        refusing.join()
        with pytest.raises(ApplicationError) as wrong:
            _signer(service, "010072001234", password="sai").sign(MANIFEST)
    finally:
        service.stop()
    verified = signature_verify(manifest=MANIFEST, cms_der=signed.cms_der,
                                anchors=[TrustAnchor(service.ca.certificate)], at=timezone.now(),
                                expected_username="010072001234")
    assert verified.username == "010072001234"
    assert service.calls[:3] == ["credentials", "signatures", "signatures/status"]
    assert (refused.value.message, refused.value.code) == (REJECTED, "remote_signing_rejected")
    assert wrong.value.message == REFUSED.format(detail="Sai thông tin nhà cung cấp dịch vụ")


@pytest.mark.django_db
def test_the_rule_names_smartca_and_the_settings_say_where(lc: Personas) -> None:
    rule_value_set(acting_user=lc.doha, key="signing.signers", value={"resume": "smartca"},
                   effective_from=date(2026, 1, 1), document="Quyết định thử nghiệm", article="Điều 1")
    assert person_signing_method("resume") == PERSON_REMOTE
    with override_settings(HOSO_SIGNING={"lao-cai": {"smartca": {"url": "http://127.0.0.1:9/", "sp_id": SP_ID,
                                                                 "sp_password": SP_PASSWORD}}}):
        assert isinstance(person_signer(lc.approver, "resume"), SmartCaSigner)
