"""Each agency's yearly score (issue 19 item 8; Lào Cai Art. 17.5): counted from the province's
own records, reproducible from its breakdown, for the DoHA only, and exportable as XLSX."""

import io
from datetime import date

import pytest
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from core.base.errors import NotFoundError
from core.models import Obligation, ObligationKind, OrgUnit
from core.operations.demo.services import DEMO_PASSWORD
from core.reports.selectors.scores import unit_scores_for_user
from tests.conftest import sign_in
from tests.core.conftest import Personas, personas_of

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 4)


def _finance(lc: Personas):  # type: ignore[no-untyped-def]
    table = unit_scores_for_user(user=lc.doha, year=2026, today=TODAY)
    (row,) = [r for r in table.rows if r.unit.name == "Sở Tài chính"]
    return table, row


def test_every_score_is_redone_from_its_breakdown_and_a_late_duty_lowers_it(lc: Personas) -> None:
    table, before = _finance(lc)
    assert table.citation is not None and table.citation.article == "Điều 17 khoản 5"
    for row in table.rows:
        redone = sum(round((100 * x.done / x.out_of if x.out_of else 100.0) * x.weight / 100, 2)
                     for x in row.breakdown.lines)
        assert abs(row.breakdown.score - redone) < 0.05
        assert sum(line.weight for line in row.breakdown.lines) == 100
    Obligation.objects.create(kind=ObligationKind.REPORT, org_unit=OrgUnit.objects.get(name="Sở Tài chính"),
                              event_date=date(2026, 9, 1), due=date(2026, 9, 10), subject="Việc trễ hạn thử",
                              reference="test:score-late")
    _, after = _finance(lc)
    duties_before, duties_after = before.breakdown.lines[0], after.breakdown.lines[0]
    assert (duties_after.done, duties_after.out_of) == (duties_before.done, duties_before.out_of + 1)
    assert after.breakdown.score < before.breakdown.score or duties_before.out_of == 0 and duties_before.done == 0


def test_only_the_doha_sees_the_scores(lc: Personas) -> None:
    for account in (lc.agency_admin, lc.approver, lc.employee):
        with pytest.raises(NotFoundError):
            unit_scores_for_user(user=account, year=2026, today=TODAY)


def test_the_page_and_its_xlsx_for_the_emulation_council(lao_cai) -> None:  # type: ignore[no-untyped-def]
    with tenant_context(lao_cai):
        lc = personas_of(lao_cai)
        table = unit_scores_for_user(user=lc.doha, year=2026)
    doha = sign_in(lao_cai, lc.doha.username, DEMO_PASSWORD)
    page = doha.get("/bao-cao/diem-thi-dua/?nam=2026").content.decode()
    assert "Điểm thi đua năm 2026 về cập nhật, đồng bộ dữ liệu" in page
    assert "Quyết định 06/2024/QĐ-UBND tỉnh Lào Cai, Điều 17 khoản 5" in page
    sheet = load_workbook(io.BytesIO(doha.get("/bao-cao/diem-thi-dua/?nam=2026&tai-ve=xlsx").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Cơ quan, đơn vị" and rows[0][-1] == "Tổng điểm"
    assert [(r[0], r[-1]) for r in rows[1:]] == [(r.unit.name, r.breakdown.score) for r in table.rows]
    employee = sign_in(lao_cai, lc.employee.username, DEMO_PASSWORD)
    assert employee.get("/bao-cao/diem-thi-dua/").status_code == 404
