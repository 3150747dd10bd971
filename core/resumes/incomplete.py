"""The compliance dashboard's count of incomplete dossiers per unit (issue 19 item 6) and the monthly
reminders: one query for the whole province, however many people there are (the rows are only
asked whether they exist)."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from core.dossier_values import DOSSIER, IDENTITY
from core.models import DOSSIER_ROW_MODELS, Person, PersonStatus
from core.resumes.completeness import (
    Completeness,
    completeness_of,
    completeness_reads,
    value_filled,
)
from core.resumes.selectors import COMPLETENESS_ROW_GROUPS


@dataclass(frozen=True)
class IncompleteWorking:
    """A working person whose dossier lacks a required item, as the dashboard and the reminders
    need them: who (their account, if any) and where (their unit's path)."""

    person_id: int
    account_id: int | None
    account_active: bool
    unit_path: str
    completeness: Completeness


def incomplete_dossier_unit_paths() -> list[str]:
    """The unit path of every working person in the province whose dossier is incomplete: the
    compliance dashboard's count per unit."""
    return [found.unit_path for found in incomplete_dossiers_working()]


def incomplete_dossiers_working() -> list[IncompleteWorking]:
    """Every working person of the province whose dossier is incomplete, with what it lacks (one
    query): the dashboard's count and the monthly reminders read the same measure as the unit
    lists (core.resumes.selectors)."""
    # Each row model declares its own `person` (DossierRow, the abstract base, does not).
    exists = {f"has_{group}": Exists(DOSSIER_ROW_MODELS[group]._default_manager.filter(
                  person=OuterRef("pk")))  # type: ignore[misc]
              for group in COMPLETENESS_ROW_GROUPS}
    # Values, not models, and only the columns the required items look at: at 60,000 people,
    # building three model instances a person and opening every sealed value of the dossier
    # took most of the measure's time (9 s against 4 s, tests/perf/bench_fleet_duties.py).
    identity, dossier = completeness_reads(IDENTITY), completeness_reads(DOSSIER)
    head = ("pk", "account_id", "account__is_active", "org_unit__path", "category")
    columns = (*head, *identity, *(f"dossier__{name}" for name in dossier), *exists)
    rows = (Person.objects.filter(status=PersonStatus.WORKING).annotate(**exists)
            .values_list(*columns).order_by("pk"))
    found = []
    starts = len(head)
    # A dossier's completeness depends on which of these values are filled, nothing else
    # (core.resumes.completeness): measured once per pattern, of which a province has few.
    measured: dict[tuple[object, ...], Completeness] = {}
    entered = len(identity) + len(dossier)  # then whether each row group has a row
    for row in rows:
        pk, account_id, account_active, unit_path, category = row[:starts]
        values = row[starts:]
        pattern = (category, *(value_filled(value) for value in values[:entered]), *values[entered:])
        completeness = measured.get(pattern)
        if completeness is None:
            completeness = measured[pattern] = completeness_of({
                IDENTITY: {"category": category, **dict(zip(identity, values, strict=False))},
                DOSSIER: dict(zip(dossier, values[len(identity):], strict=False)),
                "rows": {group: [{}] if has else [] for group, has in
                         zip(COMPLETENESS_ROW_GROUPS, values[len(identity) + len(dossier):], strict=True)},
            })
        if not completeness.complete:
            found.append(IncompleteWorking(pk, account_id, bool(account_active), unit_path, completeness))
    return found
