"""The rules pages say every value in words: no Python representation of a report duty, a
backup duty or a date."""

import re
from collections.abc import Callable

import pytest
from django.test import Client

from core.base.accounts.models import Account
from tests.core.conftest import Personas

REPR = re.compile(r"ReportObligation\(|BackupDuty\(|Citation\(|datetime\.date\(|DayCount\(")


@pytest.mark.parametrize("url", ["/quy-che/", "/quy-che/reports/lich-su/", "/quy-che/backup/lich-su/"])
def test_no_python_representation_on_the_rules_pages(url: str, lc: Personas,
                                                      browser_as: Callable[[Account], Client]) -> None:
    page = browser_as(lc.doha).get(url).content.decode()
    assert not REPR.search(page)


def test_reports_and_backups_read_as_the_regulation_says(lc: Personas, browser_as: Callable[[Account], Client]) -> None:
    """Lào Cai (Quyết định 06/2024/QĐ-UBND): units report twice a year, the DoHA yearly; the
    DoHA backs up monthly and keeps three months."""
    page = re.sub(r"\s+", " ", browser_as(lc.employee).get("/quy-che/").content.decode())
    assert "Cơ quan, đơn vị báo cáo Sở Nội vụ 6 tháng một lần, hạn 31/05 và 30/11:" in page
    assert "Sở Nội vụ báo cáo Bộ Nội vụ hằng năm, hạn 20/01:" in page
    assert "(Điều 15 khoản 7, Quyết định 06/2024/QĐ-UBND tỉnh Lào Cai)" in page
    assert "<td>Sở Nội vụ sao lưu hằng tháng, giữ 3 tháng, lưu trên: Phương tiện lưu trữ chuyên dụng</td>" in page
