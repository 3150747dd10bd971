"""A province's rules (`RuleSet`) and what applies once the baseline fills its gaps.

Tuyên Quang's Art. 1.2 says it outright and the other texts imply it: whatever a
province's regulation leaves out, the national baseline (Thông tư 06/2023/TT-BNV) governs.
`RuleSet.resolve` applies exactly that, and every resolved value says where it came from.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from rules.domain.registry import RULE_SPECS, RuleKey, rule_key
from rules.domain.types import JSON, Citation, read_fields

Source = Literal["province", "baseline"]


def encode_value(value: object) -> object:
    """JSON form of any rule value: value objects by `to_dict`, tuples as lists."""
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    if isinstance(value, tuple | list):
        return [encode_value(item) for item in value]
    return value


def _freeze(value: object) -> object:
    """Lists become tuples so that a decoded value equals the one encoded."""
    return tuple(value) if isinstance(value, list) else value


def _citation_from(raw: object) -> Citation | None:
    return None if raw is None else Citation.from_dict(raw)


@dataclass(frozen=True)
class RuleValue:
    """One rule's value and the article it comes from (None: the text sets nothing)."""

    value: object
    citation: Citation | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", _freeze(self.value))

    def to_dict(self) -> JSON:
        citation = self.citation.to_dict() if self.citation else None
        return {"value": encode_value(self.value), "citation": citation}

    @classmethod
    def from_dict(cls, data: object, key: RuleKey) -> RuleValue:
        """Reading a value back needs its key: the key says what kind of value it is."""
        fields = read_fields(data, ("value",), ("citation",))
        value = RULE_SPECS[key].decode(fields["value"])
        return cls(value, _citation_from(fields.get("citation")))

    def errors(self, key: RuleKey) -> dict[str, str]:
        errors = RULE_SPECS[key].errors(self.value)
        if self.citation is not None:
            errors.update({f"citation.{name}": msg for name, msg in self.citation.errors().items()})
        return errors


def _keyed(entries: Mapping[Any, object]) -> dict[RuleKey, Any]:
    """Keys in registry order, whatever order they came in: equal sets compare equal."""
    by_key = {rule_key(str(raw)): value for raw, value in entries.items()}
    return {key: by_key[key] for key in RULE_SPECS if key in by_key}


@dataclass(frozen=True)
class RuleSet(Mapping[RuleKey, RuleValue]):
    """The values one document sets, by key. A key left out means "the text is silent"."""

    entries: Mapping[RuleKey, RuleValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        keyed = _keyed(self.entries)
        for key, value in keyed.items():
            if not isinstance(value, RuleValue):
                raise TypeError(f"{key}: expected a RuleValue, got {type(value).__name__}")
        object.__setattr__(self, "entries", MappingProxyType(keyed))

    def __getitem__(self, key: RuleKey) -> RuleValue:
        return self.entries[key]

    def __iter__(self) -> Iterator[RuleKey]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def with_value(self, key: RuleKey, value: RuleValue) -> RuleSet:
        """A copy with one rule replaced: rule sets are never changed in place."""
        return RuleSet({**self.entries, key: value})

    def without(self, key: RuleKey) -> RuleSet:
        return RuleSet({k: v for k, v in self.entries.items() if k != key})

    def errors(self) -> dict[str, dict[str, str]]:
        """Vietnamese messages per rule key, then per field; empty when every value is valid."""
        found = {str(key): value.errors(key) for key, value in self.entries.items()}
        return {key: messages for key, messages in found.items() if messages}

    def resolve(self, baseline: RuleSet) -> EffectiveRuleSet:
        """Every registered rule, each taken from this set unless it is absent or None.

        A gap takes the baseline's value (source "baseline"), even when the baseline has
        nothing either: then the rule applies with no value and no citation.
        """
        return EffectiveRuleSet({key: self._effective(key, baseline) for key in RULE_SPECS})

    def _effective(self, key: RuleKey, baseline: RuleSet) -> EffectiveValue:
        own = self.entries.get(key)
        if own is not None and own.value is not None:
            return EffectiveValue(own.value, own.citation, "province")
        fallback = baseline.get(key) or RuleValue(None)
        return EffectiveValue(fallback.value, fallback.citation, "baseline")

    def to_dict(self) -> JSON:
        return {str(key): value.to_dict() for key, value in self.entries.items()}

    @classmethod
    def from_dict(cls, data: object) -> RuleSet:
        if not isinstance(data, dict):
            raise ValueError("Bộ quy tắc phải là một đối tượng JSON.")
        entries = {rule_key(raw): raw_value for raw, raw_value in data.items()}
        return cls({key: RuleValue.from_dict(raw_value, key) for key, raw_value in entries.items()})


@dataclass(frozen=True)
class EffectiveValue:
    value: object
    citation: Citation | None
    source: Source

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", _freeze(self.value))

    def to_dict(self) -> JSON:
        return {**RuleValue(self.value, self.citation).to_dict(), "source": self.source}

    @classmethod
    def from_dict(cls, data: object, key: RuleKey) -> EffectiveValue:
        fields = read_fields(data, ("value", "citation", "source"))
        if fields["source"] not in ("province", "baseline"):
            raise ValueError("Nguồn phải là “province” hoặc “baseline”.")
        own = RuleValue.from_dict({"value": fields["value"], "citation": fields["citation"]}, key)
        return cls(own.value, own.citation, fields["source"])


@dataclass(frozen=True)
class EffectiveRuleSet(Mapping[RuleKey, EffectiveValue]):
    """The rules that apply: every registered key present, each with its source."""

    entries: Mapping[RuleKey, EffectiveValue]

    def __post_init__(self) -> None:
        keyed = _keyed(self.entries)
        missing = [str(key) for key in RULE_SPECS if key not in keyed]
        if missing:
            raise ValueError(f"Thiếu quy tắc: {', '.join(missing)}.")
        object.__setattr__(self, "entries", MappingProxyType(keyed))

    def __getitem__(self, key: RuleKey) -> EffectiveValue:
        return self.entries[key]

    def __iter__(self) -> Iterator[RuleKey]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def value(self, key: RuleKey) -> object:
        return self.entries[key].value

    def to_dict(self) -> JSON:
        return {str(key): value.to_dict() for key, value in self.entries.items()}

    @classmethod
    def from_dict(cls, data: object) -> EffectiveRuleSet:
        if not isinstance(data, dict):
            raise ValueError("Bộ quy tắc phải là một đối tượng JSON.")
        entries = {rule_key(raw): raw_value for raw, raw_value in data.items()}
        return cls(
            {key: EffectiveValue.from_dict(raw_value, key) for key, raw_value in entries.items()}
        )
