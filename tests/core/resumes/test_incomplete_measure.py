"""The month's measure of every working dossier (core.resumes.incomplete) asks SQL only whether
each value is filled, and tells a sealed value's emptiness by its length without opening it: on
varied dossiers (each value filled or empty, sealed values empty or not, values stored before
sealing, people without a dossier, rows or none, every category) it finds the same people lacking
the same items as measuring their values read and opened one by one."""

import random
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, models

from core.base.sealed import seal
from core.dossier_values import DOSSIER, IDENTITY
from core.models import (
    DOSSIER_ROW_MODELS,
    Dossier,
    FamilyMember,
    OrgUnit,
    Person,
    PersonCategory,
    PersonStatus,
    SalaryHistory,
    WorkHistory,
)
from core.resumes.completeness import completeness_of, completeness_reads
from core.resumes.incomplete import _sealed_empty_length, incomplete_dossiers_working
from core.resumes.selectors import COMPLETENESS_ROW_GROUPS
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _opened_one_by_one() -> dict[int, tuple[object, ...]]:
    """The measure as it was: every value read (sealed ones opened), then asked whether filled."""
    identity, dossier = completeness_reads(IDENTITY), completeness_reads(DOSSIER)
    found = {}
    for person in Person.objects.filter(status=PersonStatus.WORKING).select_related("dossier", "org_unit", "account"):
        record = getattr(person, "dossier", None) if Dossier.objects.filter(person=person).exists() else None
        completeness = completeness_of({
            IDENTITY: {"category": person.category, **{name: getattr(person, name) for name in identity}},
            DOSSIER: {name: getattr(record, name) if record is not None else None for name in dossier},
            "rows": {group: list(DOSSIER_ROW_MODELS[group]._default_manager.filter(person=person)[:1])
                     for group in COMPLETENESS_ROW_GROUPS},
        })
        if not completeness.complete:
            found[person.pk] = (person.account_id, person.org_unit.path, completeness.form, completeness.missing_labels)
    return found


def _filled_value(field: models.Field) -> object:  # type: ignore[type-arg]
    if isinstance(field, models.DateField):
        return date(2020, 9, 1)
    if isinstance(field, models.DecimalField):
        return Decimal("2.34")
    if isinstance(field, models.IntegerField):
        return 0  # filled: only None and "" are not
    return "01"


def test_the_measure_from_sql_finds_what_opening_every_value_finds(lc: Personas) -> None:
    unit = OrgUnit.objects.get(name="Sở Tài chính")
    people = PersonFactory.build_many(60, org_unit=unit, prefix="013")
    rng = random.Random(7)
    sealed_plain = []
    for i, person in enumerate(people):
        category = [PersonCategory.CONG_CHUC, PersonCategory.VIEN_CHUC, PersonCategory.NGUOI_LAO_DONG][i % 3]
        Person.objects.filter(pk=person.pk).update(category=category, birth_date=date(1990, 5, 1) if i % 2 else None)
        if i % 10 == 9:
            Dossier.objects.filter(person=person).delete()
            continue
        values = {}
        for name in completeness_reads(DOSSIER):
            field = Dossier._meta.get_field(name)
            empty: object = None if field.null else ""
            values[name] = _filled_value(field) if (rng.random() < 0.8 or i % 10 == 0) else empty
        Dossier.objects.filter(person=person).update(**values)  # sealed ones sealed, "" too
        if i % 7 == 3:
            sealed_plain.append(person.pk)
        if i % 10 == 0 or rng.random() < 0.5:
            WorkHistory.objects.create(person=person, start=date(2020, 9, 1), unit_name="Sở", position="Chuyên viên")
        if i % 10 == 0 or rng.random() < 0.5:
            FamilyMember.objects.create(person=person, side="own", relation="Mẹ", full_name="Lò Thị Mẩy",
                                        birth_year=1962)
        if i % 10 == 0 or rng.random() < 0.7:
            SalaryHistory.objects.create(person=person, effective_on=date(2020, 9, 1), rank_code="01.003", step=1,
                                         coefficient=Decimal("2.34"))
    # Values stored before sealing (as data_keys_rotate finds them): read as they are.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_dossier SET ethnic_group_code = CASE WHEN person_id %% 2 = 0 THEN '' ELSE '05' END,"
                       " health_status = 'Tốt' WHERE person_id = ANY(%s)", [sealed_plain])
    measured = {one.person_id: (one.account_id, one.unit_path, one.completeness.form,
                                one.completeness.missing_labels) for one in incomplete_dossiers_working()}
    expected = _opened_one_by_one()
    assert measured == expected
    ours = [pk for pk in expected if pk in {p.pk for p in people}]
    assert len(ours) > 30 and any("6) Dân tộc" in expected[pk][3] for pk in ours)
    assert any(pk not in expected for pk in (p.pk for p in people))  # some are complete


def test_a_sealed_empty_text_is_told_from_any_other_by_its_length() -> None:
    """What the measure relies on: every non-empty text seals longer than the empty one."""
    empty = _sealed_empty_length()
    assert empty == len(seal("", schema="any", context="core_dossier.religion_code"))
    assert all(len(seal(plain, schema="any", context="x")) > empty for plain in ("0", "x", "Tốt", "a" * 300))


def test_the_measure_is_planned_without_jit(lc: Personas) -> None:
    """The compliance dashboard and the monthly reminders read every dossier of the province in one
    statement: it runs with JIT off for its own transaction (compiling it took 2.2 s of a 0.2 s run
    at 60,000 people); the setting ends with the transaction (SET LOCAL), not with the session."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        incomplete_dossiers_working()
    statements = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SET search_path")]

    assert statements[0].startswith("SAVEPOINT")
    assert statements[1] == "SELECT set_config('jit', 'off', true)"
    assert '"core_person"' in statements[2]
    assert statements[3].startswith("RELEASE SAVEPOINT")
