"""Each province's backups are sealed with its own key: another province's key cannot open them,
and any change to a sealed file is refused."""

import io

import pytest

from core.backups.crypto import (
    CHUNK_SIZE,
    MAGIC,
    decrypt_stream,
    derive_key,
    encrypt_stream,
    province_key,
)
from core.backups.errors import BackupError

PLAIN = b"hoso backup payload " * (CHUNK_SIZE // 8)  # spans three chunks


def _seal(data: bytes, schema: str) -> bytes:
    out = io.BytesIO()
    encrypt_stream(io.BytesIO(data), out, key=province_key(schema))
    return out.getvalue()


def _open(sealed: bytes, schema: str) -> bytes:
    out = io.BytesIO()
    decrypt_stream(io.BytesIO(sealed), out, schema=schema)
    return out.getvalue()


def test_a_sealed_backup_opens_with_its_own_provinces_key() -> None:
    sealed = _seal(PLAIN, "lao_cai")
    assert sealed.startswith(MAGIC) and PLAIN[:64] not in sealed
    assert _open(sealed, "lao_cai") == PLAIN
    assert _open(_seal(b"", "lao_cai"), "lao_cai") == b""


def test_keys_differ_per_province_and_per_master_secret() -> None:
    keys = {derive_key(master, schema).key for master in ("a", "b") for schema in ("lao_cai", "lai_chau")}
    assert len(keys) == 4


def test_another_provinces_key_cannot_open_a_backup() -> None:
    """Asked as Lai Châu, Lào Cai's file is refused; relabelling its header as Lai Châu's (so that
    Lai Châu's key is tried) still fails authentication."""
    sealed = _seal(PLAIN, "lao_cai")
    with pytest.raises(BackupError) as refused:
        _open(sealed, "lai_chau")
    assert refused.value.code == "backup_wrong_key"

    lao_cai, lai_chau = province_key("lao_cai"), province_key("lai_chau")
    old_header = MAGIC + lao_cai.key_id + sealed[16:24] + bytes([7]) + b"lao_cai"
    new_header = MAGIC + lai_chau.key_id + sealed[16:24] + bytes([8]) + b"lai_chau"
    assert sealed.startswith(old_header)
    with pytest.raises(BackupError) as forged:
        _open(new_header + sealed[len(old_header):], "lai_chau")
    assert forged.value.message == "Không giải mã được tệp sao lưu: sai khóa hoặc tệp đã bị thay đổi."


@pytest.mark.parametrize("cut", ["flip", "truncate_record", "drop_last_record"])
def test_an_altered_file_is_refused(cut: str) -> None:
    sealed = bytearray(_seal(PLAIN, "lao_cai"))
    if cut == "flip":
        sealed[-100] ^= 0x80
    elif cut == "truncate_record":
        sealed = sealed[:-10]
    else:
        last_record = 4 + (len(PLAIN) - 2 * CHUNK_SIZE) + 16
        sealed = sealed[:-last_record]
    with pytest.raises(BackupError):
        _open(bytes(sealed), "lao_cai")


def test_after_rotation_old_backups_still_open(settings) -> None:  # type: ignore[no-untyped-def]
    sealed = _seal(PLAIN, "lao_cai")
    settings.HOSO_BACKUP_OLD_KEYS = [settings.HOSO_BACKUP_KEY]
    settings.HOSO_BACKUP_KEY = "the-new-master-key"

    assert _open(sealed, "lao_cai") == PLAIN
    assert province_key("lao_cai").key == derive_key("the-new-master-key", "lao_cai").key

    settings.HOSO_BACKUP_OLD_KEYS = []
    with pytest.raises(BackupError):
        _open(sealed, "lao_cai")
