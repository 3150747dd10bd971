"""Each province's backup key, and streaming AES-256-GCM encryption of a backup file.

A province's key is derived with HKDF-SHA256 (core.base.keys, shared with the data at rest)
from the platform's master secret and the province's schema name, so no two provinces share a
key and a key never opens another province's file. The file format (all integers big-endian):

    header  = b"HOSOBAK1" | key id (8 bytes) | nonce prefix (8 bytes) | len(schema) (1) | schema
    record  = ciphertext length (4) | AES-GCM ciphertext of one chunk, with its 16-byte tag

Chunk i is sealed with nonce = prefix | i (4 bytes) and associated data = header | i | final
flag, so records cannot be reordered, moved between files or provinces, or cut off at the end.
"""

from __future__ import annotations

import hashlib
import os
import struct
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from core.backups.errors import BackupError
from core.base.keys import hkdf
from core.base.keys import master_secrets as _master_secrets

MAGIC = b"HOSOBAK1"
CHUNK_SIZE = 1 << 20
_SALT = b"hoso.backups.v1"
_LENGTH = struct.Struct(">I")


@dataclass(frozen=True)
class ProvinceKey:
    schema: str
    key_id: bytes  # 8 bytes, stored in the header: says which master secret sealed the file
    key: bytes  # 32 bytes, never stored


def _hkdf(master: bytes, info: bytes, length: int) -> bytes:
    return hkdf(master, salt=_SALT, info=info, length=length)


def derive_key(master: str, schema: str) -> ProvinceKey:
    secret = master.encode()
    return ProvinceKey(
        schema=schema,
        key_id=_hkdf(secret, b"key-id:" + schema.encode(), 8),
        key=_hkdf(secret, b"key:" + schema.encode(), 32),
    )


def master_secrets() -> list[str]:
    """The current master secret (HOSO_BACKUP_KEY) first, then older ones still accepted for
    decryption (HOSO_BACKUP_OLD_KEYS); see core.base.keys."""
    return _master_secrets("HOSO_BACKUP_KEY", "HOSO_BACKUP_OLD_KEYS", purpose="encrypt backups")


def province_key(schema: str) -> ProvinceKey:
    """The key that seals new backups of `schema`."""
    return derive_key(master_secrets()[0], schema)


def province_keys(schema: str) -> list[ProvinceKey]:
    """Every key that may open a backup of `schema`: the current one, then the older ones."""
    return [derive_key(master, schema) for master in master_secrets()]


def _header(key: ProvinceKey, prefix: bytes) -> bytes:
    name = key.schema.encode()
    return MAGIC + key.key_id + prefix + bytes([len(name)]) + name


def _aad(header: bytes, index: int, final: bool) -> bytes:
    return header + _LENGTH.pack(index) + (b"\x01" if final else b"\x00")


def encrypt_stream(source: BinaryIO, target: BinaryIO, *, key: ProvinceKey) -> str:
    """Seal `source` into `target`; answer the SHA-256 (hex) of everything written."""
    digest = hashlib.sha256()
    prefix = os.urandom(8)
    header = _header(key, prefix)
    aead = AESGCM(key.key)

    def write(data: bytes) -> None:
        digest.update(data)
        target.write(data)

    write(header)
    index = 0
    chunk = source.read(CHUNK_SIZE)
    while True:
        following = source.read(CHUNK_SIZE)
        final = not following
        sealed = aead.encrypt(prefix + _LENGTH.pack(index), chunk, _aad(header, index, final))
        write(_LENGTH.pack(len(sealed)) + sealed)
        if final:
            return digest.hexdigest()
        chunk, index = following, index + 1


def _read_header(source: BinaryIO) -> tuple[bytes, bytes, bytes, str]:
    fixed = source.read(len(MAGIC) + 8 + 8 + 1)
    if len(fixed) != len(MAGIC) + 17 or not fixed.startswith(MAGIC):
        raise BackupError("Tệp sao lưu không đúng định dạng.", code="backup_format")
    key_id, prefix, size = fixed[8:16], fixed[16:24], fixed[24]
    name = source.read(size)
    return fixed + name, key_id, prefix, name.decode(errors="replace")


def decrypt_stream(source: BinaryIO, target: BinaryIO, *, schema: str) -> None:
    """Open a backup of `schema`; refuse one sealed for another province or altered in any way."""
    header, key_id, prefix, sealed_for = _read_header(source)
    key = next((k for k in province_keys(schema) if k.key_id == key_id), None)
    if sealed_for != schema or key is None:
        raise BackupError("Tệp sao lưu không thuộc tỉnh này hoặc khóa không đúng.", code="backup_wrong_key")
    aead = AESGCM(key.key)
    index = 0
    record = _read_record(source)
    while record is not None:
        following = _read_record(source)
        try:
            chunk = aead.decrypt(prefix + _LENGTH.pack(index), record, _aad(header, index, following is None))
        except InvalidTag as error:
            raise BackupError("Không giải mã được tệp sao lưu: sai khóa hoặc tệp đã bị thay đổi.",
                              code="backup_wrong_key") from error
        target.write(chunk)
        record, index = following, index + 1
    if index == 0:
        raise BackupError("Tệp sao lưu không có dữ liệu.", code="backup_format")


def _read_record(source: BinaryIO) -> bytes | None:
    size = source.read(_LENGTH.size)
    if not size:
        return None
    record = source.read(_LENGTH.unpack(size)[0]) if len(size) == _LENGTH.size else b""
    if len(size) != _LENGTH.size or len(record) != _LENGTH.unpack(size)[0]:
        raise BackupError("Tệp sao lưu bị cắt cụt.", code="backup_format")
    return record
