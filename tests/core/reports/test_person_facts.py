"""The person facts statistics count from (core/reports/migrations/0003_person_facts.py) follow
every kind of write in the same transaction, stay in their own province, and count exactly as the
people, dossiers, degrees and placements say."""

import threading
from datetime import date
from typing import Any

from django.db import connection
from django_tenants.utils import tenant_context

from core.backups.postgres import side_connection
from core.catalogues.models import EducationLevel
from core.models import (
    Degree,
    Dossier,
    Gender,
    OrgUnit,
    OrgUnitKind,
    Person,
    PersonCategory,
    PersonStatus,
    Placement,
)
from core.reports.selectors.statistics import statistics_of
from core.services.org_units import org_unit_create, org_unit_root
from tenants.models import Province
from tests.core.conftest import Personas, personas_of
from tests.core.factories import national_id_for
from tests.core.reports.conftest import SINCE, Fixture, fixture_build, person_make

ON = date(2026, 1, 1)


def _counts(scope: OrgUnit, code: str, on: date = ON) -> dict[str, int]:
    return {row.key: row.count for row in statistics_of(scope=scope, on=on).breakdown(code).rows if row.count}


def _facts(schema: str | None = None) -> dict[int, tuple[Any, ...]]:
    """Every facts row of `schema` (the current province's by default), by person."""
    table = f'"{schema}".reports_personfacts' if schema else "reports_personfacts"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        return {row[0]: row[1:] for row in cursor.fetchall()}


def _rebuilt() -> dict[int, tuple[Any, ...]]:
    """The facts as a full recomputation gives them (in a savepoint rolled back)."""
    with connection.cursor() as cursor:
        cursor.execute("SAVEPOINT rebuilt")
        cursor.execute("SELECT reports_personfacts_refresh(current_schema()::text, NULL)")
        rows = _facts()
        cursor.execute("ROLLBACK TO SAVEPOINT rebuilt")
    return rows


def test_a_new_degree_raises_the_education_band(built: Fixture) -> None:
    """chi, counted at Cao đẳng, is counted at Thạc sĩ once a master's degree is recorded."""
    assert _counts(built.agency, "education") == {"THS": 1, "DH": 1, "CD": 1, "": 1}

    Degree.objects.create(person=built.chi, level_code="THS", field="Giáo dục học", institution="Đại học Sư phạm")

    assert _counts(built.agency, "education") == {"THS": 2, "DH": 1, "": 1}


def test_a_rank_changed_by_a_queryset_update_is_counted(built: Fixture) -> None:
    """binh's dossier moved from 01.002 to 01.003 by an update no service saw."""
    Dossier.objects.filter(person=built.binh).update(rank_code="01.003")

    assert _counts(built.agency, "rank") == {"01.003": 2, "": 2}


def test_a_deleted_person_leaves_the_counts_and_the_facts(built: Fixture) -> None:
    chi = built.chi.pk
    Person.objects.get(pk=chi).delete()

    assert statistics_of(scope=built.agency, on=ON).headcount == 3
    assert chi not in _facts()


def test_people_bulk_created_are_counted(built: Fixture) -> None:
    """Three people, their dossiers and placements inserted in bulk (one statement each), as an
    import does: counted by category, rank and age at once."""
    people = Person.objects.bulk_create([
        Person(national_id=national_id_for(year=1995, gender=Gender.FEMALE), full_name=f"Người nhập {i}",
               gender=Gender.FEMALE, birth_year=1995, category=PersonCategory.CONG_CHUC, org_unit=built.department)
        for i in range(3)
    ])
    Dossier.objects.bulk_create([Dossier(person=person, rank_code="01.003") for person in people])
    Placement.objects.bulk_create([Placement(person=person, org_unit=built.department, start=SINCE) for person in people])
    stats = statistics_of(scope=built.agency, on=ON)

    assert stats.headcount == 7
    assert stats.breakdown("category").count_of(PersonCategory.CONG_CHUC) == 5
    assert stats.breakdown("rank").count_of("01.003") == 4
    assert stats.breakdown("age").count_of("30_39") == 4
    assert _facts() == _rebuilt()


def test_renamed_education_levels_rank_the_dossiers_again(built: Fixture) -> None:
    """em's dossier says "Đại học": counted there until the level is renamed "Cử nhân", then
    unknown (the national catalogue is shared: the facts are ranked again at the next reading)."""
    Dossier.objects.filter(person=built.em).update(highest_qualification="Đại học")
    assert _counts(built.agency, "education") == {"THS": 1, "DH": 2, "CD": 1}

    EducationLevel.objects.filter(code="DH").update(name="Cử nhân")

    assert _counts(built.agency, "education") == {"THS": 1, "DH": 1, "CD": 1, "": 1}
    assert _facts() == _rebuilt()


