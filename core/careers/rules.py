"""The career rules in force on a date, typed: one read of the province's rule versions."""

from dataclasses import dataclass
from datetime import date
from typing import cast

from rules.domain.career import (
    AppointmentTerm,
    DisciplineBars,
    EarlyRaise,
    EvaluationScoring,
    OverFrame,
    RetirementNotice,
    RetirementRoadmap,
    SalaryRaise,
)
from rules.domain.registry import RuleKey
from rules.domain.types import Citation
from rules.selectors import rules_effective


@dataclass(frozen=True)
class CareerRules:
    as_of: date
    roadmap: RetirementRoadmap
    roadmap_citation: Citation | None
    notice: RetirementNotice
    salary_raise: SalaryRaise
    salary_raise_citation: Citation | None
    over_frame: OverFrame
    appointment_term: AppointmentTerm
    appointment_term_citation: Citation | None
    discipline_bars: DisciplineBars
    discipline_bars_citation: Citation | None
    early_raise: EarlyRaise
    early_raise_citation: Citation | None
    evaluation_scoring: EvaluationScoring


def career_rules(*, as_of: date) -> CareerRules:
    rules = rules_effective(as_of=as_of)
    return CareerRules(
        as_of=as_of,
        roadmap=cast(RetirementRoadmap, rules.value(RuleKey.RETIREMENT_AGE)),
        roadmap_citation=rules[RuleKey.RETIREMENT_AGE].citation,
        notice=cast(RetirementNotice, rules.value(RuleKey.RETIREMENT_NOTICE)),
        salary_raise=cast(SalaryRaise, rules.value(RuleKey.SALARY_RAISE)),
        salary_raise_citation=rules[RuleKey.SALARY_RAISE].citation,
        over_frame=cast(OverFrame, rules.value(RuleKey.OVER_FRAME)),
        appointment_term=cast(AppointmentTerm, rules.value(RuleKey.APPOINTMENT_TERM)),
        appointment_term_citation=rules[RuleKey.APPOINTMENT_TERM].citation,
        discipline_bars=cast(DisciplineBars, rules.value(RuleKey.DISCIPLINE_BARS)),
        discipline_bars_citation=rules[RuleKey.DISCIPLINE_BARS].citation,
        early_raise=cast(EarlyRaise, rules.value(RuleKey.EARLY_RAISE)),
        early_raise_citation=rules[RuleKey.EARLY_RAISE].citation,
        evaluation_scoring=cast(EvaluationScoring, rules.value(RuleKey.EVALUATION_SCORING)),
    )


def citation_text(citation: Citation | None) -> str:
    """"Điều 4; Phụ lục I, II, Nghị định 135/2020/NĐ-CP …": how a duty cites its rule."""
    return f"{citation.article}, {citation.document}"[:300] if citation else ""
