"""The re-appointment decision is due 1 working day before the term ends (Nghị định 138/2020,
rule career.appointment_term), counted on the province's working-day calendar."""

from datetime import date

import pytest

from core.careers.rules import career_rules
from core.careers.selectors import career_people, term_ending
from core.models import Appointment, Person
from rules.models import ProvinceCalendarOverride
from rules.selectors import working_calendar
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _ending(person: Person):  # type: ignore[no-untyped-def]
    loaded = career_people(Person.objects.filter(pk=person.pk)).prefetch_related("appointments").get()
    return term_ending(loaded, career_rules(as_of=date(2027, 1, 1)), working_calendar())


def test_a_term_ending_on_a_monday_is_decided_by_the_friday(lc: Personas) -> None:
    """Appointed 16/03/2022 for 60 months: the term ends Monday 15/03/2027; work starts by
    15/12/2026 (90 days before); the decision is due Friday 12/03/2027."""
    person = PersonFactory(birth_year=1980, birth_date=date(1980, 1, 1))
    Appointment.objects.create(person=person, position="Trưởng phòng", decision="QĐ 5", start=date(2022, 3, 16))
    ending = _ending(person)
    assert (ending.term_end, ending.work_starts_by, ending.decision_by) == (
        date(2027, 3, 15), date(2026, 12, 15), date(2027, 3, 12))
    ProvinceCalendarOverride.objects.create(day=date(2027, 3, 12), working=False, reason="Nghỉ bù (thử nghiệm)")
    assert _ending(person).decision_by == date(2027, 3, 11)


def test_two_consecutive_terms_reach_the_limit_and_near_retirement_extends(lc: Personas) -> None:
    """A man born 10/05/1966 retires 31/05/2028 (62 years from 2028, reached 10/05/2028; 61 y 9 m
    in 2027 would be 02/2028); his second consecutive term in the same post ends 28/02/2027, within
    24 months of retirement: extension to retirement, and the limit of two terms is reached."""
    person = PersonFactory(birth_year=1966, birth_month=5, birth_date=date(1966, 5, 10))
    for start in (date(2017, 3, 1), date(2022, 3, 1)):
        Appointment.objects.create(person=person, position="Giám đốc", decision="QĐ", start=start)
    ending = _ending(person)
    assert (ending.term_end, ending.consecutive_terms, ending.limit_reached, ending.extend_to_retirement) == (
        date(2027, 2, 28), 2, True, True)
