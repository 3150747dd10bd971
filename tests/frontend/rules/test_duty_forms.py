"""Report duties and the backup duty are edited with forms on /quy-che/ (no JSON): one group of
fields per report obligation, each error in Vietnamese beside its field, and a save adds a
dated version through the rules' own service (nothing saved when anything is wrong)."""

from datetime import date

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from core.operations.demo.services import DEMO_PASSWORD
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from rules import selectors
from rules.domain.registry import RuleKey
from rules.domain.types import BackupDuty, ReportObligation
from rules.models import RuleVersion
from tenants.models import Province
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

REPORTS_URL = "/quy-che/reports/sua/"
BACKUP_URL = "/quy-che/backup/sua/"
LEGAL = {"effective_from": "2027-03-01", "document": "Quyết định 99/2027/QĐ-UBND tỉnh Lào Cai",
         "article": "Điều 9"}
NEW_REPORT = {"code": "unit_to_doha_half", "reporter": "unit", "recipient": "doha", "period": "half_yearly",
              "due_dates": "31/05, 30/11", "contents": "Tình hình cập nhật dữ liệu\nSố người đã được phê duyệt",
              "via": "", "document": "Quyết định 99/2027/QĐ-UBND tỉnh Lào Cai", "article": "Điều 9 khoản 2"}


def _doha(province: Province) -> Client:
    return sign_in(province, DOHA_ADMIN_USERNAME, DEMO_PASSWORD)


def _current(province: Province, key: RuleKey) -> object:
    with tenant_context(province):
        return selectors.rules_effective(as_of=date(2026, 12, 4))[key].value


def _report_fields(i: int, report: ReportObligation) -> dict[str, str]:
    return {
        f"value-r{i}_code": report.code, f"value-r{i}_reporter": report.reporter,
        f"value-r{i}_recipient": report.recipient, f"value-r{i}_period": report.period,
        f"value-r{i}_due_dates": ", ".join(f"{d:02d}/{m:02d}" for m, d in report.due_dates),
        f"value-r{i}_contents": "\n".join(report.contents), f"value-r{i}_via": report.via or "",
        f"value-r{i}_document": report.citation.document, f"value-r{i}_article": report.citation.article,
        f"value-r{i}_effective": report.citation.effective.isoformat() if report.citation.effective else "",
    }


def _reports_post(province: Province, **new: str) -> dict[str, str]:
    """The page's form as the DoHA sends it: every current obligation, and `new` in the empty group."""
    reports = _current(province, RuleKey.REPORTS)
    assert isinstance(reports, tuple) and reports
    data = {"value-rows": str(len(reports) + 1), **LEGAL, "save": "1"}
    for i, report in enumerate(reports):
        data.update(_report_fields(i, report))
    data.update({f"value-r{len(reports)}_{name}": value for name, value in new.items()})
    data.setdefault(f"value-r{len(reports)}_reporter", "unit")
    data.setdefault(f"value-r{len(reports)}_recipient", "doha")
    data.setdefault(f"value-r{len(reports)}_period", "yearly")
    return data


def _beside(html: str, field: str) -> str:
    """What the page shows inside the field's own block (up to the next field)."""
    return html.split(f'id="field-{field}"', 1)[1].split('<div class="field', 1)[0]


def _versions(province: Province, key: RuleKey) -> int:
    with tenant_context(province):
        return RuleVersion.objects.filter(key=str(key)).count()


def test_the_reports_page_shows_one_group_of_fields_per_obligation(lao_cai: Province) -> None:
    reports = _current(lao_cai, RuleKey.REPORTS)
    assert isinstance(reports, tuple)
    html = _doha(lao_cai).get(REPORTS_URL).content.decode()
    assert "JSON" not in html
    assert html.count('<fieldset class="obligation">') == len(reports) + 1
    first = reports[0]
    assert f'value="{first.code}"' in _beside(html, "r0_code")
    assert ", ".join(f"{d:02d}/{m:02d}" for m, d in first.due_dates) in _beside(html, "r0_due_dates")
    assert "Thêm nghĩa vụ báo cáo" in html


