"""Sensitive dossier values at rest: the database holds only sealed text, the product reads
the values, and another province's schema cannot open them."""

from datetime import date

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from core.base.sealed import SealError, is_sealed, keyed_digest
from core.models import ChangeItem, Dossier, DossierVersion, FamilyMember, Person
from core.services.change_sets import change_set_create, change_set_row_add, change_set_values_set
from tenants.models import Province
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db

SENSITIVE = {
    "religion_code": "01", "ethnic_group_code": "02", "health_status": "Bệnh tim bẩm sinh",
    "blood_type": "AB+", "height_cm": 171, "weight_kg": 64, "party_position": "Bí thư chi bộ",
    "party_admitted_on": date(2010, 5, 19), "party_official_on": date(2011, 5, 19),
    "personal_history_notes": "Từng bị bắt giam năm 1990",
}


def _raw(table: str, columns: list[str], pk: int, key: str = "id") -> dict[str, object]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT {", ".join(columns)} FROM {table} WHERE {key} = %s', [pk])
        return dict(zip(columns, cursor.fetchone(), strict=True))


def _plain_in(raw: dict[str, object], *needles: str) -> list[str]:
    return [needle for needle in needles for value in raw.values() if needle in str(value)]


def test_sensitive_dossier_values_are_sealed_in_the_database_and_read_back(lc: Personas) -> None:
    """Raw SQL sees only sealed text for religion, ethnicity, health, Party and history notes;
    the ORM gives back the values with their types."""
    person = PersonFactory(**{f"dossier__{name}": value for name, value in SENSITIVE.items()})
    raw = _raw("core_dossier", list(SENSITIVE), person.pk, key="person_id")
    assert [name for name, value in raw.items() if not is_sealed(value)] == []
    assert _plain_in(raw, "Bệnh tim", "AB+", "171", "Bí thư", "2010-05-19", "bắt giam") == []
    stored = Dossier.objects.get(person=person)
    assert {name: getattr(stored, name) for name in SENSITIVE} == SENSITIVE


def test_keyed_digests_are_kept_for_the_categories_statistics_group_by(lc: Personas) -> None:
    person = PersonFactory(dossier__ethnic_group_code="02", dossier__religion_code="01")
    raw = _raw("core_dossier", ["ethnic_group_digest", "religion_digest"], person.pk, key="person_id")
    schema = connection.schema_name
    assert raw == {"ethnic_group_digest": keyed_digest("02", schema=schema, context="ethnic_group_code"),
                   "religion_digest": keyed_digest("01", schema=schema, context="religion_code")}


def test_family_members_are_sealed(lc: Personas) -> None:
    person = PersonFactory()
    row = FamilyMember.objects.create(person=person, side="own", relation="Mẹ", full_name="Lò Thị Mai",
                                      birth_year=1960, occupation="Làm ruộng", address="Bản Mường Hum")
    raw = _raw("core_familymember", ["relation", "full_name", "birth_year", "occupation", "address", "side"], row.pk)
    assert raw["side"] == "own"  # not sensitive: which half of the table
    assert _plain_in(raw, "Mẹ", "Lò Thị Mai", "1960", "Làm ruộng", "Mường Hum") == []
    assert FamilyMember.objects.values_list("full_name", "birth_year").get(pk=row.pk) == ("Lò Thị Mai", 1960)


def test_change_items_and_dossier_versions_are_sealed(lc: Personas) -> None:
    """A proposed health change and a family row carry sensitive values: both are sealed at rest,
    as is every stored version of the dossier."""
    person = lc.person(lc.employee)
    change_set = change_set_create(acting_user=lc.employee, person=person)
    item = change_set_values_set(acting_user=lc.employee, change_set=change_set, expected_version=1,
                                 group="dossier", values={"health_status": "Tiểu đường type 2"})
    assert item is not None
    change_set.refresh_from_db()
    family = change_set_row_add(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version,
                                group="family_member", values={"side": "own", "relation": "Bố", "full_name": "Lò Văn Pấu"})
    for pk in (item.pk, family.pk):
        raw = _raw("core_changeitem", ["values", "previous"], pk)
        assert all(is_sealed(value) for value in raw.values())
        assert _plain_in(raw, "Tiểu đường", "Lò Văn Pấu") == []
    assert ChangeItem.objects.get(pk=item.pk).values == {"health_status": "Tiểu đường type 2"}
    DossierVersion.objects.create(person=person, number=999, snapshot={"dossier": {"religion_code": "01"}})
    with connection.cursor() as cursor:
        cursor.execute("SELECT snapshot FROM core_dossierversion WHERE number = 999")
        assert is_sealed(cursor.fetchone()[0])
    assert DossierVersion.objects.get(number=999).snapshot == {"dossier": {"religion_code": "01"}}


def test_a_sealed_value_copied_into_another_province_does_not_open(lao_cai: Province, lai_chau: Province) -> None:
    """Lai Châu's key cannot open what Lào Cai sealed, even when the sealed text is copied into
    a Lai Châu row in the same column."""
    with tenant_context(lao_cai):
        person = PersonFactory(dossier__health_status="Bệnh tim")
        sealed = _raw("core_dossier", ["health_status"], person.pk, key="person_id")["health_status"]
    with tenant_context(lai_chau):
        target = Person.objects.filter(dossier__isnull=False).order_by("pk").first()
        assert target is not None
        with connection.cursor() as cursor:
            cursor.execute("UPDATE core_dossier SET health_status = %s WHERE person_id = %s", [sealed, target.pk])
        with pytest.raises(SealError):
            Dossier.objects.get(person=target).health_status  # noqa: B018
