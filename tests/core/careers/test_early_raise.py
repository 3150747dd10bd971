"""Early raises (Thông tư 08/2013 Art. 3 as amended by Thông tư 03/2021, rule values of the
baseline): at most 12 months short of the regular raise, an award during the step (Tỉnh: 9 months,
Cơ sở: 6), 15 % of the unit's working headcount a year, never twice in a row, the retirement case
(retirement within 6 months, before the regular raise) 12 months early outside the quota.

The unit, counted by hand: Sở Thử nghiệm (agency) has 7 working people, its Phòng A 6 more, and
its Trung tâm (a public service unit with its own quota) 2: headcount 13, quota 15 % × 13 = 1.95,
so 1 person in 2024."""

from datetime import date
from decimal import Decimal

import pytest

from core.base.audit.models import AuditEvent
from core.base.errors import ApplicationError, NotFoundError, PermissionDeniedError
from core.careers.models import EarlyRaiseProposal
from core.careers.selectors import early_raise_candidates_for_user, quota_headcount
from core.careers.services import early_raise_propose
from core.models import OrgUnit, OrgUnitKind, Person, Reward, SalaryHistory
from core.services.org_units import org_unit_create
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db
AS_OF = date(2024, 6, 1)


def _step(person: Person, since: date, step: int) -> None:
    SalaryHistory.objects.create(person=person, effective_on=since, rank_code="01.003", step=step,
                                 coefficient=Decimal("2.34") + (step - 1) * Decimal("0.33"))


class Unit:
    def __init__(self, lc: Personas) -> None:
        root = OrgUnit.objects.get(parent__isnull=True)
        level1 = root.electronic_code[-3:]
        new = dict(acting_user=lc.doha, established_on=root.established_on)
        self.agency = org_unit_create(parent=root, kind=OrgUnitKind.AGENCY, name="Sở Thử nghiệm",
                                      electronic_code=f"000.91.01.{level1}", **new)
        self.department = org_unit_create(parent=self.agency, kind=OrgUnitKind.DEPARTMENT, name="Phòng A",
                                          electronic_code=f"000.91.02.{level1}", **new)
        self.centre = org_unit_create(parent=self.agency, kind=OrgUnitKind.PUBLIC_SERVICE_UNIT, name="Trung tâm",
                                      electronic_code=f"000.91.03.{level1}", **new)
        # P1 (Phòng A): step 3 from 01/03/2022, regular raise 01/03/2025 (9 months short); award
        # of the province in 2023: 9 months early, from 01/06/2024.
        self.p1 = PersonFactory(org_unit=self.department)
        _step(self.p1, date(2022, 3, 1), 3)
        Reward.objects.create(person=self.p1, year=2023, form="Bằng khen", level="Tỉnh")
        # P2: step 2 from 01/01/2022, regular 01/01/2025; base-level award in 2022: 6 months, 01/07/2024.
        self.p2 = PersonFactory(org_unit=self.agency)
        _step(self.p2, date(2022, 1, 1), 2)
        Reward.objects.create(person=self.p2, year=2022, form="Giấy khen", level="Cơ sở")
        # P3: born 15/09/1963, retires 30/09/2024 (61 years, reached in 2024); step 4 from
        # 01/05/2022, regular 01/05/2025 after retiring: 12 months early, from 01/05/2024, outside the quota.
        self.p3 = PersonFactory(org_unit=self.agency, birth_year=1963, birth_month=9, birth_date=date(1963, 9, 15))
        _step(self.p3, date(2022, 5, 1), 4)
        # P4: step 3 from 01/01/2022 came from an early raise; regular 01/01/2025, award 2023.
        self.p4 = PersonFactory(org_unit=self.agency)
        _step(self.p4, date(2022, 1, 1), 3)
        Reward.objects.create(person=self.p4, year=2023, form="Bằng khen", level="Tỉnh")
        EarlyRaiseProposal.objects.create(
            person=self.p4, org_unit=self.agency, year=2022, step_since=date(2019, 7, 1), step=2,
            regular_due=date(2022, 7, 1), months_early=6, raise_on=date(2022, 1, 1),
            state=EarlyRaiseProposal.State.APPROVED, proposed_by=lc.doha)
        # P5: step 2 from 01/01/2023, regular 01/01/2026: 19 months short.
        self.p5 = PersonFactory(org_unit=self.agency)
        _step(self.p5, date(2023, 1, 1), 2)
        Reward.objects.create(person=self.p5, year=2023, form="Bằng khen", level="Tỉnh")
        # P6: the last step of A1 (9).
        self.p6 = PersonFactory(org_unit=self.agency)
        _step(self.p6, date(2023, 1, 1), 9)
        for _ in range(2):
            PersonFactory(org_unit=self.agency)
        for _ in range(5):
            PersonFactory(org_unit=self.department)
        for _ in range(2):
            PersonFactory(org_unit=self.centre)


@pytest.fixture
def unit(lc: Personas) -> Unit:
    return Unit(lc)


def test_the_headcount_is_the_units_own_and_its_departments(unit: Unit) -> None:
    assert quota_headcount(unit.agency) == 13
    assert quota_headcount(unit.centre) == 2


