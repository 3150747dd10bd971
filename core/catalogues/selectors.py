"""Reading the national catalogues.

The rows live once in `public` and every province reads them through its search path. They are
national and change only when `catalogues_load` runs, so each process keeps them in memory
(the loader clears this cache; other processes pick up a new load on restart, which is when
new data files arrive anyway). An empty catalogue is never cached, so a process that asked
before the first load does not keep the empty answer.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from core.catalogues.models import (
    AdministrativeUnit,
    CatalogueEntry,
    EducationLevel,
    EthnicGroup,
    PoliticalTheoryLevel,
    ProfessionalTitle,
    Rank,
    Religion,
    SalaryScale,
    StateManagementLevel,
)
from core.catalogues.sorting import vietnamese_sort_key

CATALOGUE_KINDS: dict[str, type[CatalogueEntry]] = {
    "ethnic_group": EthnicGroup,
    "religion": Religion,
    "rank": Rank,
    "professional_title": ProfessionalTitle,
    "education_level": EducationLevel,
    "political_theory_level": PoliticalTheoryLevel,
    "state_management_level": StateManagementLevel,
    "salary_scale": SalaryScale,
    "administrative_unit": AdministrativeUnit,
}


@dataclass(frozen=True)
class _Catalogue:
    choices: tuple[tuple[str, str], ...]
    codes: frozenset[str]


_cache: dict[str, _Catalogue] = {}


def catalogue_entry_exists(*, kind: str, code: str) -> bool:
    """Whether `code` is an entry of the catalogue (withdrawn entries included: old records
    keep pointing at them)."""
    return code in _catalogue(kind).codes


def catalogue_choices(*, kind: str) -> list[tuple[str, str]]:
    """(code, label) pairs in Vietnamese alphabetical order of the label."""
    return list(_catalogue(kind).choices)


def catalogue_cache_clear() -> None:
    _cache.clear()


def _catalogue(kind: str) -> _Catalogue:
    if kind not in CATALOGUE_KINDS:
        raise ValueError(f"Unknown catalogue kind {kind!r}; expected one of {', '.join(CATALOGUE_KINDS)}.")
    cached = _cache.get(kind)
    if cached is not None:
        return cached
    model = CATALOGUE_KINDS[kind]
    entries: Iterable[CatalogueEntry] = (
        AdministrativeUnit.objects.select_related("parent")
        if model is AdministrativeUnit
        else model._default_manager.all()
    )
    choices = sorted(((entry.code, _label(entry)) for entry in entries), key=lambda pair: vietnamese_sort_key(pair[1]))
    catalogue = _Catalogue(choices=tuple(choices), codes=frozenset(code for code, _ in choices))
    if choices:
        _cache[kind] = catalogue
    return catalogue


def _label(entry: CatalogueEntry) -> str:
    if isinstance(entry, Rank | ProfessionalTitle):
        return f"{entry.name} ({entry.code})"
    if isinstance(entry, AdministrativeUnit):
        if entry.parent is not None:
            return f"{entry.name}, {entry.parent.name}"
        if entry.legacy:
            return f"{entry.name} (trước 1/7/2025)"
    return entry.name
