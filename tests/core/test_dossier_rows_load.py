"""A dossier's row groups loaded in one round trip read back exactly as Django's prefetch reads them."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from core.base.fields import SealedCharField
from core.dossier_values import (
    dossier_prefetch,
    dossier_rows_load,
    dossier_snapshot,
    group_related_name,
)
from core.models import DOSSIER_ROW_MODELS, FamilyMember, Person
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db


def _value(field: models.Field, n: int) -> Any:
    """A value the column accepts, different for each row `n`."""
    if field.choices:
        return field.choices[n % len(field.choices)][0]
    if isinstance(field, models.BooleanField):
        return n % 2 == 0
    if isinstance(field, models.DateField):
        return date(2000 + n, 1 + n % 12, 1 + n)
    if isinstance(field, models.DecimalField):
        return Decimal(f"{n + 1}.{n + 10}")
    if isinstance(field, models.IntegerField):
        return 100 + n
    return f"giá trị {field.name} {n}"[: field.max_length or 100]


def _rows_in_every_group(person: Person, rows_each: int) -> None:
    for model in DOSSIER_ROW_MODELS.values():
        for n in range(rows_each):
            model._default_manager.create(person=person, **{
                field.name: _value(field, n) for field in model._meta.concrete_fields
                if not field.primary_key and field.name != "person"})


def test_every_group_reads_back_as_the_prefetch_reads_it(lc: Personas) -> None:
    """Fourteen groups (family members' sealed values among them), two rows each, in the order
    the prefetch gives; another person's rows stay out."""
    person = lc.person(lc.employee)
    _rows_in_every_group(person, rows_each=2)
    _rows_in_every_group(lc.person(lc.teacher), rows_each=1)
    prefetched = Person.objects.select_related("dossier").prefetch_related(*dossier_prefetch()).get(pk=person.pk)

    loaded = Person.objects.select_related("dossier").get(pk=person.pk)
    with CaptureQueriesContext(connection) as load:
        dossier_rows_load(loaded)
    with CaptureQueriesContext(connection) as reading:
        snapshot = dossier_snapshot(loaded)
        owners = {row.person.pk for group in DOSSIER_ROW_MODELS for row in getattr(loaded, group_related_name(group)).all()}

    assert len(load) == 1 and len(reading) == 0
    assert snapshot == dossier_snapshot(prefetched)
    assert all(len(rows) >= 2 for rows in snapshot["rows"].values())
    assert owners == {person.pk}
    family = [row["full_name"] for row in snapshot["rows"]["family_member"]]
    assert family[-2:] == ["giá trị full_name 0", "giá trị full_name 1"]
    assert isinstance(FamilyMember._meta.get_field("full_name"), SealedCharField)  # what the test reads back


def test_a_person_without_rows_reads_empty_groups(lc: Personas) -> None:
    person = Person.objects.select_related("dossier").get(pk=lc.person(lc.merged).pk)
    for model in DOSSIER_ROW_MODELS.values():
        model._default_manager.filter(person=person).delete()
    dossier_rows_load(person)
    assert all(rows == [] for rows in dossier_snapshot(person)["rows"].values())


def test_with_server_side_binding_the_groups_go_one_by_one(lc: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database configured for server-side binding cannot take several statements in one call:
    the same rows come through the prefetch instead."""
    person = lc.person(lc.employee)
    _rows_in_every_group(person, rows_each=1)
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "server_side_binding", True)
    loaded = Person.objects.select_related("dossier").get(pk=person.pk)
    with CaptureQueriesContext(connection) as load:
        dossier_rows_load(loaded)
    monkeypatch.undo()
    assert len(load) == len(DOSSIER_ROW_MODELS)
    fresh = Person.objects.select_related("dossier").get(pk=person.pk)
    dossier_rows_load(fresh)
    assert dossier_snapshot(loaded) == dossier_snapshot(fresh)
