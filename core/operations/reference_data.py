"""National reference data the operators keep in `public`: the calendar's national adjustments
and their history, as the console reads them.

Declaring and withdrawing an adjustment are rules.services.national_calendar_override_set and
national_calendar_override_remove, the same services `manage.py calendar_override` calls, so
the console and the command write the same history. The catalogues have their own services
(core.catalogues.editing) and selectors (core.catalogues.selectors).
"""

from rules.national.models import CalendarOverride, CalendarOverrideVersion
from rules.services import national_calendar_override_remove

__all__ = ["national_calendar_history", "national_calendar_override_remove", "national_calendar_overrides"]


def national_calendar_overrides() -> list[CalendarOverride]:
    return list(CalendarOverride.objects.order_by("day"))


def national_calendar_history(*, limit: int = 200) -> list[CalendarOverrideVersion]:
    """What happened to the national adjustments, the latest first."""
    return list(CalendarOverrideVersion.objects.order_by("-recorded_at", "-id")[:limit])
