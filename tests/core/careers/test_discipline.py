"""What a discipline sets off, counted by hand: the bar on promotion, planning, training and
appointment (2019 law: 12 months after khiển trách, cảnh cáo, hạ bậc lương; 24 after giáng chức,
cách chức), from the year's first day to the months after its last (the dossier gives the year only)
unless a later end of effect is recorded; the raise delay (khiển trách +3, cảnh cáo +6, cách chức +12); the year not
completed. A later version of the bars rule applies to disciplines decided after it only."""

from datetime import date

import pytest

from core.careers.discipline import discipline_effect
from core.careers.selectors import barred_for_user
from core.models import Discipline
from rules.domain.presets import baseline_get
from rules.domain.registry import RuleKey
from rules.services import rule_value_set
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory

BASELINE = baseline_get()
BARS, RAISE = BASELINE[RuleKey.DISCIPLINE_BARS].value, BASELINE[RuleKey.SALARY_RAISE].value


@pytest.mark.parametrize(("form", "effect_until", "until", "delay"), [
    ("Khiển trách", None, date(2025, 12, 30), 3),
    ("cảnh cáo", None, date(2025, 12, 30), 6),
    ("Cách chức", None, date(2026, 12, 30), 12),
    ("Giáng chức", None, date(2026, 12, 30), 12),
    # A recorded end of effect later than the counted bar wins.
    ("Cảnh cáo", date(2026, 3, 1), date(2026, 3, 1), 6),
    ("Cảnh cáo", date(2025, 3, 1), date(2025, 12, 30), 6),
])
def test_bar_and_delay_by_hand(form: str, effect_until: date | None, until: date, delay: int) -> None:
    effect = discipline_effect(year=2024, form=form, effect_until=effect_until, bars=BARS, delays=RAISE)
    assert effect is not None
    assert (effect.bar_from, effect.bar_until, effect.salary_delay_months, effect.not_completed_year) == (
        date(2024, 1, 1), until, delay, 2024)


def test_a_form_the_rule_does_not_name_bars_nothing() -> None:
    assert discipline_effect(year=2024, form="Phê bình", effect_until=None, bars=BARS, delays=RAISE) is None


@pytest.mark.django_db
def test_who_is_barred_on_a_date_under_the_rules_of_their_year(lc: Personas) -> None:
    """On 01/07/2026: A (khiển trách 2025) barred to 30/12/2026 by the 2019 periods; B (cách chức
    2024) to 30/12/2026; C (cảnh cáo 2024) and D (khiển trách 2024) free since 31/12/2025. A province
    version from 01/07/2025 with 6 months for khiển trách changes A (decided in 2025: barred to
    29/06/2026, free on 01/07/2026), not D (decided in 2024, still 12 months)."""
    people = {}
    for name, year, form in (("A", 2025, "Khiển trách"), ("B", 2024, "Cách chức"), ("C", 2024, "Cảnh cáo"),
                             ("D", 2024, "Khiển trách")):
        people[name] = PersonFactory(full_name=f"Người {name}")
        Discipline.objects.create(person=people[name], year=year, form=form, reason="Thử nghiệm")
    on = date(2026, 7, 1)
    found = barred_for_user(user=lc.doha, as_of=on)
    ours = [(b.person.full_name, b.effect.bar_until) for b in found if b.person.pk in {p.pk for p in people.values()}]
    assert ours == [("Người A", date(2026, 12, 30)), ("Người B", date(2026, 12, 30))]
    rule_value_set(acting_user=lc.doha, key=str(RuleKey.DISCIPLINE_BARS), effective_from=date(2025, 7, 1),
                   value={"bar_months": {"Khiển trách": 6, "Cảnh cáo": 12, "Cách chức": 24, "Buộc thôi việc": 0}},
                   document="Nghị định 172/2025/NĐ-CP (thử nghiệm)", article="Điều thử nghiệm")
    found = barred_for_user(user=lc.doha, as_of=on)
    ours = [(b.person.full_name, b.effect.bar_until) for b in found if b.person.pk in {p.pk for p in people.values()}]
    assert ours == [("Người B", date(2026, 12, 30))]
    assert [b.effect.bar_until for b in barred_for_user(user=lc.doha, as_of=date(2026, 6, 29))
            if b.person.pk in (people["A"].pk, people["D"].pk)] == [date(2026, 6, 29)]
