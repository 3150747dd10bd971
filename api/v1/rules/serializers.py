from datetime import date
from typing import Any

from rest_framework import serializers

from api.v1.common.fields import BoundedDateField
from rules.domain.compute import EVENT_RULES

DEADLINE_EVENTS = tuple(EVENT_RULES)

YEAR_MIN, YEAR_MAX = 2000, 2100
# A working-day listing longer than this is a mistake, not a question.
MAX_RANGE_DAYS = 731


class YearQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        min_value=YEAR_MIN, max_value=YEAR_MAX,
        error_messages={"invalid": "Năm phải là một số, ví dụ 2026.", "required": "Cần tham số year (năm), ví dụ year=2026.",
                        "min_value": f"Năm phải từ {YEAR_MIN} đến {YEAR_MAX}.", "max_value": f"Năm phải từ {YEAR_MIN} đến {YEAR_MAX}."},
    )


_DATE_ERRORS: dict[str, Any] = {"invalid": "Ngày phải có dạng YYYY-MM-DD, ví dụ 2026-04-30.", "required": "Cần nhập ngày (YYYY-MM-DD)."}


class AsOfQuerySerializer(serializers.Serializer):
    as_of = BoundedDateField(required=False, error_messages=_DATE_ERRORS)


class DeadlineQuerySerializer(serializers.Serializer):
    event = serializers.ChoiceField(
        choices=list(DEADLINE_EVENTS),
        error_messages={"invalid_choice": "Sự kiện “{input}” không có; chọn một trong: " + ", ".join(DEADLINE_EVENTS) + ".",
                        "required": "Cần tham số event (loại sự kiện)."},
    )
    date = BoundedDateField(error_messages=_DATE_ERRORS)


class WorkingDaysQuerySerializer(serializers.Serializer):
    from_ = BoundedDateField(error_messages=_DATE_ERRORS)
    to = BoundedDateField(error_messages=_DATE_ERRORS)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields

    def validate(self, attrs: dict[str, date]) -> dict[str, date]:
        start, end = attrs["from"], attrs["to"]
        if end < start:
            raise serializers.ValidationError({"to": "Ngày kết thúc (to) phải sau hoặc bằng ngày bắt đầu (from)."})
        if (end - start).days > MAX_RANGE_DAYS:
            raise serializers.ValidationError({"to": f"Khoảng ngày tối đa {MAX_RANGE_DAYS} ngày."})
        return attrs


class RuleValueSetSerializer(serializers.Serializer):
    key = serializers.CharField()
    value = serializers.JSONField(allow_null=True)
    effective_from = BoundedDateField(error_messages=_DATE_ERRORS)
    document = serializers.CharField(allow_blank=True)
    article = serializers.CharField(allow_blank=True)
    document_effective = BoundedDateField(required=False, allow_null=True, error_messages=_DATE_ERRORS)
    note = serializers.CharField(required=False, allow_blank=True, default="")
