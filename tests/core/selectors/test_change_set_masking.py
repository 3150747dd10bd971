"""A change set's proposed and previous values of sensitive groups are masked, like the
dossier, for a reader whose role the rule does not name (access.sensitive_groups)."""

import pytest

from core.models import ChangeItem
from core.selectors.change_sets import change_set_diff, change_set_get_for_user
from core.sensitive import HIDDEN
from core.services.change_sets import change_set_create, change_set_row_add, change_set_values_set
from tests.core.conftest import Personas
from tests.core.test_sensitive import with_sensitive_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(lc: Personas) -> int:
    person = with_sensitive_data(lc.person(lc.employee))
    change_set = change_set_create(acting_user=lc.employee, person=person)
    change_set_values_set(acting_user=lc.employee, change_set=change_set, expected_version=1, group="dossier",
                          values={"health_status": "Đã khỏi", "phone": "0912345678"})
    change_set.refresh_from_db()
    change_set_row_add(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version,
                       group="family_member", values={"side": "own", "relation": "Con", "full_name": "Lò Văn Tí"})
    return change_set.pk


def test_the_approver_reads_the_change_with_hidden_values(lc: Personas, proposed: int) -> None:
    change_set = change_set_get_for_user(user=lc.approver, change_set_id=proposed)
    values = {item.group: (item.values, item.previous) for item in change_set.items.all()}
    assert values["dossier"] == ({"health_status": HIDDEN, "phone": "0912345678"},
                                 {"health_status": HIDDEN, "phone": ""})
    assert values["family_member"][0] == {"side": "own", "relation": HIDDEN, "full_name": HIDDEN,
                                          "birth_year": HIDDEN, "home_town": HIDDEN, "occupation": HIDDEN,
                                          "workplace": HIDDEN, "address": HIDDEN}
    shown = [(f.name, f.before, f.after) for diff in change_set_diff(change_set=change_set) for f in diff.fields]
    assert ("health_status", HIDDEN, HIDDEN) in shown and "Đã khỏi" not in str(shown)
    # Masked in memory only: the stored item keeps the proposal.
    assert ChangeItem.objects.get(change_set_id=proposed, group="dossier").values["health_status"] == "Đã khỏi"


def test_the_officer_reads_the_values(lc: Personas, proposed: int) -> None:
    change_set = change_set_get_for_user(user=lc.officer, change_set_id=proposed)
    values = {item.group: item.values for item in change_set.items.all()}
    assert values["dossier"]["health_status"] == "Đã khỏi"
    assert values["family_member"]["full_name"] == "Lò Văn Tí"
