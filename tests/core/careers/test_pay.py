"""A month's salary and allowances on a date, counted by hand: coefficient × the base salary in
force (1,800,000 from 01/07/2023, 2,340,000 from 01/07/2024, 2,530,000 from 01/07/2026), the
beyond-top-step percent of the last coefficient, coefficient allowances × base, percent
allowances on salary + position + beyond-top-step; a base salary decreed from a later date
changes the months from that date only."""

from datetime import date
from decimal import Decimal

import pytest

from core.base.errors import ApplicationError, NotFoundError
from core.careers.pay import AllowanceFact, pay_compute
from core.careers.selectors import person_pay_on
from core.models import Allowance, SalaryHistory
from rules.national.models import BaseSalary
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory


def test_salary_position_and_seniority_allowances_by_hand() -> None:
    """3.00 × 2,340,000 = 7,020,000; position 0.30 × 2,340,000 = 702,000; seniority 5 % of
    (7,020,000 + 702,000) = 386,100; a fixed 500,000; an allowance ended the day before counts
    nothing. Total 8,608,100."""
    pay = pay_compute(on=date(2025, 3, 15), base_salary=2_340_000, coefficient=Decimal("3.00"), allowances=[
        AllowanceFact("position", "Phụ cấp chức vụ", date(2024, 1, 1), None, coefficient=Decimal("0.30")),
        AllowanceFact("seniority", "Phụ cấp thâm niên nghề", date(2020, 1, 1), None, percent=5),
        AllowanceFact("other", "Hỗ trợ", date(2025, 3, 15), date(2025, 3, 15), amount=500_000),
        AllowanceFact("region", "Phụ cấp khu vực", date(2020, 1, 1), date(2025, 3, 14), coefficient=Decimal("0.5")),
    ])
    assert pay.salary == 7_020_000
    assert [(line.label, line.amount) for line in pay.allowances] == [
        ("Phụ cấp chức vụ", 702_000), ("Hỗ trợ", 500_000), ("Phụ cấp thâm niên nghề", 386_100)]
    assert pay.total == 8_608_100


def test_beyond_the_top_step_is_a_percent_of_the_last_coefficient() -> None:
    """4.98 × 2,340,000 = 11,653,200; 7 % of it is 815,724."""
    pay = pay_compute(on=date(2025, 3, 15), base_salary=2_340_000, coefficient=Decimal("4.98"), over_frame_percent=7)
    assert (pay.salary, pay.over_frame, pay.total) == (11_653_200, 815_724, 12_468_924)


def test_amounts_round_half_up_to_whole_dong() -> None:
    """2.67 × 1,490,000 = 3,978,300; 0.25 × 1,490,000 = 372,500; 3 % of 3,978,300 = 119,349."""
    pay = pay_compute(on=date(2020, 1, 1), base_salary=1_490_000, coefficient=Decimal("2.67"), allowances=[
        AllowanceFact("seniority", "Thâm niên", date(2019, 1, 1), None, percent=3)])
    assert (pay.salary, pay.allowances[0].amount) == (3_978_300, 119_349)


