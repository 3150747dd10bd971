"""Sealing values and files with a province's data key (core.base.sealed), without a database."""

import pytest

from core.base.sealed import (
    FILE_MAGIC,
    SealError,
    data_key,
    data_masters,
    keyed_digest,
    seal,
    seal_file,
    unseal,
    unseal_file,
)


def test_a_sealed_value_opens_in_its_province_and_column_only() -> None:
    """A value sealed for Lào Cai's religion column opens there, and nowhere else: not with Lai
    Châu's key, not in another column."""
    sealed = seal("Phật giáo", schema="lao_cai", context="core_dossier.religion_code")
    assert sealed.startswith("hx1:") and "Phật" not in sealed
    assert unseal(sealed, schema="lao_cai", context="core_dossier.religion_code") == "Phật giáo"
    with pytest.raises(SealError):
        unseal(sealed, schema="lai_chau", context="core_dossier.religion_code")
    with pytest.raises(SealError):
        unseal(sealed, schema="lao_cai", context="core_dossier.health_status")


def test_sealing_twice_gives_two_different_values() -> None:
    """A fresh nonce each time: equal religions do not show as equal sealed values."""
    first = seal("01", schema="lao_cai", context="c")
    assert first != seal("01", schema="lao_cai", context="c")


def test_an_altered_value_does_not_open() -> None:
    sealed = seal("Bình thường", schema="lao_cai", context="c")
    altered = sealed[:-4] + ("AAAA" if not sealed.endswith("AAAA") else "BBBB")
    with pytest.raises(SealError):
        unseal(altered, schema="lao_cai", context="c")


def test_a_file_opens_with_its_provinces_key_only() -> None:
    sealed = seal_file(b"%PDF-1.7 CCCD", schema="lao_cai")
    assert sealed.startswith(FILE_MAGIC) and b"CCCD" not in sealed
    assert unseal_file(sealed, schema="lao_cai") == b"%PDF-1.7 CCCD"
    with pytest.raises(SealError):
        unseal_file(sealed, schema="lai_chau")


def test_a_file_stored_before_sealing_reads_as_it_is() -> None:
    assert unseal_file(b"%PDF-1.4 old", schema="lao_cai") == b"%PDF-1.4 old"


def test_keyed_digests_group_equal_values_per_province(settings) -> None:  # type: ignore[no-untyped-def]
    """Equal categories, equal digests within a province; another province's digests differ;
    no value stays no value."""
    assert keyed_digest("01", schema="lao_cai", context="e") == keyed_digest("01", schema="lao_cai", context="e")
    assert keyed_digest("01", schema="lao_cai", context="e") != keyed_digest("02", schema="lao_cai", context="e")
    assert keyed_digest("01", schema="lao_cai", context="e") != keyed_digest("01", schema="lai_chau", context="e")
    assert keyed_digest("", schema="lao_cai", context="e") == ""


def test_an_old_master_secret_still_opens_until_rotation(settings) -> None:  # type: ignore[no-untyped-def]
    """After HOSO_DATA_KEY changes, values sealed under the former secret open while it is
    listed in HOSO_DATA_OLD_KEYS, and no longer once it is dropped."""
    settings.HOSO_DATA_KEY = "first-master"
    settings.HOSO_DATA_OLD_KEYS = []
    sealed = seal("A+", schema="lao_cai", context="c")
    settings.HOSO_DATA_KEY = "second-master"
    settings.HOSO_DATA_OLD_KEYS = ["first-master"]
    assert data_masters() == ["second-master", "first-master"]
    assert unseal(sealed, schema="lao_cai", context="c") == "A+"
    assert data_key("lao_cai").key_id != data_key("lai_chau").key_id
    settings.HOSO_DATA_OLD_KEYS = []
    with pytest.raises(SealError):
        unseal(sealed, schema="lao_cai", context="c")


def test_production_refuses_to_run_without_a_data_key(settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import ImproperlyConfigured

    settings.HOSO_DATA_KEY = None
    monkeypatch.delenv("HOSO_DATA_KEY", raising=False)
    monkeypatch.setenv("DJANGO_SECRET_KEY", "a-production-secret")
    with pytest.raises(ImproperlyConfigured, match="HOSO_DATA_KEY must be set"):
        data_masters()