def test_the_candidates_and_the_quota(lc: Personas, unit: Unit) -> None:
    found = early_raise_candidates_for_user(user=lc.doha, as_of=AS_OF, unit_id=unit.agency.pk)
    assert [(c.career.person.pk, c.months_early, c.raise_on, c.retirement_case) for c in found.cases] == [
        (unit.p2.pk, 6, date(2024, 7, 1), False),
        (unit.p1.pk, 9, date(2024, 6, 1), False),
        (unit.p3.pk, 12, date(2024, 5, 1), True),
    ]
    quota = found.quotas[unit.agency.pk]
    assert (quota.year, quota.headcount, quota.quota, quota.used, quota.left) == (2024, 13, 1, 0, 1)


def test_the_quota_is_enforced_when_proposing_and_the_retirement_case_is_outside_it(lc: Personas, unit: Unit) -> None:
    first = early_raise_propose(acting_user=lc.doha, person_id=unit.p1.pk, as_of=AS_OF)
    assert (first.org_unit_id, first.year, first.months_early, first.raise_on, first.reward.level) == (
        unit.agency.pk, 2024, 9, date(2024, 6, 1), "Tỉnh")
    written = (EarlyRaiseProposal.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ApplicationError) as refused:
        early_raise_propose(acting_user=lc.doha, person_id=unit.p2.pk, as_of=AS_OF)
    assert refused.value.code == "quota_full"
    assert refused.value.message == (
        "Đã đủ tỷ lệ nâng bậc lương trước thời hạn năm 2024 của Sở Thử nghiệm: 1/1 người (15 % của 13 người đang "
        "làm việc). Người có thông báo nghỉ hưu được nâng ngoài tỷ lệ.")
    assert (EarlyRaiseProposal.objects.count(), AuditEvent.objects.count()) == written
    retiring = early_raise_propose(acting_user=lc.doha, person_id=unit.p3.pk, as_of=AS_OF)
    assert (retiring.retirement_case, retiring.months_early, retiring.reward) == (True, 12, None)
    after = early_raise_candidates_for_user(user=lc.doha, as_of=AS_OF, unit_id=unit.agency.pk)
    assert [c.career.person.pk for c in after.cases] == [unit.p2.pk]
    assert after.quotas[unit.agency.pk].left == 0


@pytest.mark.parametrize(("who", "code", "message"), [
    ("p4", "twice_in_a_row", "Bậc hiện hưởng của {name} là do nâng bậc lương trước thời hạn: không được nâng trước "
                             "thời hạn hai lần liên tiếp."),
    ("p5", "too_early", "{name} còn hơn 12 tháng đến kỳ nâng bậc thường xuyên (01/01/2026): chỉ xét nâng trước "
                        "thời hạn khi còn thiếu không quá 12 tháng."),
    ("p6", "last_step", "{name} đang hưởng bậc cuối của ngạch: không nâng bậc trước thời hạn (hưởng phụ cấp thâm "
                        "niên vượt khung)."),
])
def test_who_does_not_qualify_is_told_why(lc: Personas, unit: Unit, who: str, code: str, message: str) -> None:
    person = getattr(unit, who)
    with pytest.raises(ApplicationError) as refused:
        early_raise_propose(acting_user=lc.doha, person_id=person.pk, as_of=AS_OF)
    assert (refused.value.code, refused.value.message) == (code, message.format(name=person.full_name))
    assert not EarlyRaiseProposal.objects.filter(person=person, state=EarlyRaiseProposal.State.PROPOSED).exists()


def test_an_award_before_the_step_does_not_qualify(lc: Personas, unit: Unit) -> None:
    Reward.objects.filter(person=unit.p2).update(year=2021)
    with pytest.raises(ApplicationError) as refused:
        early_raise_propose(acting_user=lc.doha, person_id=unit.p2.pk, as_of=AS_OF)
    assert refused.value.code == "no_award"


def test_a_second_proposal_for_the_same_step_is_refused(lc: Personas, unit: Unit) -> None:
    first = early_raise_propose(acting_user=lc.doha, person_id=unit.p3.pk, as_of=AS_OF)
    with pytest.raises(ApplicationError) as refused:
        early_raise_propose(acting_user=lc.doha, person_id=unit.p3.pk, as_of=AS_OF)
    assert refused.value.message == (f"Đã có đề nghị nâng bậc lương trước thời hạn số {first.pk} cho bậc hiện "
                                     f"hưởng của {unit.p3.full_name}.")


def test_only_an_admin_over_the_unit_proposes(lc: Personas, unit: Unit) -> None:
    with pytest.raises(NotFoundError):
        early_raise_propose(acting_user=lc.employee, person_id=unit.p1.pk, as_of=AS_OF)
    with pytest.raises((NotFoundError, PermissionDeniedError)):
        early_raise_propose(acting_user=lc.agency_admin, person_id=unit.p1.pk, as_of=AS_OF)
    assert not EarlyRaiseProposal.objects.filter(person=unit.p1).exists()
