"""The compliance dashboard's count of incomplete dossiers per unit (issue 19 item 6): one query for
the whole province, however many people there are (the rows are only asked whether they exist)."""

from django.db.models import Exists, OuterRef

from core.dossier_values import DOSSIER, IDENTITY, values_of
from core.models import DOSSIER_ROW_MODELS, Person, PersonStatus
from core.resumes.completeness import Completeness, completeness_of
from core.resumes.selectors import COMPLETENESS_ROW_GROUPS


def incomplete_dossier_unit_paths() -> list[str]:
    """The unit path of every working person in the province whose dossier is incomplete, from
    one query (the rows are only asked whether they exist): the compliance dashboard's count per
    unit, however many people there are."""
    return [person.org_unit.path for person, _ in incomplete_dossiers_working()]


def incomplete_dossiers_working() -> list[tuple[Person, Completeness]]:
    """Every working person of the province whose dossier is incomplete, with what it lacks (one
    query; each person's unit and account loaded): the dashboard's count and the monthly
    reminders read the same measure as the unit lists."""
    # Each row model declares its own `person` (DossierRow, the abstract base, does not).
    exists = {f"has_{group}": Exists(DOSSIER_ROW_MODELS[group]._default_manager.filter(
                  person=OuterRef("pk")))  # type: ignore[misc]
              for group in COMPLETENESS_ROW_GROUPS}
    people = (Person.objects.filter(status=PersonStatus.WORKING).select_related("dossier", "org_unit", "account")
              .annotate(**exists))
    found = []
    for person in people:
        snapshot = {
            IDENTITY: {"category": person.category, **values_of(person, IDENTITY)},
            DOSSIER: values_of(person.dossier, DOSSIER) if hasattr(person, "dossier") else {},
            "rows": {group: [{}] if getattr(person, f"has_{group}") else [] for group in COMPLETENESS_ROW_GROUPS},
        }
        completeness = completeness_of(snapshot)
        if not completeness.complete:
            found.append((person, completeness))
    return found
