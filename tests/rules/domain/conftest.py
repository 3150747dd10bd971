"""Shared, Django-free fixtures for the rules domain tests."""

from collections.abc import Callable

import pytest

from rules.domain import EffectiveRuleSet, WorkingCalendar, baseline_get, preset_get


@pytest.fixture(scope="session")
def calendar() -> WorkingCalendar:
    """Vietnam's official calendar with no overrides (one per session: building it is slow)."""
    return WorkingCalendar(years=range(2025, 2028))


@pytest.fixture(scope="session")
def effective() -> Callable[[str], EffectiveRuleSet]:
    """A province's preset resolved against the national baseline."""

    def resolve(code: str) -> EffectiveRuleSet:
        return preset_get(code).resolve(baseline_get())

    return resolve
