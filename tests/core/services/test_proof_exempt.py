"""Which changes need a proving document is the province's rule (change_set.proof_exempt_fields),
dated and cited: by default contact details need none; a DoHA admin's new version decides from
its date, on the services and on /quy-che/ (in words, edited with a form)."""

from datetime import date

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.base.errors import ApplicationError
from core.models import ChangeSet, ChangeSetState
from core.operations.demo.services import DEMO_PASSWORD
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from core.services.change_sets import change_set_create, change_set_submit, change_set_values_set
from rules.domain.presets import HOSO_DEFAULT
from rules.domain.proof import ProofExempt
from rules.domain.registry import RuleKey
from rules.models import RuleVersion
from rules.selectors import rules_effective
from rules.services import rule_value_set
from tenants.models import Province
from tests.conftest import client_for, sign_in
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db

EDIT_URL = "/quy-che/change_set.proof_exempt_fields/sua/"
LEGAL = {"document": "Quyết định 99/2027/QĐ-UBND tỉnh Lào Cai", "article": "Điều 10 khoản 3"}


def _submit(lc: Personas, **values: object) -> ChangeSet:
    change_set = change_set_create(acting_user=lc.employee, person=lc.person(lc.employee), changed_on=date(2026, 11, 2))
    change_set_values_set(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version,
                          group="dossier", values=values)
    return change_set_submit(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version)


def test_the_baseline_spares_contact_details_and_cites_its_source(lc: Personas) -> None:
    entry = rules_effective(as_of=timezone.localdate())[RuleKey.PROOF_EXEMPT_FIELDS]
    assert entry.value == ProofExempt(("phone", "email", "current_address", "permanent_address", "photo"))
    assert entry.citation is not None and entry.citation.document == HOSO_DEFAULT
    assert ChangeSet.objects.get(pk=_submit(lc, phone="0912345678").pk).state == ChangeSetState.SUBMITTED


def test_a_province_that_asks_proof_of_a_new_phone_number_gets_it_asked(lc: Personas) -> None:
    rule_value_set(acting_user=lc.doha, key=str(RuleKey.PROOF_EXEMPT_FIELDS), value={"fields": ["email"]},
                   effective_from=timezone.localdate(), **LEGAL)
    with pytest.raises(ApplicationError) as refused:
        _submit(lc, phone="0912345678")
    assert refused.value.code == "proof_missing"
    assert ChangeSet.objects.filter(state=ChangeSetState.SUBMITTED).count() == 0
    ChangeSet.objects.all().delete()
    assert ChangeSet.objects.get(pk=_submit(lc, email="nguyen.an@laocai.gov.vn").pk).state == ChangeSetState.SUBMITTED


def test_a_version_from_a_later_date_changes_nothing_today(lc: Personas) -> None:
    rule_value_set(acting_user=lc.doha, key=str(RuleKey.PROOF_EXEMPT_FIELDS), value={"fields": []},
                   effective_from=date(2099, 1, 1), **LEGAL)
    assert ChangeSet.objects.get(pk=_submit(lc, phone="0912345678").pk).state == ChangeSetState.SUBMITTED


@pytest.mark.parametrize(("value", "message"), [
    ({"fields": ["rank_code"]}, "Chỉ chọn trong các thông tin được phép miễn văn bản minh chứng."),
    ({"fields": ["phone", "phone"]}, "Mỗi thông tin chỉ chọn một lần."),
])
def test_only_listed_fields_may_be_exempt(lc: Personas, value: dict, message: str) -> None:
    with pytest.raises(ApplicationError) as refused:
        rule_value_set(acting_user=lc.doha, key=str(RuleKey.PROOF_EXEMPT_FIELDS), value=value,
                       effective_from=timezone.localdate(), **LEGAL)
    assert refused.value.extra["fields"] == {"value.fields": message}


def test_the_rules_page_says_it_in_words_and_the_doha_edits_it_with_a_form(lao_cai: Province) -> None:
    overview = client_for(lao_cai).get("/quy-che/").content.decode()
    assert "Thông tin được thay đổi không cần văn bản, tài liệu minh chứng" in overview
    assert ("Không cần văn bản minh chứng khi chỉ thay đổi: điện thoại, thư điện tử, nơi ở hiện nay, "
            "nơi thường trú, ảnh 3×4") in overview
    browser = sign_in(lao_cai, DOHA_ADMIN_USERNAME, DEMO_PASSWORD)
    page = browser.get(EDIT_URL).content.decode()
    assert 'type="checkbox" name="value-fields_" value="phone"' in page and "checked" in page
    refused = browser.post(EDIT_URL, {"value-fields_": ["rank_code"], "effective_from": "2027-01-01", **LEGAL,
                                      "save": "1"})
    assert refused.status_code == 400 and "Chọn trong các thông tin có sẵn." in refused.content.decode()
    saved = browser.post(EDIT_URL, {"value-fields_": ["email", "blood_type"], "effective_from": "2027-01-01",
                                    **LEGAL, "save": "1"})
    assert saved.status_code == 302
    with tenant_context(lao_cai):
        assert RuleVersion.objects.filter(key="change_set.proof_exempt_fields").count() == 1
        later = rules_effective(as_of=date(2027, 1, 1)).value(RuleKey.PROOF_EXEMPT_FIELDS)
    assert later == ProofExempt(("email", "blood_type"))
    overview = client_for(lao_cai).get("/quy-che/?as_of=2027-01-02").content.decode()
    assert "Không cần văn bản minh chứng khi chỉ thay đổi: thư điện tử, nhóm máu" in overview
