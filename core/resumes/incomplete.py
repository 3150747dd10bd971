"""The compliance dashboard's count of incomplete dossiers per unit (issue 19 item 6) and the monthly
reminders: one query for the whole province, however many people there are (the rows are only
asked whether they exist, the values only whether they are filled)."""

import operator
from dataclasses import dataclass
from functools import cache, reduce
from typing import Any

from django.db import models, transaction
from django.db.models import BigIntegerField, Case, Exists, F, OuterRef, Value, When
from django.db.models.functions import Length
from django.db.models.lookups import Exact, GreaterThan, IsNull, StartsWith

from core.base.fields import SealedMixin
from core.base.planning import jit_off_in_transaction
from core.base.sealed import PREFIX, seal
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
    need them: who (their account, if any, and its address) and where (their unit's path)."""

    person_id: int
    account_id: int | None
    account_active: bool
    unit_path: str
    completeness: Completeness
    account_email: str = ""


def incomplete_dossier_unit_paths() -> list[str]:
    """The unit path of every working person in the province whose dossier is incomplete: the
    compliance dashboard's count per unit."""
    return [found.unit_path for found in incomplete_dossiers_working()]


# Plain types whose only unfilled values are NULL and "" (value_filled also refuses [] and {}).
_TEXT = (models.CharField, models.TextField)
_SCALAR = (models.DateField, models.IntegerField, models.DecimalField, models.FloatField, models.BooleanField)


@cache
def _sealed_empty_length() -> int | None:
    """How long the sealed empty text is, if every non-empty text seals longer (AES-GCM keeps the
    plain text's length, and the base64 of its fixed overhead has no padding to absorb a byte);
    None if the sealing ever stops telling them apart, and the values are opened instead."""
    empty, one = (len(seal(plain, schema="length", context="length")) for plain in ("", "x"))
    return empty if one > empty else None


def _filled(model: type[models.Model], name: str, path: str, bit: int) -> Case | None:
    """`bit` if the value at `path` counts as filled (value_filled), else 0, asked in SQL; None when
    it cannot be (the value is then read and asked in Python). NULL (no dossier row) is not filled.
    A sealed text is filled when its plain text is not empty, which its length tells without
    opening it: at 60,000 people, opening three sealed values each took a second of the run."""
    field = model._meta.get_field(name)
    yes, no = Value(bit), Value(0)
    if isinstance(field, SealedMixin):
        empty = _sealed_empty_length()
        if empty is None or not isinstance(field, _TEXT + _SCALAR) or isinstance(field, models.JSONField):
            return None
        # As from_db_value reads it: sealed if it has the prefix, else plain (stored before sealing).
        return Case(When(IsNull(F(path), True), then=no),
                    When(StartsWith(F(path), PREFIX) & GreaterThan(Length(path), empty), then=yes),
                    When(StartsWith(F(path), PREFIX), then=no),
                    When(Exact(F(path), ""), then=no), default=yes, output_field=BigIntegerField())
    if isinstance(field, _TEXT):
        return Case(When(IsNull(F(path), True), then=no), When(Exact(F(path), ""), then=no), default=yes,
                    output_field=BigIntegerField())
    if isinstance(field, _SCALAR):
        return Case(When(IsNull(F(path), True), then=no), default=yes, output_field=BigIntegerField())
    return None


def incomplete_dossiers_working() -> list[IncompleteWorking]:
    """Every working person of the province whose dossier is incomplete, with what it lacks (one
    query): the dashboard's count and the monthly reminders read the same measure as the unit
    lists (core.resumes.selectors)."""
    identity, dossier = completeness_reads(IDENTITY), completeness_reads(DOSSIER)
    dossier_model = Person._meta.get_field("dossier").related_model
    # Whether each value the required items look at is filled, and whether each row group has a
    # row, asked in SQL as one bit each of one number: at 60,000 people, reading the values (and
    # opening the sealed ones), then a column per value, took most of the measure's time.
    bits: list[Any] = []
    read: dict[str, Any] = {}  # values no SQL expression asks about (none today), by their bit
    for index, (model, name, path) in enumerate(
            [(Person, name, name) for name in identity]
            + [(dossier_model, name, f"dossier__{name}") for name in dossier]):
        expression = _filled(model, name, path, 1 << index)  # type: ignore[arg-type]
        if expression is None:
            read[f"value_{index}"] = F(path)
        else:
            bits.append(expression)
    entered = len(identity) + len(dossier)  # then whether each row group has a row
    # Each row model declares its own `person` (DossierRow, the abstract base, does not).
    bits += [Case(When(Exists(DOSSIER_ROW_MODELS[group]._default_manager.filter(
                 person=OuterRef("pk"))), then=Value(1 << (entered + index))),  # type: ignore[misc]
                  default=Value(0), output_field=BigIntegerField())
             for index, group in enumerate(COMPLETENESS_ROW_GROUPS)]
    filled = reduce(operator.add, bits)
    head = ("pk", "account_id", "account__is_active", "account__email", "org_unit__path", "category")
    query = (Person.objects.filter(status=PersonStatus.WORKING).annotate(filled_bits=filled, **read)
             .values_list(*head, "filled_bits", *read).order_by("pk"))
    found = []
    starts = len(head) - 1
    # A dossier's completeness depends on which of these values are filled, nothing else
    # (core.resumes.completeness): measured once per pattern, of which a province has few.
    measured: dict[tuple[object, ...], Completeness] = {}
    with transaction.atomic():
        # Without JIT: at 60,000 people compiling this statement took 2.2 s of a 0.2 s run, on the
        # compliance dashboard as in the daily run (core.base.planning).
        jit_off_in_transaction()
        rows = list(query)
    for row in rows:
        pattern = row[starts:]  # the category, the bits, then any value read
        if read:
            pattern = (*pattern[:2], *(value_filled(value) for value in pattern[2:]))
        completeness = measured.get(pattern)
        if completeness is None:
            completeness = measured[pattern] = _measure(pattern, identity, dossier, [int(key[6:]) for key in read])
        if not completeness.complete:
            pk, account_id, account_active, email, unit_path = row[:starts]
            found.append(IncompleteWorking(pk, account_id, bool(account_active), unit_path, completeness,
                                           email or ""))
    return found


def _measure(pattern: tuple[Any, ...], identity: list[str], dossier: list[str], read: list[int]) -> Completeness:
    """The completeness of a dossier whose values are filled as `pattern` says (the category, the
    bits, then whether each value read in Python is filled): all value_filled asks of a value."""
    category, bits, *read_filled = pattern
    entered = len(identity) + len(dossier)
    filled = [bool(bits & (1 << index)) for index in range(entered + len(COMPLETENESS_ROW_GROUPS))]
    for index, value_is_filled in zip(read, read_filled, strict=True):
        filled[index] = value_is_filled
    values = [True if one else None for one in filled[:entered]]
    return completeness_of({
        IDENTITY: {"category": category, **dict(zip(identity, values, strict=False))},
        DOSSIER: dict(zip(dossier, values[len(identity):], strict=False)),
        "rows": {group: [{}] if has else [] for group, has in
                 zip(COMPLETENESS_ROW_GROUPS, filled[entered:], strict=True)},
    })
