"""Retirements, raises and term ends become duties of the person's unit in the daily run, seen by
the unit's admins, opened once, and closed when the event moves or the person leaves."""

from datetime import date
from decimal import Decimal

import pytest

from core.careers.services import career_duties_ensure
from core.models import (
    Appointment,
    Gender,
    Obligation,
    ObligationKind,
    ObligationState,
    PersonStatus,
    SalaryHistory,
)
from core.transfers.selectors import duty_list_for_user
from core.transfers.services.daily import duties_daily_run
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _open(person_id: int) -> dict[str, tuple[date | None, date]]:
    return {d.kind: (d.due, d.event_date) for d in Obligation.objects.filter(
        person_id=person_id, state=ObligationState.OPEN, kind__startswith="career_")}


def test_a_retirement_gives_its_notice_and_decision_to_the_unit(lc: Personas) -> None:
    """A man born 15/04/1966 retires at the end of 30/04/2028: on 01/06/2027 the run opens the
    notice (due 31/10/2027) and the decision (due 31/01/2028), once; his unit's admin sees them."""
    unit = lc.person(lc.teacher).org_unit
    person = PersonFactory(gender=Gender.MALE, birth_year=1966, birth_month=4, birth_date=date(1966, 4, 15),
                           org_unit=unit)
    duties_daily_run(today=date(2027, 6, 1))
    assert _open(person.pk) == {
        ObligationKind.RETIREMENT_NOTICE: (date(2027, 10, 31), date(2028, 4, 30)),
        ObligationKind.RETIREMENT_DECISION: (date(2028, 1, 31), date(2028, 4, 30)),
    }
    assert career_duties_ensure(today=date(2027, 6, 1)).opened == 0
    seen = duty_list_for_user(user=lc.agency_admin, today=date(2027, 6, 1)).filter(person=person)
    assert {d.kind for d in seen} == {ObligationKind.RETIREMENT_NOTICE, ObligationKind.RETIREMENT_DECISION}
    assert not duty_list_for_user(user=lc.employee, today=date(2027, 6, 1)).filter(person=person).exists()
    person.status = PersonStatus.RETIRED
    person.save(update_fields=["status"])
    assert career_duties_ensure(today=date(2027, 6, 2)).closed == 2
    assert _open(person.pk) == {}


def test_a_retirement_beyond_the_year_ahead_opens_nothing_yet(lc: Personas) -> None:
    person = PersonFactory(gender=Gender.FEMALE, birth_year=1975, birth_date=date(1975, 5, 1))
    career_duties_ensure(today=date(2027, 6, 1))
    assert _open(person.pk) == {}


def test_a_raise_is_a_duty_until_it_is_recorded(lc: Personas) -> None:
    """A1 (ngạch 01.003) step 3 from 01/07/2024: raise due 01/07/2027. Once step 4 is recorded from
    that date, the duty closes and the next (01/07/2030) is beyond the year ahead."""
    person = PersonFactory(birth_year=1990)
    SalaryHistory.objects.create(person=person, effective_on=date(2024, 7, 1), rank_code="01.003", step=3,
                                 coefficient=Decimal("3.00"))
    career_duties_ensure(today=date(2027, 6, 1))
    assert _open(person.pk) == {ObligationKind.SALARY_RAISE: (date(2027, 7, 1), date(2027, 7, 1))}
    SalaryHistory.objects.create(person=person, effective_on=date(2027, 7, 1), rank_code="01.003", step=4,
                                 coefficient=Decimal("3.33"))
    result = career_duties_ensure(today=date(2027, 7, 2))
    assert (result.opened, result.closed) == (0, 1)
    assert _open(person.pk) == {}


def test_a_term_end_starts_reappointment_90_days_before(lc: Personas) -> None:
    """Appointed 01/09/2023 for 60 months: the term ends 31/08/2028, re-appointment work starts
    by 02/06/2028 (90 days before); retirement in 2049 is far, so it is a re-appointment."""
    person = PersonFactory(birth_year=1987, birth_date=date(1987, 3, 3))
    Appointment.objects.create(person=person, position="Phó Trưởng phòng", decision="QĐ 1/QĐ-UBND",
                               start=date(2023, 9, 1))
    career_duties_ensure(today=date(2027, 12, 1))
    duty = Obligation.objects.get(person=person, kind=ObligationKind.TERM_END)
    assert (duty.due, duty.event_date) == (date(2028, 6, 2), date(2028, 8, 31))
    assert duty.subject == ("Bổ nhiệm lại: Phó Trưởng phòng, hết nhiệm kỳ 31/08/2028, quyết định chậm nhất "
                            "30/08/2028")
