"""Statistics: exact counts over hand-built people, changes over a period, the reader's scope,
and provinces that never see each other's people."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from core.base.errors import ApplicationError, NotFoundError
from core.models import Degree, Dossier, Person, PersonStatus
from core.reports.selectors.statistics import (
    UNKNOWN,
    changes_for_user,
    changes_of,
    statistics_for_user,
    statistics_of,
)
from tenants.models import Province
from tests.core.conftest import Personas, personas_of
from tests.core.reports.conftest import Fixture, fixture_build

ON = date(2026, 1, 1)


def _counts(stats, code: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {row.key: row.count for row in stats.breakdown(code).rows if row.count}


def test_counts_of_a_fresh_unit_match_the_people_built(built: Fixture) -> None:
    """Four people work in the agency's subtree on 1/1/2026 (the retired one does not), counted
    by every dimension exactly as built."""
    stats = statistics_of(scope=built.agency, on=ON)

    assert stats.headcount == 4
    assert _counts(stats, "category") == {"cong_chuc": 2, "vien_chuc": 1, "nguoi_lao_dong": 1}
    assert _counts(stats, "unit") == {"": 1, str(built.department.pk): 3}
    assert _counts(stats, "rank") == {"01.003": 1, "01.002": 1, "": 2}
    assert _counts(stats, "professional_title") == {"V.07.05.14": 1, "": 3}
    assert _counts(stats, "job_position") == {"Chuyên viên tổng hợp": 2, "Giáo viên": 1, "Lái xe": 1}
    assert _counts(stats, "gender") == {"male": 2, "female": 2}
    assert _counts(stats, "age") == {"under_30": 1, "30_39": 1, "40_49": 1, "50_59": 1}
    assert _counts(stats, "ethnic_group") == {"01": 2, "03": 2}
    assert _counts(stats, "education") == {"THS": 1, "DH": 1, "CD": 1, "": 1}
    assert _counts(stats, "political_theory") == {"TC": 1, "CC": 1, "": 2}
    assert all(b.total == 4 for b in stats.breakdowns)


def test_rows_carry_vietnamese_labels(built: Fixture) -> None:
    """Catalogue codes, categories and units are shown by their Vietnamese names."""
    stats = statistics_of(scope=built.agency, on=ON)
    labels = {b.code: {row.key: row.label for row in b.rows} for b in stats.breakdowns}

    assert labels["rank"]["01.003"] == "Chuyên viên (01.003)"
    assert labels["rank"][""] == UNKNOWN
    assert labels["category"]["vien_chuc"] == "Viên chức"
    assert labels["gender"]["female"] == "Nữ"
    assert labels["ethnic_group"]["03"] == "Thái"
    assert labels["education"]["THS"] == "Thạc sĩ"
    assert labels["political_theory"]["CC"] == "Cao cấp"
    assert labels["age"]["60_up"] == "Từ 60 tuổi trở lên"
    assert labels["unit"][str(built.department.pk)] == "Phòng Tổng hợp thử nghiệm"
    assert labels["unit"][""] == "Trực tiếp tại Ban Thống kê thử nghiệm"


def test_a_past_date_counts_who_worked_there_then(built: Fixture) -> None:
    """On 1/6/2025 the retired man still worked in the agency, and the driver had just moved
    to the department."""
    stats = statistics_of(scope=built.agency, on=date(2025, 6, 1))

    assert stats.headcount == 5
    assert _counts(stats, "unit") == {"": 2, str(built.department.pk): 3}
    assert statistics_of(scope=built.department, on=date(2025, 3, 31)).headcount == 2


def test_exact_birth_date_gives_exact_age(built: Fixture) -> None:
    """Born 1/6/1996, the person is 29 on 1/1/2026 (under 30), not 30 as the year alone says."""
    Person.objects.filter(pk=built.chi.pk).update(birth_year=1996, birth_date=date(1996, 6, 1))

    assert _counts(statistics_of(scope=built.agency, on=ON), "age")["under_30"] == 1


def test_education_follows_the_dossier_without_degree_rows(built: Fixture) -> None:
    """em has no degree row but the dossier says "Đại học": counted at Đại học, not "Chưa có
    thông tin"; chi's dossier saying "thạc sĩ quản lý" outranks her Cao đẳng degree row."""
    Dossier.objects.filter(person=built.em).update(highest_qualification=" Đại học ")
    Dossier.objects.filter(person=built.chi).update(highest_qualification="thạc sĩ quản lý")

    stats = statistics_of(scope=built.agency, on=ON)
    labels = {row.key: row.label for row in stats.breakdown("education").rows if row.count}

    assert _counts(stats, "education") == {"THS": 2, "DH": 2}
    assert UNKNOWN not in labels.values()


def test_education_from_the_dossier_ignores_case_and_unknown_names(built: Fixture) -> None:
    """Capitals and diacritics match as ILIKE would ("ĐẠI HỌC" is Đại học); a qualification
    naming no level ("Kỹ sư") leaves the person where the degree rows put them."""
    Dossier.objects.filter(person=built.em).update(highest_qualification="ĐẠI HỌC SƯ PHẠM")
    Dossier.objects.filter(person=built.chi).update(highest_qualification="Kỹ sư xây dựng")

    assert _counts(statistics_of(scope=built.agency, on=ON), "education") == {"THS": 1, "DH": 2, "CD": 1}


