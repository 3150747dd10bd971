"""Reading the national catalogues.

The rows live once in `public` and every province reads them through its search path. Each
process keeps them in memory. Whoever changes them (the loader, an operator's service) calls
`catalogue_cache_clear`, which empties this process's copy at once and bumps a stamp in the
"national" cache (shared through Redis when REDIS_URL is set); other processes compare the stamp
at most once per `STAMP_CHECK_SECONDS` and read the rows again when it moved. An empty
catalogue is never cached, so a process that asked before the first load does not keep the
empty answer.

Two readings, on purpose: `catalogue_choices` and `catalogue_entry_exists` resolve every entry
(a dossier keeps pointing at a retired one, and it must still read as a name), while
`catalogue_offered_choices` and `catalogue_entry_offered` give only the entries still offered
for new input (not retired as of today).
"""

import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.cache import caches
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from core.base.errors import NotFoundError
from core.base.text import search_normalise
from core.catalogues.kinds import CATALOGUES, CATALOGUES_BY_SLUG, CatalogueKind
from core.catalogues.models import (
    AdministrativeUnit,
    CatalogueEntry,
    CatalogueEntryVersion,
    ProfessionalTitle,
    Rank,
)
from core.catalogues.sorting import vietnamese_sort_key

CATALOGUE_KINDS: dict[str, type[CatalogueEntry]] = {kind.key: kind.model for kind in CATALOGUES}
STAMP_KEY = "catalogues:stamp"
STAMP_CHECK_SECONDS = 1.0


@dataclass(frozen=True)
class _Catalogue:
    choices: tuple[tuple[str, str], ...]
    codes: frozenset[str]
    retired: dict[str, date]  # code -> the day it stops being offered


_cache: dict[str, _Catalogue] = {}
_stamp: object = None
_checked_at = float("-inf")


def catalogue_entry_exists(*, kind: str, code: str) -> bool:
    """Whether `code` is an entry of the catalogue (retired and withdrawn entries included: old
    records keep pointing at them)."""
    return code in _catalogue(kind).codes


def catalogue_entry_offered(*, kind: str, code: str) -> bool:
    """Whether `code` may be chosen for new input: an entry not retired as of today."""
    catalogue = _catalogue(kind)
    return code in catalogue.codes and not _is_retired(catalogue, code, timezone.localdate())


def catalogue_choices(*, kind: str) -> list[tuple[str, str]]:
    """Every entry as (code, label), in Vietnamese alphabetical order of the label: to name a
    stored code, retired or not."""
    return list(_catalogue(kind).choices)


def catalogue_offered_choices(*, kind: str) -> list[tuple[str, str]]:
    """The entries offered for new input, as (code, label), in Vietnamese alphabetical order."""
    catalogue, today = _catalogue(kind), timezone.localdate()
    return [(code, label) for code, label in catalogue.choices if not _is_retired(catalogue, code, today)]


def coded_label(label: str, code: str) -> str:
    """`label` followed by its code once: ranks and titles already carry theirs, so a picker or
    a diff adding the code again would read "Chuyên viên (01.003) (01.003)"."""
    return label if label.endswith(f"({code})") else f"{label} ({code})"


def catalogue_coded_label(*, kind: str, code: str) -> str:
    """A stored code as "name (code)", retired entries included; the bare code when the
    catalogue does not know it."""
    label = dict(_catalogue(kind).choices).get(code)
    return code if label is None else coded_label(label, code)


def catalogue_retired_on(*, kind: str, code: str) -> date | None:
    """The day `code` stopped (or will stop) being offered, or None."""
    return _catalogue(kind).retired.get(code)


def catalogue_cache_clear() -> None:
    """Forget the catalogues here, and tell the other processes to (through the stamp)."""
    global _stamp, _checked_at
    _cache.clear()
    _stamp = uuid.uuid4().hex
    caches["national"].set(STAMP_KEY, _stamp, timeout=None)
    _checked_at = time.monotonic()


def _is_retired(catalogue: _Catalogue, code: str, today: date) -> bool:
    retired_on = catalogue.retired.get(code)
    return retired_on is not None and retired_on <= today


