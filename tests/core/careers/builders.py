"""A unit with an early-raise quota of one this year and two candidates, relative to a date."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.careers.dates import months_add
from core.models import OrgUnit, OrgUnitKind, Person, Reward, SalaryHistory
from core.services.org_units import org_unit_create
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory


@dataclass
class QuotaOfOne:
    agency: OrgUnit
    first: Person
    second: Person


def quota_of_one(lc: Personas, *, as_of: date) -> QuotaOfOne:
    """Sở Thử nghiệm: 13 working people (7 in the agency, 6 in its Phòng A), 15 % × 13 = 1.95, so
    one early raise a year. `first` (Phòng A) is 9 months short with a provincial award (9 months
    early), `second` 6 months short with a base-level one (6 months): both from `as_of`."""
    root = OrgUnit.objects.get(parent__isnull=True)
    level1 = root.electronic_code[-3:]
    new = dict(acting_user=lc.doha, established_on=root.established_on)
    agency = org_unit_create(parent=root, kind=OrgUnitKind.AGENCY, name="Sở Thử nghiệm",
                             electronic_code=f"000.91.01.{level1}", **new)
    department = org_unit_create(parent=agency, kind=OrgUnitKind.DEPARTMENT, name="Phòng A",
                                 electronic_code=f"000.91.02.{level1}", **new)
    people = []
    for unit, months_short, level in ((department, 9, "Tỉnh"), (agency, 6, "Cơ sở")):
        person = PersonFactory(org_unit=unit)
        since = months_add(as_of, months_short - 36)
        SalaryHistory.objects.create(person=person, effective_on=since, rank_code="01.003", step=3,
                                     coefficient=Decimal("3.00"))
        Reward.objects.create(person=person, year=since.year, form="Bằng khen", level=level)
        people.append(person)
    for unit, count in ((agency, 6), (department, 5)):
        for _ in range(count):
            PersonFactory(org_unit=unit)
    return QuotaOfOne(agency, people[0], people[1])