def test_a_degree_code_the_catalogue_does_not_know_comes_after_every_known_level(built: Fixture) -> None:
    """em's only degree row carries a code no longer in the catalogue: counted under that code
    (the smallest of two), until the dossier names a known level, which outranks it."""
    for code in ("ZZ2", "ZZ1"):
        Degree.objects.create(person=built.em, level_code=code, field="Luật", institution="Học viện")

    assert _counts(statistics_of(scope=built.agency, on=ON), "education") == {"THS": 1, "DH": 1, "CD": 1, "ZZ1": 1}
    Dossier.objects.filter(person=built.em).update(highest_qualification="Trung cấp Kế toán")
    assert _counts(statistics_of(scope=built.agency, on=ON), "education") == {"THS": 1, "DH": 1, "CD": 1, "TC": 1}


def test_changes_over_a_year_in_the_agency(built: Fixture) -> None:
    """In 2025 the agency lost its retiree; the driver's move inside it is neither a join nor
    a leave; one rank change, one salary step, one appointment."""
    changes = changes_of(scope=built.agency, period_from=date(2025, 1, 1), period_to=date(2025, 12, 31))

    assert changes.joined == 0
    assert changes.left.total == 1
    assert changes.left.count_of(PersonStatus.RETIRED) == 1
    assert (changes.promoted, changes.salary_steps, changes.appointed, changes.reappointed) == (1, 1, 1, 0)


def test_changes_seen_from_the_department(built: Fixture) -> None:
    """For the department the driver joined on 1/4/2025; the rank change happened outside it."""
    changes = changes_of(scope=built.department, period_from=date(2025, 1, 1), period_to=date(2025, 12, 31))

    assert (changes.joined, changes.left.total) == (1, 0)
    assert (changes.promoted, changes.salary_steps, changes.appointed) == (0, 1, 1)


def test_changes_refuse_a_reversed_period(built: Fixture) -> None:
    with pytest.raises(ApplicationError) as refused:
        changes_of(scope=built.agency, period_from=date(2025, 12, 31), period_to=date(2025, 1, 1))
    assert refused.value.extra == {"fields": {"period_from": refused.value.message}}


def test_doha_sees_the_province_by_default(lc: Personas) -> None:
    """The DoHA's scope is the province: every working person of Lào Cai."""
    stats = statistics_for_user(user=lc.doha, on=ON)

    assert stats.scope.parent_id is None
    assert stats.headcount == Person.objects.filter(status=PersonStatus.WORKING).count()


def test_unit_admin_sees_only_their_subtree(built: Fixture, lc: Personas) -> None:
    """The hospital's admin counts the hospital only, and asking for the province, another
    agency or the new agency is answered as for a unit that does not exist."""
    own = statistics_for_user(user=lc.subunit_admin, on=ON)
    province = statistics_for_user(user=lc.doha, on=ON)

    assert own.scope == lc.person(lc.subunit_admin).org_unit
    assert own.headcount == 1
    assert province.headcount > own.headcount
    for unit in (province.scope, built.agency, lc.person(lc.officer).org_unit):
        with pytest.raises(NotFoundError) as refused:
            statistics_for_user(user=lc.subunit_admin, org_unit_id=unit.pk, on=ON)
        assert refused.value.message == "Không tìm thấy cơ quan, đơn vị."
    with pytest.raises(NotFoundError):
        statistics_for_user(user=lc.subunit_admin, org_unit_id=999_999_999, on=ON)
    with pytest.raises(NotFoundError):
        changes_for_user(user=lc.subunit_admin, org_unit_id=built.agency.pk,
                         period_from=date(2025, 1, 1), period_to=date(2025, 12, 31))


def test_an_employee_without_a_role_sees_no_statistics(lc: Personas) -> None:
    with pytest.raises(NotFoundError):
        statistics_for_user(user=lc.employee, on=ON)


def test_agency_admin_counts_the_agency_and_its_schools(lc: Personas) -> None:
    """The education department's admin sees the department and the school below it."""
    stats = statistics_for_user(user=lc.agency_admin, on=ON)

    assert stats.headcount == 2
    assert stats.breakdown("category").count_of("vien_chuc") == 1


def test_statistics_is_a_check_and_one_count(built: Fixture) -> None:
    """One statement checks the cached counts and reads the scope's units (ids, paths, names); one
    more counts the units this transaction wrote (here the agency's two: it made their people, so
    it counts them itself, whatever is cached). Catalogues are cached; django-tenants' SET
    search_path before each statement is not counted."""
    statistics_of(scope=built.agency, on=ON)  # warms the catalogue cache
    with CaptureQueriesContext(connection) as queries:
        statistics_of(scope=built.agency, on=ON)
    statements = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SET search_path")]
    assert len(statements) == 2
    assert "pg_current_snapshot()" in statements[0]
    assert "GROUP BY GROUPING SETS" in statements[1]
    assert f"'{{{built.agency.pk},{built.department.pk}}}'" in statements[1]


def test_lai_chau_never_counts_lao_cai_people(lao_cai: Province, lai_chau: Province) -> None:
    """People added in Lào Cai change nothing in Lai Châu's province-wide figures."""
    with tenant_context(lai_chau):
        before = statistics_for_user(user=personas_of(lai_chau).doha, on=ON)
    with tenant_context(lao_cai):
        fixture_build(personas_of(lao_cai))
        lao_cai_total = statistics_for_user(user=personas_of(lao_cai).doha, on=ON).headcount
    with tenant_context(lai_chau):
        after = statistics_for_user(user=personas_of(lai_chau).doha, on=ON)
        own = Person.objects.filter(status=PersonStatus.WORKING).count()

    assert after.headcount == before.headcount == own
    assert lao_cai_total == own + 4  # the same demo people, plus the four built in Lào Cai
    assert "Chuyên viên tổng hợp" not in {row.key for row in after.breakdown("job_position").rows}
