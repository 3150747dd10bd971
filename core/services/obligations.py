"""Deadlines that the province's rules attach to events (province-rules.md section 1):
an account's creation starts the first entry, a change in someone's life their update, a
submission the unit's review; and the duties a unit owes on dates the rules compute (a
report, a monthly approval, a backup), each tied to its source by a reference. Called inside
the caller's transaction; the caller audits."""

from collections.abc import Iterable
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from core.base.accounts.models import Account
from core.models import ChangeSet, Obligation, ObligationState, OrgUnit, Person
from rules.selectors import deadline_for


def obligation_due(*, event: str | None, on: date) -> tuple[date | None, str]:
    """The due date the province's rules in force on `on` give for `event`, with its citation;
    (None, "") when there is no event or the rules set no deadline for it."""
    if event is None:
        return None, ""
    result = deadline_for(event=event, on=on)  # type: ignore[arg-type]
    if result is None or result.citation is None:
        return (result.due if result else None), ""
    return result.due, obligation_citation(article=result.citation.article, document=result.citation.document)


def obligation_open(
    *,
    kind: str,
    person: Person,
    event_date: date,
    deadline_event: str | None,
    account: Account | None = None,
    org_unit: OrgUnit | None = None,
    change_set: ChangeSet | None = None,
) -> Obligation:
    """A duty about `person`, owed by `account` or `org_unit`, started on `event_date` and due
    when the rules say for `deadline_event` (no due date for None)."""
    due, citation = obligation_due(event=deadline_event, on=event_date)
    return Obligation.objects.create(
        kind=kind, person=person, account=account, org_unit=org_unit, change_set=change_set,
        event_date=event_date, due=due, citation=citation,
    )


def obligation_close(obligation: Obligation | None) -> Obligation | None:
    """Mark one open duty done now (a duty done late keeps its late mark)."""
    if obligation is None or obligation.state != ObligationState.OPEN:
        return obligation
    obligation.state, obligation.done_at = ObligationState.DONE, timezone.now()
    obligation.save(update_fields=["state", "done_at"])
    return obligation


def obligation_citation(*, article: str, document: str) -> str:
    """"Điều 8 khoản 5, Quyết định …": how every duty cites its source."""
    return f"{article}, {document}"[:300]


def obligations_ensure(wanted: Iterable[Obligation]) -> list[Obligation]:
    """Open each unit duty of `wanted` (unsaved, each with its `reference`) that its source has
    not opened already, open or done; the ones opened now are returned. Running it again with
    the same sources opens nothing."""
    wanted = list(wanted)
    assert all(duty.reference for duty in wanted), "a unit duty names its source"
    have = set(Obligation.objects.filter(reference__in={d.reference for d in wanted})
               .values_list("kind", "reference"))
    new = [duty for duty in wanted if (duty.kind, duty.reference) not in have]
    # A concurrent run's rows win (the unique constraint on kind and reference).
    Obligation.objects.bulk_create(new, ignore_conflicts=True)
    return new


def obligations_close(queryset: QuerySet[Obligation]) -> int:
    """Mark the open obligations of `queryset` done now."""
    return queryset.filter(state=ObligationState.OPEN).update(state=ObligationState.DONE, done_at=timezone.now())
