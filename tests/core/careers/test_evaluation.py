"""Evaluation rounds, counted by hand. Công chức (Nghị định 335/2025, rule career.evaluation_scoring):
each month or quarter 30 general + 70 results points, averaged; ≥ 90 xuất sắc, ≥ 70 tốt, ≥ 50
hoàn thành. Viên chức: the level given (Nghị định 90/2020). A discipline in the year: không hoàn
thành. The approver's confirmation is refused while "xuất sắc" exceeds 20 % of "tốt" (writing
nothing); confirmed, each level becomes an evaluation row through an approved change set."""

from decimal import Decimal

import pytest

from core.base.errors import ApplicationError, NotFoundError
from core.careers.models import EvaluationRound
from core.careers.selectors import evaluation_progress_for_user
from core.careers.services import (
    evaluation_entry_set,
    evaluation_round_confirm,
    evaluation_round_open,
)
from core.models import ChangeSetState, Discipline, Evaluation, OrgUnit, OrgUnitKind, PersonCategory
from core.services.org_units import org_unit_create
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db
GOOD = [(25, 55)] * 12  # 80 points a month


@pytest.fixture
def setting(lc: Personas):  # type: ignore[no-untyped-def]
    root = OrgUnit.objects.get(parent__isnull=True)
    unit = org_unit_create(acting_user=lc.doha, parent=root, kind=OrgUnitKind.AGENCY, name="Sở Thử nghiệm",
                           electronic_code=f"000.92.01.{root.electronic_code[-3:]}", established_on=root.established_on)
    people = [PersonFactory(org_unit=unit, full_name=f"Công chức {i}") for i in range(1, 8)]
    people.append(PersonFactory(org_unit=unit, full_name="Viên chức 8", category=PersonCategory.VIEN_CHUC))
    Discipline.objects.create(person=people[2], year=2026, form="Khiển trách", reason="Thử nghiệm")
    found = evaluation_round_open(acting_user=lc.doha, unit_id=unit.pk, year=2026)
    return unit, people, found


def test_points_average_into_the_level(lc: Personas, setting) -> None:  # type: ignore[no-untyped-def]
    unit, people, found = setting
    twelve = evaluation_entry_set(acting_user=lc.doha, round_id=found.pk, person_id=people[0].pk,
                                  periods=[(28, 65)] * 12)
    assert (twelve.points, twelve.grade) == (Decimal("93.00"), "excellent")
    # Quarters 89, 91, 86, 95: 361 / 4 = 90.25.
    quarters = evaluation_entry_set(acting_user=lc.doha, round_id=found.pk, person_id=people[1].pk,
                                    periods=[(27, 62), (28, 63), (26, 60), (29, 66)])
    assert (quarters.points, quarters.grade) == (Decimal("90.25"), "excellent")
    # 80 points, but a khiển trách in 2026.
    disciplined = evaluation_entry_set(acting_user=lc.doha, round_id=found.pk, person_id=people[2].pk, periods=GOOD)
    assert (disciplined.points, disciplined.grade) == (Decimal("80.00"), "not_completed")
    assert evaluation_entry_set(acting_user=lc.doha, round_id=found.pk, person_id=people[3].pk,
                                periods=[(20, 49)] * 4).grade == "completed"
    with pytest.raises(ApplicationError) as refused:
        evaluation_entry_set(acting_user=lc.doha, round_id=found.pk, person_id=people[4].pk, periods=[(31, 70)])
    assert refused.value.message == "Kỳ 1: điểm tiêu chí chung từ 0 đến 30, điểm kết quả từ 0 đến 70."
    with pytest.raises(ApplicationError) as refused:
        evaluation_entry_set(acting_user=lc.doha, round_id=found.pk, person_id=people[7].pk)
    assert refused.value.extra["fields"] == {"grade": "Chọn xếp loại: excellent, good, completed hoặc not_completed."}


