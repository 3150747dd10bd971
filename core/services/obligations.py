"""Deadlines that the province's rules attach to events (province-rules.md section 1):
an account's creation starts the first entry, a change in someone's life their update, a
submission the unit's review. Called inside the caller's transaction; the caller audits."""

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from core.accounts.models import Account
from core.models import ChangeSet, Obligation, ObligationState, OrgUnit, Person


def obligation_due(*, kind: str, on: date) -> tuple[date | None, str]:
    """The due date and its citation from the rules app; (None, "") while it cannot say."""
    try:
        from rules.selectors import deadline_for
    except ImportError:
        return None, ""
    result = deadline_for(event=kind, on=on)  # type: ignore[arg-type]
    if result is None or result.citation is None:
        return (result.due if result else None), ""
    citation = result.citation
    return result.due, f"{citation.article}, {citation.document}"[:300]


def obligation_open(
    *,
    kind: str,
    person: Person,
    event_date: date,
    account: Account | None = None,
    org_unit: OrgUnit | None = None,
    change_set: ChangeSet | None = None,
) -> Obligation:
    due, citation = obligation_due(kind=kind, on=event_date)
    return Obligation.objects.create(
        kind=kind, person=person, account=account, org_unit=org_unit, change_set=change_set,
        event_date=event_date, due=due, citation=citation,
    )


def obligations_close(queryset: QuerySet[Obligation]) -> int:
    """Mark the open obligations of `queryset` done now."""
    return queryset.filter(state=ObligationState.OPEN).update(state=ObligationState.DONE, done_at=timezone.now())