@pytest.mark.django_db
class TestOnADate:
    @pytest.fixture
    def person(self, lc: Personas):  # type: ignore[no-untyped-def]
        """Ngạch 01.003 (A1): step 3 (3.00) from 01/01/2024, step 4 (3.33) from 01/01/2027; a
        position allowance 0.20 from 01/01/2024."""
        person = PersonFactory(birth_year=1990, org_unit=lc.person(lc.employee).org_unit)
        SalaryHistory.objects.create(person=person, effective_on=date(2024, 1, 1), rank_code="01.003", step=3,
                                     coefficient=Decimal("3.00"))
        SalaryHistory.objects.create(person=person, effective_on=date(2027, 1, 1), rank_code="01.003", step=4,
                                     coefficient=Decimal("3.33"))
        Allowance.objects.create(person=person, kind="position", name="Phụ cấp chức vụ Phó Trưởng phòng",
                                 coefficient=Decimal("0.20"), start=date(2024, 1, 1))
        return person

    @pytest.mark.parametrize(("on", "base", "salary", "total"), [
        # 3.00 × 1,800,000 = 5,400,000; + 0.20 × 1,800,000 = 360,000.
        (date(2024, 6, 30), 1_800_000, 5_400_000, 5_760_000),
        # 3.00 × 2,340,000 = 7,020,000; + 468,000.
        (date(2024, 7, 1), 2_340_000, 7_020_000, 7_488_000),
        # 3.00 × 2,530,000 = 7,590,000; + 506,000.
        (date(2026, 7, 1), 2_530_000, 7_590_000, 8_096_000),
        # Step 4: 3.33 × 2,530,000 = 8,424,900; + 506,000.
        (date(2027, 1, 1), 2_530_000, 8_424_900, 8_930_900),
    ])
    def test_the_base_salary_and_step_in_force_on_the_date(self, lc: Personas, person, on: date, base: int,  # type: ignore[no-untyped-def]
                                                           salary: int, total: int) -> None:
        answer = person_pay_on(user=lc.doha, person_id=person.pk, on=on)
        assert (answer.base.amount, answer.pay.salary, answer.pay.total) == (base, salary, total)
        assert answer.scale_code == "A1"

    def test_a_base_salary_from_a_later_date_changes_only_the_months_from_it(self, lc: Personas, person) -> None:  # type: ignore[no-untyped-def]
        """A decree raising the base salary to 3,000,000 from 01/01/2028: December 2027 stays at
        2,530,000 (8,930,900); January 2028 is 3.33 × 3,000,000 + 0.20 × 3,000,000 = 10,590,000."""
        before = person_pay_on(user=lc.doha, person_id=person.pk, on=date(2027, 12, 31)).pay.total
        BaseSalary.objects.create(effective_from=date(2028, 1, 1), amount=3_000_000, document="Nghị định thử nghiệm",
                                  article="Điều 3")
        assert person_pay_on(user=lc.doha, person_id=person.pk, on=date(2027, 12, 31)).pay.total == before == 8_930_900
        after = person_pay_on(user=lc.doha, person_id=person.pk, on=date(2028, 1, 1))
        assert (after.base.document, after.pay.total) == ("Nghị định thử nghiệm", 10_590_000)

    def test_beyond_the_top_step_from_the_dossier(self, lc: Personas) -> None:
        """A1 step 9 (4.98) from 01/01/2020: 5 % from 01/01/2023, 6 % from 01/01/2024, 7 % from
        01/01/2025; on 15/03/2025: 11,653,200 + 815,724."""
        person = PersonFactory(birth_year=1970)
        SalaryHistory.objects.create(person=person, effective_on=date(2020, 1, 1), rank_code="01.003", step=9,
                                     coefficient=Decimal("4.98"))
        assert person_pay_on(user=lc.doha, person_id=person.pk, on=date(2022, 12, 31)).pay.over_frame_percent == 0
        assert person_pay_on(user=lc.doha, person_id=person.pk, on=date(2024, 1, 1)).pay.over_frame_percent == 6
        pay = person_pay_on(user=lc.doha, person_id=person.pk, on=date(2025, 3, 15)).pay
        assert (pay.over_frame_percent, pay.over_frame, pay.total) == (7, 815_724, 12_468_924)

    def test_before_the_first_salary_row_or_base_salary_is_refused_in_vietnamese(self, lc: Personas, person) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(ApplicationError) as refused:
            person_pay_on(user=lc.doha, person_id=person.pk, on=date(2023, 12, 31))
        assert refused.value.message == "Hồ sơ chưa có diễn biến lương hưởng từ ngày 31/12/2023 trở về trước."
        SalaryHistory.objects.create(person=person, effective_on=date(2019, 1, 1), rank_code="01.003", step=1,
                                     coefficient=Decimal("2.34"))
        with pytest.raises(ApplicationError) as refused:
            person_pay_on(user=lc.doha, person_id=person.pk, on=date(2019, 6, 30))
        assert refused.value.message == ("Chưa có mức lương cơ sở áp dụng vào ngày 30/06/2019 (bảng mức lương cơ sở "
                                         "bắt đầu từ 01/07/2019).")

    def test_someone_out_of_scope_is_not_found(self, lc: Personas, person) -> None:  # type: ignore[no-untyped-def]
        """The teacher (another unit, no admin role) cannot read the clerk's pay: the same answer
        as for a person who does not exist."""
        for person_id in (person.pk, 10**12):
            with pytest.raises(NotFoundError):
                person_pay_on(user=lc.teacher, person_id=person_id, on=date(2025, 1, 1))
