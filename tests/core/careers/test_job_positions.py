"""Job positions (vị trí việc làm, Thông tư 12/2022/TT-BNV groups) as a catalogue, and the one a
person held on any date: a new position ends the previous the day before it starts."""

from datetime import date

import pytest

from core.base.errors import ApplicationError, NotFoundError
from core.careers.models import JobPosition, JobPositionHolding
from core.careers.selectors import job_position_on
from core.careers.services import job_position_assign
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db
BASIS = "Thông tư 12/2022/TT-BNV"


@pytest.fixture
def catalogue() -> None:
    JobPosition.objects.create(code="CV-TCCB", name="Chuyên viên về tổ chức cán bộ", group="professional",
                               legal_basis=BASIS)
    JobPosition.objects.create(code="TP", name="Trưởng phòng", group="leadership", legal_basis=BASIS)
    JobPosition.objects.create(code="CU", name="Vị trí đã bỏ", group="support", legal_basis=BASIS,
                               valid_to=date(2024, 12, 31))


def test_the_position_on_any_date(lc: Personas, catalogue: None) -> None:
    person = PersonFactory(org_unit=lc.person(lc.employee).org_unit)
    job_position_assign(acting_user=lc.doha, person_id=person.pk, code="CV-TCCB", start=date(2024, 1, 1))
    job_position_assign(acting_user=lc.doha, person_id=person.pk, code="TP", start=date(2025, 7, 1),
                        decision="12/QĐ-STC")
    assert job_position_on(user=lc.doha, person_id=person.pk, on=date(2023, 12, 31)) is None
    assert job_position_on(user=lc.doha, person_id=person.pk, on=date(2025, 6, 30)).position.code == "CV-TCCB"  # type: ignore[union-attr]
    assert job_position_on(user=lc.doha, person_id=person.pk, on=date(2025, 7, 1)).position.code == "TP"  # type: ignore[union-attr]
    assert list(JobPositionHolding.objects.filter(person=person).values_list("end", flat=True)) == [
        date(2025, 6, 30), None]


def test_refusals_name_their_field_and_write_nothing(lc: Personas, catalogue: None) -> None:
    person = PersonFactory(org_unit=lc.person(lc.employee).org_unit)
    job_position_assign(acting_user=lc.doha, person_id=person.pk, code="CV-TCCB", start=date(2024, 1, 1))
    for code, start, field, message in (
            ("XX", date(2025, 1, 1), "code", "Không có vị trí việc làm mã “XX” trong danh mục (hoặc đã hết hiệu lực)."),
            ("CU", date(2025, 1, 1), "code", "Không có vị trí việc làm mã “CU” trong danh mục (hoặc đã hết hiệu lực)."),
            ("TP", date(2024, 1, 1), "start", "Ngày bắt đầu phải sau ngày bắt đầu vị trí việc làm hiện tại (01/01/2024).")):
        with pytest.raises(ApplicationError) as refused:
            job_position_assign(acting_user=lc.doha, person_id=person.pk, code=code, start=start)
        assert refused.value.extra["fields"] == {field: message}
    assert JobPositionHolding.objects.filter(person=person).count() == 1
    with pytest.raises(NotFoundError):
        job_position_on(user=lc.teacher, person_id=person.pk, on=date(2025, 1, 1))

