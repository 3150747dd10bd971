"""The DoHA's compliance table: per unit, open and late duties by kind; exported as CSV and
XLSX; another province's duties never appear."""

import csv
import io
from datetime import date

import pytest
from django_tenants.utils import tenant_context

from core.base.errors import NotFoundError
from core.models import Obligation, ObligationKind
from core.transfers.export import compliance_csv, compliance_xlsx
from core.transfers.models import DutyKind, TransferKind
from core.transfers.selectors import compliance_table_for_user, duty_list_for_user
from core.transfers.services.transfers import transfer_handover, transfer_start
from tenants.models import Province
from tests.core.conftest import Personas, personas_of
from tests.core.transfers.conftest import decision, unit

LATE_DAY = date(2026, 9, 17)


def _late_take_over(lc: Personas) -> Obligation:
    """Lào Cai sets no count for the take-over (Art. 11.3 counts the old unit's handover):
    the take-over is given a due date here, as a unit would be late on any dated duty."""
    transfer = transfer_start(acting_user=lc.doha, kind=TransferKind.MOVE_TO_OTHER_UNIT,
                              person=lc.person(lc.employee), to_unit=unit("Sở Giáo dục và Đào tạo"),
                              effective_on=date(2026, 8, 24), decision=decision())
    transfer_handover(acting_user=lc.doha, transfer=transfer, decision=decision(on=date(2026, 8, 28)))
    Obligation.objects.filter(kind=DutyKind.TAKE_OVER).update(due=date(2026, 9, 16))
    Obligation.objects.create(kind=ObligationKind.PERSONAL_UPDATE, person=lc.person(lc.teacher),
                              account=lc.teacher, event_date=date(2026, 9, 10), due=date(2026, 10, 1))
    return Obligation.objects.get(kind=DutyKind.TAKE_OVER)


def test_late_duties_show_on_the_dashboard_by_unit_and_kind(lc: Personas) -> None:
    """Both duties count at Sở Giáo dục và Đào tạo (the teacher's school is below it)."""
    _late_take_over(lc)
    table = compliance_table_for_user(user=lc.doha, today=LATE_DAY)
    [row] = [r for r in table.rows if r.unit.name == "Sở Giáo dục và Đào tạo"]
    assert row.late == {DutyKind.TAKE_OVER: 1}
    assert row.open == {DutyKind.TAKE_OVER: 1, DutyKind.PERSONAL_UPDATE: 1}
    assert table.rows[0] is row  # the most late first
    assert compliance_table_for_user(user=lc.doha, today=date(2026, 9, 16)).rows[0].late == {}


def test_an_unhanded_dossier_makes_the_old_unit_late(lc: Personas) -> None:
    """Lào Cai Art. 11.3: the old unit hands over within 10 working days of the decision taking
    effect (24/8/2026 → 10/9, with 31/8–2/9 off); on 11/9 Sở Tài chính is late, not the new unit."""
    transfer_start(acting_user=lc.doha, kind=TransferKind.MOVE_TO_OTHER_UNIT, person=lc.person(lc.employee),
                   to_unit=unit("Sở Giáo dục và Đào tạo"), effective_on=date(2026, 8, 24), decision=decision())
    assert Obligation.objects.get(kind=DutyKind.HANDOVER).due == date(2026, 9, 10)
    table = compliance_table_for_user(user=lc.doha, today=date(2026, 9, 11))
    assert table.rows[0].unit.name == "Sở Tài chính"
    assert table.rows[0].late == {DutyKind.HANDOVER: 1}


def test_the_dashboard_exports_as_csv_and_xlsx(lc: Personas) -> None:
    _late_take_over(lc)
    table = compliance_table_for_user(user=lc.doha, today=LATE_DAY)
    rows = list(csv.reader(io.StringIO(compliance_csv(table).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Cơ quan, đơn vị", "Đang mở", "Quá hạn"]
    assert rows[1][:3] == ["Sở Giáo dục và Đào tạo", "2", "1"]
    openpyxl = pytest.importorskip("openpyxl")  # optional: XLSX only when it is installed
    sheet = openpyxl.load_workbook(io.BytesIO(compliance_xlsx(table))).active
    assert [c.value for c in sheet[2]][:3] == ["Sở Giáo dục và Đào tạo", 2, 1]


def test_only_the_doha_sees_the_dashboard(lc: Personas) -> None:
    with pytest.raises(NotFoundError):
        compliance_table_for_user(user=lc.agency_admin)


def test_lai_chau_sees_none_of_lao_cais_duties(lao_cai: Province, lai_chau: Province) -> None:
    with tenant_context(lao_cai):
        duty = _late_take_over(personas_of(lao_cai))
    with tenant_context(lai_chau):
        lch = personas_of(lai_chau)
        table = compliance_table_for_user(user=lch.doha, today=LATE_DAY)
        assert all(r.late_total == 0 for r in table.rows)
        assert not Obligation.objects.filter(kind=DutyKind.TAKE_OVER).exists()
        assert not duty_list_for_user(user=lch.doha, state="all").filter(
            person__full_name=duty.person.full_name).exists()
