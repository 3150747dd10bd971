"""Input fields with Vietnamese messages, bounded so that no value reaches the database unchecked
(an id past bigint, a NUL byte, a string longer than its column)."""

import re
from datetime import date
from typing import Any

from django.core.validators import ProhibitNullCharactersValidator
from rest_framework import serializers

from core.base.dates import DATE_MAX, DATE_MIN, DATE_OUT_OF_RANGE

# Ids are bigint in the database; anything larger cannot name a row.
MAX_ID = 2**63 - 1
MAX_VERSION = 2**31 - 1

REQUIRED = "Trường này là bắt buộc."
NULL = "Trường này không được để trống."
NUL_CHARACTER = "Không được chứa ký tự NUL (\\x00)."
NOT_AN_OBJECT = "Dữ liệu gửi lên phải là một đối tượng JSON."


class InputSerializer(serializers.Serializer):
    default_error_messages = {"invalid": NOT_AN_OBJECT}


def id_field(what: str, /, **kwargs: Any) -> serializers.IntegerField:
    message = f"{what} phải là một số nguyên dương."
    kwargs.setdefault("help_text", what)
    return serializers.IntegerField(
        min_value=1, max_value=MAX_ID,
        error_messages={"invalid": message, "min_value": message, "max_value": message, "max_string_length": message,
                        "required": REQUIRED, "null": NULL},
        **kwargs,
    )


def version_field() -> serializers.IntegerField:
    message = "Phiên bản phải là một số nguyên dương (expected_version: phiên bản bạn đã đọc)."
    return serializers.IntegerField(
        min_value=1, max_value=MAX_VERSION,
        help_text="Phiên bản của đề nghị mà bạn đã đọc; lưu bị từ chối (409) nếu người khác đã lưu trước.",
        error_messages={"invalid": message, "min_value": message, "max_value": message, "max_string_length": message,
                        "required": "Cần gửi expected_version (phiên bản của đề nghị mà bạn đã đọc).",
                        "null": NULL},
    )


DATE_ERRORS: dict[str, Any] = {"invalid": "Ngày phải có dạng YYYY-MM-DD, ví dụ 2026-04-30.", "datetime": "Chỉ nhập ngày (YYYY-MM-DD), không kèm giờ.",
               "required": REQUIRED, "null": NULL}




_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class BoundedDateField(serializers.DateField):
    """A date between 1900 and 2100 (core.base.dates); a 400 naming the field otherwise (before
    this bound, a deadline for 9999-12-31 was a 500)."""

    default_error_messages = {**serializers.DateField.default_error_messages, "out_of_range": DATE_OUT_OF_RANGE}

    def to_internal_value(self, value: Any) -> date:
        # Only YYYY-MM-DD, as documented (DRF alone also takes 2026-4-1, 20260401, 2026-W01-1).
        if isinstance(value, str) and not _ISO_DAY.fullmatch(value):
            self.fail("invalid", format="YYYY-MM-DD")
        parsed = super().to_internal_value(value)
        if not DATE_MIN <= parsed <= DATE_MAX:
            self.fail("out_of_range")
        return parsed


def date_field(**kwargs: Any) -> serializers.DateField:
    kwargs["error_messages"] = {**DATE_ERRORS, **kwargs.get("error_messages", {})}
    return BoundedDateField(**kwargs)


class TextField(serializers.CharField):
    """A CharField whose every message is Vietnamese."""

    def __init__(self, max_length: int, **kwargs: Any):
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"] = {
            "invalid": "Phải là một chuỗi ký tự.",
            "required": REQUIRED, "null": NULL, "blank": NULL,
            "max_length": f"Tối đa {max_length} ký tự.",
            **kwargs["error_messages"],
        }
        super().__init__(max_length=max_length, **kwargs)
        self.validators = [
            ProhibitNullCharactersValidator(message=NUL_CHARACTER)
            if isinstance(v, ProhibitNullCharactersValidator) else v
            for v in self.validators
        ]

    def to_internal_value(self, data: Any) -> str:
        # A string, as documented: DRF alone would take 0 or 1.5 and store "0", "1.5".
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


def choice_field(choices: Any, label: str, **kwargs: Any) -> serializers.ChoiceField:
    values = [value for value, _ in choices] if choices and isinstance(choices[0], tuple) else list(choices)
    return serializers.ChoiceField(
        choices=choices, help_text=label,
        error_messages={"invalid_choice": f"{label} “{{input}}” không có; chọn một trong: {', '.join(values)}.",
                        "required": REQUIRED, "null": NULL},
        **kwargs,
    )


def bool_field(**kwargs: Any) -> serializers.BooleanField:
    return serializers.BooleanField(error_messages={"invalid": "Phải là true hoặc false."}, **kwargs)