def test_an_added_obligation_is_saved_as_a_new_dated_version(lao_cai: Province) -> None:
    before = _current(lao_cai, RuleKey.REPORTS)
    response = _doha(lao_cai).post(REPORTS_URL, _reports_post(lao_cai, **NEW_REPORT))
    assert response.status_code == 302, response.content.decode()[:3000]
    with tenant_context(lao_cai):
        saved = selectors.rules_effective(as_of=date(2027, 3, 1))[RuleKey.REPORTS].value
        version = RuleVersion.objects.filter(key="reports").latest("id")
    assert isinstance(saved, tuple) and saved[: len(before)] == before  # type: ignore[arg-type]
    added = saved[-1]
    assert (added.code, added.period, added.due_dates) == ("unit_to_doha_half", "half_yearly", ((5, 31), (11, 30)))
    assert added.contents == ("Tình hình cập nhật dữ liệu", "Số người đã được phê duyệt")
    assert added.citation.article == "Điều 9 khoản 2"
    assert (version.effective_from, version.article) == (date(2027, 3, 1), "Điều 9")


def test_a_removed_obligation_is_no_longer_in_the_new_version(lao_cai: Province) -> None:
    before = _current(lao_cai, RuleKey.REPORTS)
    data = _reports_post(lao_cai)
    data["value-r0_remove"] = "on"
    assert _doha(lao_cai).post(REPORTS_URL, data).status_code == 302
    with tenant_context(lao_cai):
        saved = selectors.rules_effective(as_of=date(2027, 3, 1))[RuleKey.REPORTS].value
    assert saved == before[1:]  # type: ignore[index]


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"due_dates": "mười/một"}, "due_dates", "“mười/một” không phải ngày/tháng (ví dụ 10/01)."),
    ({"due_dates": "31/04"}, "due_dates", "Tháng 4 không có ngày 31."),
    ({"document": ""}, "document", "Cần ghi số, ký hiệu và tên văn bản."),
    ({"contents": " "}, "contents", "Ghi ít nhất một nội dung báo cáo."),
    ({"recipient": "unit"}, "recipient", "Chọn một trong các lựa chọn có sẵn."),
    ({"reporter": "doha", "recipient": "doha"}, "recipient", "Nơi nhận phải khác bên báo cáo."),
])
def test_a_wrong_part_of_an_obligation_is_shown_beside_it_and_nothing_is_saved(
    lao_cai: Province, change: dict[str, str], field: str, message: str,
) -> None:
    before = _versions(lao_cai, RuleKey.REPORTS)
    data = _reports_post(lao_cai, **{**NEW_REPORT, **change})
    rows = int(data["value-rows"]) - 1
    response = _doha(lao_cai).post(REPORTS_URL, data)
    assert response.status_code == 400
    assert message in _beside(response.content.decode(), f"r{rows}_{field}")
    assert _versions(lao_cai, RuleKey.REPORTS) == before


def test_the_backup_duty_is_edited_with_its_own_fields(lao_cai: Province) -> None:
    current = _current(lao_cai, RuleKey.BACKUP)
    assert isinstance(current, BackupDuty)
    browser = _doha(lao_cai)
    html = browser.get(BACKUP_URL).content.decode()
    assert "JSON" not in html and 'type="checkbox" name="value-who"' in html
    response = browser.post(BACKUP_URL, {"value-who": ["doha", "tech_agency"], "value-frequency": "monthly",
                                         "value-keep_months": "6", "value-storage": "Máy chủ dự phòng của tỉnh",
                                         **LEGAL, "save": "1"})
    assert response.status_code == 302
    with tenant_context(lao_cai):
        saved = selectors.rules_effective(as_of=date(2027, 3, 1))[RuleKey.BACKUP].value
    assert saved == BackupDuty(who=("doha", "tech_agency"), frequency="monthly", keep_months=6,
                               storage="Máy chủ dự phòng của tỉnh")


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"value-keep_months": "0"}, "keep_months", "Ít nhất 1 tháng."),
    ({"value-keep_months": "sáu"}, "keep_months", "Phải là một số nguyên."),
    ({"value-who": []}, "who", "Cần ít nhất một bên thực hiện sao lưu."),
    ({"value-storage": ""}, "storage", "Cần ghi nơi lưu trữ bản sao lưu."),
])
def test_a_wrong_backup_field_is_shown_beside_it_and_nothing_is_saved(
    lao_cai: Province, change: dict, field: str, message: str,
) -> None:
    before = _versions(lao_cai, RuleKey.BACKUP)
    data = {"value-who": ["doha"], "value-frequency": "monthly", "value-keep_months": "3",
            "value-storage": "Máy chủ", **LEGAL, "save": "1", **change}
    response = _doha(lao_cai).post(BACKUP_URL, data)
    assert response.status_code == 400
    assert message in _beside(response.content.decode(), field)
    assert _versions(lao_cai, RuleKey.BACKUP) == before
