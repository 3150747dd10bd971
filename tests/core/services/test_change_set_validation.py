"""Validation a clerk can trust: plausible measurements, blood types from the list, no proof
asked for a phone number, and a draft its author can drop with its duty."""

from datetime import date

import pytest

from core.base.audit.models import AuditEvent
from core.base.errors import ApplicationError
from core.models import (
    ChangeItem,
    ChangeSet,
    ChangeSetState,
    Obligation,
    ObligationKind,
    ObligationState,
)
from core.services.change_sets import (
    change_set_create,
    change_set_discard,
    change_set_return,
    change_set_row_add,
    change_set_submit,
    change_set_values_set,
)
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db

TRAINING = {"kind": "state_management", "start": "2025-03-03", "end": "2025-05-30",
            "institution": "Học viện Hành chính quốc gia", "subject": "Bồi dưỡng ngạch chuyên viên chính"}


def _draft(lc: Personas) -> ChangeSet:
    return change_set_create(acting_user=lc.employee, person=lc.person(lc.employee), changed_on=date(2025, 5, 30))


def _health(lc: Personas, change_set: ChangeSet, **values: object) -> ChangeItem | None:
    return change_set_values_set(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version,
                                 group="dossier", values=values)


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"height_cm": 9999}, "height_cm", "Chiều cao phải từ 100 đến 250 cm."),
    ({"height_cm": 30}, "height_cm", "Chiều cao phải từ 100 đến 250 cm."),
    ({"weight_kg": 900}, "weight_kg", "Cân nặng phải từ 25 đến 300 kg."),
    ({"blood_type": "Z+"}, "blood_type",
     "Nhóm máu phải là một trong: A, B, AB, O, A+, A-, B+, B-, AB+, AB-, O+, O-."),
])
def test_implausible_health_values_are_refused_and_nothing_is_written(
        lc: Personas, values: dict, field: str, message: str) -> None:
    """Height 9999 cm, a 30 cm adult, 900 kg and blood type "Z+" are refused beside their
    field; the draft keeps no item and its version does not move."""
    change_set = _draft(lc)
    with pytest.raises(ApplicationError) as refused:
        _health(lc, change_set, **values)

    assert refused.value.extra == {"fields": {field: message}}
    assert not ChangeItem.objects.filter(change_set=change_set).exists()
    assert ChangeSet.objects.get(pk=change_set.pk).version == 1


def test_plausible_health_values_are_recorded_and_the_blood_type_written_the_usual_way(lc: Personas) -> None:
    change_set = _draft(lc)
    item = _health(lc, change_set, height_cm=168, weight_kg=60, blood_type="ab +")

    assert item is not None
    assert item.values == {"height_cm": 168, "weight_kg": 60, "blood_type": "AB+"}


def test_a_phone_change_is_submitted_without_a_proving_document(lc: Personas) -> None:
    """A new phone number needs no document: the set is submitted as it is."""
    change_set = _draft(lc)
    _health(lc, change_set, phone="0912345678")

    change_set_submit(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version)

    assert ChangeSet.objects.get(pk=change_set.pk).state == ChangeSetState.SUBMITTED


def test_an_empty_draft_is_discarded_and_its_update_duty_ends(lc: Personas) -> None:
    """The draft, opened by mistake, goes; so does the update duty it opened, and a new draft
    can be opened at once."""
    change_set = _draft(lc)
    assert Obligation.objects.filter(change_set=change_set, kind=ObligationKind.PERSONAL_UPDATE,
                                     state=ObligationState.OPEN).exists()

    change_set_discard(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version)

    assert not ChangeSet.objects.filter(pk=change_set.pk).exists()
    assert not Obligation.objects.filter(person=lc.person(lc.employee), kind=ObligationKind.PERSONAL_UPDATE,
                                         state=ObligationState.OPEN).exists()
    assert AuditEvent.objects.filter(action="change_set.discard", target=f"change_set:{change_set.pk}").exists()
    assert _draft(lc).pk != change_set.pk


def test_a_draft_with_changes_is_discarded_with_them(lc: Personas) -> None:
    change_set = _draft(lc)
    change_set_row_add(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version,
                       group="training", values=TRAINING)

    change_set_discard(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version)

    assert not ChangeItem.objects.filter(change_set_id=change_set.pk).exists()


def test_a_submitted_set_cannot_be_discarded_and_a_stranger_cannot_discard_a_draft(lc: Personas) -> None:
    """Once sent, the set belongs to the review; a colleague never drops someone's draft."""
    change_set = _draft(lc)
    with pytest.raises(ApplicationError):
        change_set_discard(acting_user=lc.teacher, change_set=change_set, expected_version=change_set.version)
    _health(lc, change_set, phone="0912345678")
    change_set_submit(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version)

    with pytest.raises(ApplicationError) as refused:
        change_set_discard(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version)

    assert refused.value.message == "Đề nghị đang ở trạng thái “Đã gửi kiểm tra”, không sửa được nữa."
    assert ChangeSet.objects.filter(pk=change_set.pk, state=ChangeSetState.SUBMITTED).exists()


def test_a_returned_set_can_be_discarded_by_its_author(lc: Personas) -> None:
    change_set = _draft(lc)
    _health(lc, change_set, phone="0912345678")
    change_set_submit(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version)
    change_set_return(acting_user=lc.officer, change_set=change_set, expected_version=change_set.version,
                      reason="Số điện thoại thiếu một chữ số")

    change_set_discard(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version)

    assert not ChangeSet.objects.filter(pk=change_set.pk).exists()
