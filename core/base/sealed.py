"""Sensitive values and files sealed at rest with the province's data key (AES-256-GCM).

Each province's data key is derived with HKDF (core.base.keys) from HOSO_DATA_KEY and the
schema name; HOSO_DATA_OLD_KEYS lists former master secrets still accepted for opening until
`manage.py data_keys_rotate` has sealed everything again. Every sealed value names the key
that sealed it (an 8-byte key id), so rotation knows what is left to do and opening picks the
right key without trying each one.

    value  = "hx1:" base64url(key id (8) | nonce (12) | AES-GCM ciphertext with its tag)
    file   = b"HOSOFIL1" | key id (8) | nonce (12) | AES-GCM ciphertext with its tag

The associated data binds a value to its province and its column ("core_dossier.religion_code"),
so a value copied to another column or province does not open. Categories that statistics
group by also keep a keyed digest (HMAC-SHA256 with a per-province key, truncated): equal
values group together without the database ever holding the plain category.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from core.base.keys import hkdf, master_secrets

PREFIX = "hx1:"
FILE_MAGIC = b"HOSOFIL1"
_SALT = b"hoso.data.v1"
_KEY_ID, _NONCE = 8, 12
DIGEST_CHARS = 32


class SealError(Exception):
    """A sealed value or file that no key of this province opens (another province's, altered,
    or sealed under a master secret no longer configured)."""


@dataclass(frozen=True)
class DataKey:
    schema: str
    key_id: bytes
    aead: AESGCM
    digest_key: bytes


@lru_cache(maxsize=256)
def _derive(master: str, schema: str) -> DataKey:
    secret, name = master.encode(), schema.encode()
    return DataKey(
        schema=schema,
        key_id=hkdf(secret, salt=_SALT, info=b"key-id:" + name, length=_KEY_ID),
        aead=AESGCM(hkdf(secret, salt=_SALT, info=b"key:" + name, length=32)),
        digest_key=hkdf(secret, salt=_SALT, info=b"digest:" + name, length=32),
    )


def data_masters() -> list[str]:
    return master_secrets("HOSO_DATA_KEY", "HOSO_DATA_OLD_KEYS", purpose="encrypt personal data at rest")


def data_key(schema: str) -> DataKey:
    """The key that seals new values and files of `schema`."""
    return _derive(data_masters()[0], schema)


def data_keys(schema: str) -> dict[bytes, DataKey]:
    """Every key that may open a value of `schema`, by key id: the current one and the older ones."""
    keys = [_derive(master, schema) for master in data_masters()]
    return {key.key_id: key for key in reversed(keys)}


def _aad(schema: str, context: str) -> bytes:
    return f"hoso.data:{schema}:{context}".encode()


def seal(plain: str, *, schema: str, context: str) -> str:
    key = data_key(schema)
    nonce = os.urandom(_NONCE)
    sealed = key.aead.encrypt(nonce, plain.encode(), _aad(schema, context))
    return PREFIX + base64.urlsafe_b64encode(key.key_id + nonce + sealed).decode()


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def sealed_key_id(value: str) -> bytes:
    return base64.urlsafe_b64decode(value[len(PREFIX):])[:_KEY_ID]


def unseal(value: str, *, schema: str, context: str, keys: dict[bytes, DataKey] | None = None) -> str:
    """The plain text of a sealed value; SealError if no key of `schema` opens it. `keys`:
    the keys to try (default: the province's own, current and older)."""
    try:
        raw = base64.urlsafe_b64decode(value[len(PREFIX):])
    except ValueError:
        raise SealError("Giá trị mã hóa không đúng định dạng.") from None
    key = (keys if keys is not None else data_keys(schema)).get(raw[:_KEY_ID])
    if key is None or len(raw) < _KEY_ID + _NONCE + 16:
        raise SealError("Không có khóa của tỉnh này mở được giá trị.")
    try:
        return key.aead.decrypt(raw[_KEY_ID:_KEY_ID + _NONCE], raw[_KEY_ID + _NONCE:],
                                _aad(key.schema, context)).decode()
    except InvalidTag:
        raise SealError("Không giải mã được giá trị: sai khóa hoặc dữ liệu đã bị thay đổi.") from None


def seal_file(content: bytes, *, schema: str) -> bytes:
    key = data_key(schema)
    nonce = os.urandom(_NONCE)
    header = FILE_MAGIC + key.key_id
    return header + nonce + key.aead.encrypt(nonce, content, header + _aad(schema, "file"))


def is_sealed_file(content: bytes) -> bool:
    return content.startswith(FILE_MAGIC)


def sealed_file_key_id(content: bytes) -> bytes:
    return content[len(FILE_MAGIC):len(FILE_MAGIC) + _KEY_ID]


def unseal_file(content: bytes, *, schema: str, keys: dict[bytes, DataKey] | None = None) -> bytes:
    """A sealed file's content; a file stored before encryption (no header) as it is."""
    if not is_sealed_file(content):
        return content
    start = len(FILE_MAGIC)
    header, nonce = content[:start + _KEY_ID], content[start + _KEY_ID:start + _KEY_ID + _NONCE]
    key = (keys if keys is not None else data_keys(schema)).get(header[start:])
    if key is None:
        raise SealError("Không có khóa của tỉnh này mở được tệp.")
    try:
        return key.aead.decrypt(nonce, content[start + _KEY_ID + _NONCE:], header + _aad(key.schema, "file"))
    except InvalidTag:
        raise SealError("Không giải mã được tệp: sai khóa hoặc tệp đã bị thay đổi.") from None


def keyed_digest(value: str, *, schema: str, context: str) -> str:
    """A province's keyed digest of a category (equal values, equal digests); "" stays ""
    (no value) so that "not known" still groups as such."""
    if not value:
        return ""
    mac = hmac.new(data_key(schema).digest_key, f"{context}:{value}".encode(), hashlib.sha256)
    return mac.hexdigest()[:DIGEST_CHARS]
