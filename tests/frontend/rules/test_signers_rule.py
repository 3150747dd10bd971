"""Which signer signs which signature is edited on /quy-che/ like any rule: one choice per
signature, the legal basis beside it, refusals beside the field, the value shown in words."""

import pytest
from django_tenants.utils import tenant_context

from core.operations.demo.services import DEMO_PASSWORD
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from rules.models import RuleVersion
from tenants.models import Province
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

EDIT_URL = "/quy-che/signing.signers/sua/"
BASIS = {"effective_from": "2026-01-01", "document": "Quyết định 99/2026/QĐ-UBND tỉnh Lào Cai", "article": "Điều 3"}


def test_the_doha_chooses_official_duty_signatures_and_the_rules_page_says_so(lao_cai: Province) -> None:
    browser = sign_in(lao_cai, DOHA_ADMIN_USERNAME, DEMO_PASSWORD)
    form = browser.get(EDIT_URL).content.decode()
    assert "Người có thẩm quyền xác nhận sơ yếu lý lịch" in form and "mPKI của Ban Cơ yếu Chính phủ" in form
    saved = browser.post(EDIT_URL, {**BASIS, "value-unit_approval": "official_usb", "value-seal": "pkcs11"})
    assert saved.status_code == 302
    with tenant_context(lao_cai):
        assert RuleVersion.objects.get(key="signing.signers").value == {"unit_approval": "official_usb",
                                                                        "seal": "pkcs11"}
    overview = browser.get("/quy-che/").content.decode()
    assert ("Cơ quan, đơn vị phê duyệt dữ liệu hằng tháng: chữ ký số chuyên dùng công vụ trên thiết bị USB, ký trên "
            "trình duyệt qua phần mềm ký số của Ban Cơ yếu Chính phủ (Nghị định 68/2024/NĐ-CP)") in overview
    assert "SignerChoice" not in overview and "mappingproxy" not in overview


def test_a_seal_cannot_be_a_browser_token_and_nothing_is_saved(lao_cai: Province) -> None:
    browser = sign_in(lao_cai, DOHA_ADMIN_USERNAME, DEMO_PASSWORD)
    refused = browser.post(EDIT_URL, {**BASIS, "value-seal": "official_usb"})
    assert refused.status_code == 400
    assert "Hãy chọn một lựa chọn hợp lệ. official_usb không phải là một trong các lựa chọn khả thi." in (
        refused.content.decode())  # not among the seal's kinds
    empty = browser.post(EDIT_URL, BASIS)
    assert empty.status_code == 400
    assert "Cần chọn cách ký cho ít nhất một loại chữ ký." in empty.content.decode()
    with tenant_context(lao_cai):
        assert not RuleVersion.objects.filter(key="signing.signers").exists()
