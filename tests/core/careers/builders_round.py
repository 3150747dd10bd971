"""Someone of the clerk's unit (Sở Tài chính, whose head is the approver persona) whose regular
raise falls due in the current quarter."""

from decimal import Decimal

from django.utils import timezone

from core.careers.dates import months_add
from core.careers.selectors import quarter_of
from core.models import Person, SalaryHistory
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory


def due_this_quarter(lc: Personas) -> Person:
    """Ngạch 01.003 step 3 (3.00) from 36 months before the quarter's first day: due that day."""
    start, _ = quarter_of(timezone.localdate())
    person = PersonFactory(org_unit=lc.person(lc.employee).org_unit)
    SalaryHistory.objects.create(person=person, effective_on=months_add(start, -36), rank_code="01.003", step=3,
                                 coefficient=Decimal("3.00"))
    return person