def _stamp_check() -> None:
    global _stamp, _checked_at
    now = time.monotonic()
    if now - _checked_at < STAMP_CHECK_SECONDS:
        return
    _checked_at = now
    stamp = caches["national"].get(STAMP_KEY)
    if stamp != _stamp:
        _cache.clear()
        _stamp = stamp


def _catalogue(kind: str) -> _Catalogue:
    if kind not in CATALOGUE_KINDS:
        raise ValueError(f"Unknown catalogue kind {kind!r}; expected one of {', '.join(CATALOGUE_KINDS)}.")
    _stamp_check()
    cached = _cache.get(kind)
    if cached is not None:
        return cached
    model = CATALOGUE_KINDS[kind]
    entries: Iterable[CatalogueEntry] = (
        AdministrativeUnit.objects.select_related("parent")
        if model is AdministrativeUnit
        else model._default_manager.all()
    )
    retired: dict[str, date] = {}
    pairs = []
    for entry in entries:
        pairs.append((entry.code, _label(entry)))
        if entry.retired_on is not None:
            retired[entry.code] = entry.retired_on
    choices = sorted(pairs, key=lambda pair: vietnamese_sort_key(pair[1]))
    catalogue = _Catalogue(choices=tuple(choices), codes=frozenset(code for code, _ in choices), retired=retired)
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


# --- the operators' console ----------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueSummary:
    kind: CatalogueKind
    total: int
    retired: int
    edited: int  # entries an operator has added or changed


def catalogue_kind_get(*, slug: str) -> CatalogueKind:
    try:
        return CATALOGUES_BY_SLUG[slug]
    except KeyError:
        raise NotFoundError("Không có danh mục này.") from None


def catalogue_summaries() -> list[CatalogueSummary]:
    """Each catalogue with its number of entries, retired entries and entries operators touched."""
    today = timezone.localdate()
    edited = dict(
        CatalogueEntryVersion.objects.filter(source=CatalogueEntryVersion.Source.OPERATOR)
        .values("kind").annotate(n=Count("code", distinct=True)).values_list("kind", "n")
    )
    summaries = []
    for kind in CATALOGUES:
        counts = kind.model._default_manager.aggregate(
            total=Count("id"), retired=Count("id", filter=Q(retired_on__lte=today))
        )
        summaries.append(CatalogueSummary(kind, counts["total"], counts["retired"], edited.get(kind.key, 0)))
    return summaries


def catalogue_entry_search(*, kind: CatalogueKind, query: str = "") -> list[CatalogueEntry]:
    """The catalogue's entries by code, those whose code starts with `query` or whose name
    contains it (with or without diacritics). Catalogues hold a few thousand entries at most,
    so the match runs in Python, independent of the database's extensions."""
    entries = list(kind.model._default_manager.order_by("code"))
    needle = search_normalise(query)
    if not needle:
        return entries
    return [e for e in entries if e.code.lower().startswith(needle) or needle in search_normalise(e.name)]


def catalogue_entry_get(*, kind: CatalogueKind, code: str) -> CatalogueEntry:
    entry = kind.model._default_manager.filter(code=code).first()
    if entry is None:
        raise NotFoundError(f"Không có mục mã “{code}” trong danh mục {kind.label.lower()}.")
    return entry


def catalogue_entry_history(*, kind: CatalogueKind, code: str) -> QuerySet[CatalogueEntryVersion]:
    """The entry's versions, the latest first."""
    return CatalogueEntryVersion.objects.filter(kind=kind.key, code=code).order_by("-recorded_at", "-id")


def catalogue_operator_fields(*, kind: CatalogueKind) -> dict[str, set[str]]:
    """Per code, the fields operators have set (added or edited): the loader leaves them alone."""
    owned: dict[str, set[str]] = {}
    rows = CatalogueEntryVersion.objects.filter(
        kind=kind.key, source=CatalogueEntryVersion.Source.OPERATOR,
        action__in=[CatalogueEntryVersion.Action.ADD, CatalogueEntryVersion.Action.EDIT],
    ).values_list("code", "after")
    for code, after in rows:
        owned.setdefault(code, set()).update(after)
    return owned
