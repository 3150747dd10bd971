"""Duties with a deadline: opened by a transfer step for whoever acts next, due on the date
the province's rules in force on the event's date give (rules.selectors.deadline_for).

Rows are core's `Obligation`; the transfer kinds live in `DutyKind`. Called inside the
caller's transaction; the caller audits.
"""

from datetime import date

from django.utils import timezone

from core.models import Obligation, ObligationState, OrgUnit, Person
from rules.selectors import deadline_for


def duty_due(*, event: str | None, on: date) -> tuple[date | None, str]:
    """The due date and its citation for `event` on `on`; (None, "") when the rules set none."""
    if event is None:
        return None, ""
    result = deadline_for(event=event, on=on)  # type: ignore[arg-type]
    if result.due is None or result.citation is None:
        return result.due, ""
    return result.due, f"{result.citation.article}, {result.citation.document}"[:300]


def duty_open(*, kind: str, person: Person, org_unit: OrgUnit, event: str | None, on: date) -> Obligation:
    """A duty owed by `org_unit` about `person`, started on `on`."""
    due, citation = duty_due(event=event, on=on)
    return Obligation.objects.create(kind=kind, person=person, org_unit=org_unit, event_date=on, due=due,
                                     citation=citation)


def duty_close(duty: Obligation | None) -> Obligation | None:
    """Mark an open duty done now (a duty done late keeps its late mark)."""
    if duty is None or duty.state != ObligationState.OPEN:
        return duty
    duty.state, duty.done_at = ObligationState.DONE, timezone.now()
    duty.save(update_fields=["state", "done_at"])
    return duty
