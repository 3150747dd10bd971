"""Model fields whose values are sealed at rest with the province's data key (core.base.sealed).

A sealed field keeps its Python type and validation (a date stays a date, a code keeps its
length limit); only its column is `text` holding the sealed value. It cannot be filtered or
sorted on in SQL (every sealing is different): statistics group by a `KeyedDigestField` kept
beside the category instead. The key is the one of the connection's schema: a value read in
another province's schema does not open.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cached_property
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection as default_connection
from django.db import models

from core.base.sealed import is_sealed, keyed_digest, seal, unseal


def schema_of(connection: Any) -> str:
    """The province whose key seals values on `connection`: its schema, or (for the read
    replica, whose search path follows the primary's) the primary connection's."""
    name = getattr(connection, "schema_name", None)
    if not name or name == "public":
        name = getattr(default_connection, "schema_name", None) or "public"
    return str(name)


class SealedMixin:
    """Seal on the way to the database, open on the way back. A value stored before sealing
    (plain text, as `data_keys_rotate` finds it) is read as it is until it is sealed."""

    def db_type(self, connection: Any) -> str:
        return "text"

    def db_check(self, connection: Any) -> None:
        # A positive-integer check would compare the sealed text with 0.
        return None

    def seal_context(self) -> str:
        return f"{self.model._meta.db_table}.{self.column}"  # type: ignore[attr-defined]

    def plain_text(self, value: Any) -> str:
        return value.isoformat() if isinstance(value, date) else str(value)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if not prepared:
            value = self.get_prep_value(value)  # type: ignore[attr-defined]
        if value is None:
            return None
        return seal(self.plain_text(value), schema=schema_of(connection), context=self.seal_context())

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        if is_sealed(value):
            value = unseal(value, schema=schema_of(connection), context=self.seal_context())
        return self.to_python(value)  # type: ignore[attr-defined]


class SealedCharField(SealedMixin, models.CharField):
    pass


class SealedTextField(SealedMixin, models.TextField):
    pass


class SealedDateField(SealedMixin, models.DateField):
    pass


class SealedPositiveSmallIntegerField(SealedMixin, models.PositiveSmallIntegerField):
    def get_internal_type(self) -> str:
        # Text to the schema editor, which otherwise keeps the "column >= 0" check of a
        # positive integer on the sealed text column.
        return "TextField"

    @cached_property
    def validators(self) -> list[Any]:
        # The bounds a positive small integer has, read without the (text) internal type.
        own = list(getattr(self, "_validators", []))
        return [*self.default_validators, *own, MinValueValidator(0), MaxValueValidator(32767)]


class SealedJSONField(SealedMixin, models.JSONField):
    """A whole JSON document sealed (a change's values, a dossier version's snapshot)."""

    def plain_text(self, value: Any) -> str:
        return json.dumps(value, cls=self.encoder, ensure_ascii=False)

    def get_db_prep_save(self, value: Any, connection: Any) -> Any:
        return self.get_db_prep_value(value, connection, prepared=False)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        if is_sealed(value):
            value = unseal(value, schema=schema_of(connection), context=self.seal_context())
        return json.loads(value, cls=self.decoder)


class KeyedDigestField(models.CharField):
    """The province's keyed digest of another field (`source`), set on every save and bulk
    create: statistics group people by it without reading the sealed value."""

    def __init__(self, *args: Any, source: str, **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = keyed_digest(str(getattr(model_instance, self.source) or ""),
                             schema=schema_of(default_connection), context=self.source)
        setattr(model_instance, self.attname, value)
        return value