def test_a_person_in_two_places_at_once_counts_in_each_scope_and_once_in_the_province(
        built: Fixture, lc: Personas) -> None:
    """chi also teaches in a second agency from 2024, keeping her department: each agency counts
    her, the province once, under the later placement's agency; on a date before 2024 only the
    first agency has her."""
    root = org_unit_root()
    other = org_unit_create(acting_user=lc.doha, parent=root, kind=OrgUnitKind.AGENCY, name="Ban thứ hai thử nghiệm",
                            electronic_code=f"000.00.91.{root.electronic_code[-3:]}", established_on=SINCE)
    before = statistics_of(scope=root, on=ON)
    Placement.objects.create(person=built.chi, org_unit=other, start=date(2024, 1, 1))
    province = statistics_of(scope=root, on=ON)

    assert statistics_of(scope=built.agency, on=ON).headcount == 4
    assert statistics_of(scope=other, on=ON).headcount == 1
    assert province.headcount == before.headcount
    assert province.breakdown("unit").count_of(str(other.pk)) == 1
    assert province.breakdown("unit").count_of(str(built.agency.pk)) == 3
    assert statistics_of(scope=other, on=date(2023, 6, 1)).headcount == 0
    assert statistics_of(scope=built.agency, on=date(2023, 6, 1)).headcount == 5


def test_every_write_leaves_the_facts_a_full_rebuild_gives(built: Fixture) -> None:
    """After the fixture's creates, updates and moves, and a placement closed and a degree
    removed, the facts equal those computed afresh from the tables."""
    Placement.objects.filter(person=built.an).update(end=date(2025, 12, 31))
    Degree.objects.filter(person=built.an, level_code="THS").delete()
    Person.objects.filter(pk=built.binh.pk).update(birth_date=date(1970, 12, 31))

    assert _facts() == _rebuilt()
    assert _counts(built.agency, "age")["50_59"] == 1  # binh: 55 on 1/1/2026


def test_two_provinces_never_see_each_others_facts(lao_cai: Province, lai_chau: Province) -> None:
    """People built in Lào Cai get facts in Lào Cai's schema only, and a write to Lào Cai's table
    sent while the search path names Lai Châu still lands in Lào Cai's facts."""
    with tenant_context(lai_chau):
        lai_chau_before = _facts()
    with tenant_context(lao_cai):
        built = fixture_build(personas_of(lao_cai))
        lao_cai_facts = _facts()
    with tenant_context(lai_chau), connection.cursor() as cursor:
        cursor.execute(f'UPDATE "{lao_cai.schema_name}".core_dossier SET rank_code = %s WHERE person_id = %s',
                       ["01.001", built.chi.pk])
        lai_chau_after = _facts()
    with tenant_context(lao_cai):
        chi = _facts()[built.chi.pk]

    assert lai_chau_after == lai_chau_before
    assert {built.an.pk, built.chi.pk} <= lao_cai_facts.keys()
    assert chi[3] == "01.001"  # rank
    assert len(lai_chau_before) == len(lai_chau_after)


def test_concurrent_writes_to_one_person_both_reach_the_facts(lao_cai: Province) -> None:
    """A degree and a rank change of the same person, by two transactions at once: the second
    waits for the first to commit and computes the facts from both, not from its own snapshot."""
    with tenant_context(lao_cai):
        person = Person.objects.filter(status=PersonStatus.WORKING, dossier__isnull=False).order_by("id").first()
        assert person is not None
        rank = Dossier.objects.get(person=person).rank_code
    schema = f'SET search_path = "{lao_cai.schema_name}", public'
    try:
        with side_connection() as first, side_connection() as second:
            first.execute(schema)
            second.execute(schema)
            first.execute("INSERT INTO core_degree (person_id, level_code, field, institution, mode)"
                          " VALUES (%s, 'TS', 'Luật', 'Học viện', '')", [person.pk])
            done = threading.Event()

            def rank_change() -> None:
                second.execute("UPDATE core_dossier SET rank_code = '01.001' WHERE person_id = %s", [person.pk])
                second.commit()
                done.set()

            writer = threading.Thread(target=rank_change)
            writer.start()
            assert not done.wait(0.5)  # waiting for the first transaction's facts row
            first.commit()
            writer.join(10)
            assert done.is_set()
        with tenant_context(lao_cai):
            facts = _facts()[person.pk]
    finally:
        with side_connection(autocommit=True) as side:
            side.execute(schema)
            side.execute("DELETE FROM core_degree WHERE person_id = %s AND level_code = 'TS' AND field = 'Luật'",
                         [person.pk])
            side.execute("UPDATE core_dossier SET rank_code = %s WHERE person_id = %s", [rank, person.pk])

    assert (facts[3], facts[7]) == ("01.001", "TS")  # rank, education


def test_a_province_onboarded_from_the_template_has_empty_working_facts(db: None) -> None:
    """A new province (a copy of the template) starts with no facts and counts its first person:
    the triggers came with the copy and write into the new schema."""
    from core.operations.onboarding import province_onboard

    province = province_onboard(code="ha-giang", name="Hà Giang", official_name="Tỉnh Hà Giang",
                                subdomain="hagiang").province
    with tenant_context(province):
        empty = _facts()
        root = org_unit_root()
        person = person_make(root, "Giàng A Páo", category=PersonCategory.CONG_CHUC, gender=Gender.MALE,
                             birth_year=1988, rank="01.003", degrees=("DH",))
        stats = statistics_of(scope=root, on=ON)
        facts = _facts()

    assert empty == {}
    assert list(facts) == [person.pk]
    assert stats.headcount == 1
    assert stats.breakdown("education").count_of("DH") == 1
