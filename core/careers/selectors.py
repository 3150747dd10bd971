"""Reading career events: forecasts for anyone (retirement) and for the people a user may see."""

from dataclasses import dataclass
from datetime import date

from core.careers.retirement import RetirementForecast, retirement_compute
from core.careers.rules import CareerRules, career_rules
from rules.domain.types import Citation


@dataclass(frozen=True)
class RetirementAnswer:
    forecast: RetirementForecast
    citation: Citation | None


def retirement_forecast(*, birth: date, gender: str, today: date) -> RetirementAnswer:
    """Computed under today's rules, then again under the rules in force on the date found, so
    that a new roadmap from a future date changes the retirements after that date only."""
    rules = career_rules(as_of=today)
    forecast = _retirement(birth, gender, rules)
    later = career_rules(as_of=forecast.retire_on) if forecast.retire_on > today else rules
    if later.roadmap != rules.roadmap or later.notice != rules.notice:
        forecast, rules = _retirement(birth, gender, later), later
    return RetirementAnswer(forecast=forecast, citation=rules.roadmap_citation)


def _retirement(birth: date, gender: str, rules: CareerRules) -> RetirementForecast:
    return retirement_compute(birth=birth, gender=gender, roadmap=rules.roadmap, notice=rules.notice)