def test_the_cap_on_excellent_is_enforced_when_the_approver_confirms(lc: Personas, setting) -> None:  # type: ignore[no-untyped-def]
    """Two xuất sắc (93 and 90.25), four tốt (80), one không hoàn thành (disciplined), the viên
    chức tốt: five tốt allow 1 xuất sắc (20 % of 5). Refused; once the second falls to 84 (quarters
    89, 91, 86, 70: tốt), six tốt allow 1: confirmed, eight evaluation rows through change sets."""
    unit, people, found = setting
    evaluation_entry_set(acting_user=lc.doha, round_id=found.pk, person_id=people[0].pk, periods=[(28, 65)] * 12)
    evaluation_entry_set(acting_user=lc.doha, round_id=found.pk, person_id=people[1].pk,
                         periods=[(27, 62), (28, 63), (26, 60), (29, 66)])
    for person in people[2:7]:
        evaluation_entry_set(acting_user=lc.doha, round_id=found.pk, person_id=person.pk, periods=GOOD)
    evaluation_entry_set(acting_user=lc.doha, round_id=found.pk, person_id=people[7].pk, grade="good")
    with pytest.raises(ApplicationError) as refused:
        evaluation_round_confirm(acting_user=lc.doha, round_id=found.pk)
    assert refused.value.code == "excellent_cap"
    assert refused.value.message == (
        "Số người xếp loại “Hoàn thành xuất sắc nhiệm vụ” (2) vượt quá 20 % số người xếp loại “Hoàn thành tốt "
        "nhiệm vụ” (5 người: tối đa 1). Hãy xem lại xếp loại trước khi phê duyệt.")
    assert not Evaluation.objects.filter(person__in=people).exists()
    assert EvaluationRound.objects.get(pk=found.pk).state == "open"
    progress = [p for p in evaluation_progress_for_user(user=lc.doha, year=2026) if p.round.pk == found.pk][0]
    assert (progress.people, progress.entered, progress.by_grade) == (
        8, 8, {"excellent": 2, "good": 5, "not_completed": 1})
    second = evaluation_entry_set(acting_user=lc.doha, round_id=found.pk, person_id=people[1].pk,
                                  periods=[(27, 62), (28, 63), (26, 60), (20, 50)])
    assert (second.points, second.grade) == (Decimal("84.00"), "good")
    confirmed = evaluation_round_confirm(acting_user=lc.doha, round_id=found.pk)
    assert confirmed.state == "confirmed"
    rows = dict(Evaluation.objects.filter(person__in=people, year=2026).values_list("person_id", "grade"))
    assert rows == {people[0].pk: "excellent", people[1].pk: "good", people[2].pk: "not_completed",
                    **{p.pk: "good" for p in people[3:8]}}
    entry = confirmed.entries.get(person=people[0])
    assert entry.change_set is not None and entry.change_set.state == ChangeSetState.APPROVED
    with pytest.raises(ApplicationError) as closed:
        evaluation_entry_set(acting_user=lc.doha, round_id=found.pk, person_id=people[0].pk, periods=GOOD)
    assert closed.value.code == "round_confirmed"


def test_outsiders_neither_score_nor_confirm(lc: Personas, setting) -> None:  # type: ignore[no-untyped-def]
    unit, people, found = setting
    for outsider in (lc.teacher, lc.agency_admin):
        with pytest.raises(NotFoundError):
            evaluation_entry_set(acting_user=outsider, round_id=found.pk, person_id=people[0].pk, periods=GOOD)
        with pytest.raises(NotFoundError):
            evaluation_round_confirm(acting_user=outsider, round_id=found.pk)
    with pytest.raises(ApplicationError) as twice:
        evaluation_round_open(acting_user=lc.doha, unit_id=unit.pk, year=2026)
    assert twice.value.message == "Sở Thử nghiệm đã có đợt đánh giá, xếp loại năm 2026."
