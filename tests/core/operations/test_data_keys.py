"""Key rotation (`manage.py data_keys_rotate`): every sealed value and document of a province
is sealed again under the new master secret, verified, and a second run has nothing to do."""

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.base.sealed import (
    SealError,
    data_key,
    data_masters,
    is_sealed,
    sealed_file_key_id,
    sealed_key_id,
    unseal,
)
from core.models import Dossier, OrgUnit, Person
from core.operations.data_keys import province_data_reseal, sealed_columns
from core.reports.selectors.statistics import statistics_of
from tenants.models import Province
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lao_cai_file(lao_cai: Province) -> Iterator[str]:
    """A scanned ID card stored for a Lào Cai grant (the file is removed afterwards: the
    database rolls back, the media folder does not)."""
    with tenant_context(lao_cai):
        name = default_storage.save("access/grants/cccd-test.pdf", ContentFile(b"%PDF-1.7 CCCD 012345678901"))
        with connection.cursor() as cursor:
            cursor.execute("UPDATE core_rolegrant SET authorisation_file = %s WHERE id = "
                           "(SELECT min(id) FROM core_rolegrant)", [name])
    yield name
    with tenant_context(lao_cai):
        default_storage.delete(name)


def _sealed_key_ids(column: str) -> set[bytes]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM core_dossier WHERE {column} IS NOT NULL")
        return {sealed_key_id(value) for (value,) in cursor.fetchall()}


def test_rotation_seals_everything_again_under_the_new_key(settings, lao_cai: Province, lao_cai_file: str) -> None:
    """With the former secret in HOSO_DATA_OLD_KEYS, rotation takes every value and document
    over to the new key, checks each opens, and statistics by ethnic group stay the same."""
    with tenant_context(lao_cai):
        PersonFactory(dossier__ethnic_group_code="02", dossier__religion_code="01", dossier__health_status="Khỏe")
        root = OrgUnit.objects.get(parent__isnull=True)
        before = statistics_of(scope=root, on=timezone.localdate())
        assert before.breakdown("ethnic_group").count_of("02") >= 1
    old = data_masters()[0]
    settings.HOSO_DATA_KEY, settings.HOSO_DATA_OLD_KEYS = "the-rotated-master-secret", [old]
    new_id = data_key(lao_cai.schema_name).key_id

    report = province_data_reseal(schema=lao_cai.schema_name)

    assert report.values_resealed == report.values_checked == report.values_verified > 0
    assert (report.files_checked, report.files_resealed, report.files_verified) == (1, 1, 1)
    with tenant_context(lao_cai):
        assert _sealed_key_ids("health_status") == {new_id}
        assert sealed_file_key_id(default_storage.raw_read(lao_cai_file)) == new_id
        assert default_storage.open(lao_cai_file).read() == b"%PDF-1.7 CCCD 012345678901"
        assert statistics_of(scope=root, on=before.on) == before
    again = province_data_reseal(schema=lao_cai.schema_name)
    assert (again.values_resealed, again.files_resealed) == (0, 0)
    assert again.values_verified == report.values_verified
    settings.HOSO_DATA_OLD_KEYS = []  # the old secret is gone: everything still opens
    with tenant_context(lao_cai):
        assert {d.health_status for d in Dossier.objects.all()} >= {"Khỏe"}


def test_values_stored_in_clear_are_sealed_with_their_digest(lao_cai: Province) -> None:
    """Rows written before sealing (as the migration found them) are sealed, and their keyed
    digests filled, by the same pass."""
    with tenant_context(lao_cai):
        person = PersonFactory()
        with connection.cursor() as cursor:
            cursor.execute("UPDATE core_dossier SET religion_code = '01', religion_digest = '', "
                           "health_status = 'Khỏe' WHERE person_id = %s", [person.pk])
        assert Dossier.objects.get(person=person).religion_code == "01"  # read as it is meanwhile
    province_data_reseal(schema=lao_cai.schema_name)
    with tenant_context(lao_cai):
        with connection.cursor() as cursor:
            cursor.execute("SELECT religion_code, religion_digest, health_status FROM core_dossier "
                           "WHERE person_id = %s", [person.pk])
            religion, digest, health = cursor.fetchone()
        assert is_sealed(religion) and is_sealed(health) and len(digest) == 32
        dossier = Dossier.objects.get(person=person)
        assert (dossier.religion_code, dossier.religion_digest, dossier.health_status) == ("01", digest, "Khỏe")


def test_a_value_under_an_unknown_key_stops_the_rotation(settings, lao_cai: Province) -> None:
    """A value no configured key opens (the old secret was dropped too early) is reported, not
    silently skipped or overwritten."""
    with tenant_context(lao_cai):
        PersonFactory(dossier__health_status="Khỏe")
    settings.HOSO_DATA_KEY, settings.HOSO_DATA_OLD_KEYS = "a-new-secret-without-the-old-one", []
    with pytest.raises(SealError):
        province_data_reseal(schema=lao_cai.schema_name)


def test_the_command_prints_counts_per_province(settings, lao_cai: Province) -> None:
    old = data_masters()[0]
    settings.HOSO_DATA_KEY, settings.HOSO_DATA_OLD_KEYS = "the-command-master-secret", [old]
    out = StringIO()
    call_command("data_keys_rotate", "--province", lao_cai.code, stdout=out)
    line = out.getvalue().strip()
    assert line.startswith(f"{lao_cai.code}: ") and " mã hóa lại, " in line and line.endswith(".")
    resealed = int(line.split(", ")[1].split(" ")[0])
    assert resealed > 0
    out = StringIO()
    call_command("data_keys_rotate", "--province", lao_cai.code, stdout=out)
    assert ", 0 mã hóa lại, " in out.getvalue()


def test_the_command_refuses_an_unknown_province() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có tỉnh mã “xx”."):
        call_command("data_keys_rotate", "--province", "xx")


def test_every_sensitive_column_is_listed_for_rotation() -> None:
    """The rotation finds its columns from the models: a sealed field added later is rotated too."""
    found = {(c.table, c.column, c.digest_column) for c in sealed_columns()}
    assert ("core_dossier", "ethnic_group_code", "ethnic_group_digest") in found
    assert ("core_dossier", "religion_code", "religion_digest") in found
    assert {("core_changeitem", "values", ""), ("core_changeitem", "previous", ""),
            ("core_dossierversion", "snapshot", ""), ("core_familymember", "full_name", ""),
            ("core_dossier", "health_status", "")} <= found


def test_another_provinces_rotation_leaves_this_one_alone(settings, lao_cai: Province, lai_chau: Province) -> None:
    with tenant_context(lai_chau):
        person = Person.objects.filter(dossier__isnull=False).first()
        assert person is not None
        with connection.cursor() as cursor:
            cursor.execute("SELECT health_status FROM core_dossier WHERE person_id = %s", [person.pk])
            before = cursor.fetchone()[0]
    old = data_masters()[0]
    settings.HOSO_DATA_KEY, settings.HOSO_DATA_OLD_KEYS = "only-lao-cai-rotated", [old]
    province_data_reseal(schema=lao_cai.schema_name)
    with tenant_context(lai_chau), connection.cursor() as cursor:
        cursor.execute("SELECT health_status FROM core_dossier WHERE person_id = %s", [person.pk])
        assert cursor.fetchone()[0] == before
    assert unseal(before, schema=lai_chau.schema_name, context="core_dossier.health_status") == ""
