from datetime import date
from typing import Any

from rest_framework import serializers

from api.v1.common.fields import InputSerializer, TextField, date_field, id_field
from core.base.dates import DATE_MAX, DATE_OUT_OF_RANGE

EARLIEST_BIRTH = date(1900, 1, 1)


class RetirementQuerySerializer(serializers.Serializer):
    birth = serializers.DateField(error_messages={
        "required": "Cần tham số birth (ngày sinh), dạng YYYY-MM-DD, ví dụ birth=1966-04-15.",
        "invalid": "Tham số birth (ngày sinh) phải có dạng YYYY-MM-DD, ví dụ birth=1966-04-15.",
        "null": "Cần tham số birth (ngày sinh), dạng YYYY-MM-DD, ví dụ birth=1966-04-15.",
    })
    gender = serializers.ChoiceField(choices=["male", "female"], error_messages={
        "required": "Cần tham số gender (giới tính): male (nam) hoặc female (nữ).",
        "invalid_choice": "Tham số gender (giới tính) phải là male (nam) hoặc female (nữ).",
        "null": "Cần tham số gender (giới tính): male (nam) hoặc female (nữ).",
    })

    def validate_birth(self, value: date) -> date:
        if value < EARLIEST_BIRTH:
            raise serializers.ValidationError("Tham số birth (ngày sinh) phải từ năm 1900 trở đi.")
        if value > DATE_MAX:
            raise serializers.ValidationError(f"Tham số birth (ngày sinh): {DATE_OUT_OF_RANGE}")
        return value

    def first_error(self) -> str:
        errors: dict[str, Any] = dict(self.errors)
        for name in ("birth", "gender"):
            if name in errors:
                return str(errors[name][0])
        return "Tham số chưa hợp lệ."


class PayQuerySerializer(serializers.Serializer):
    on = date_field(required=False)


class EarlyRaiseProposeSerializer(InputSerializer):
    person = id_field("person (mã người)")


class DecisionSerializer(InputSerializer):
    approve = serializers.BooleanField(error_messages={
        "invalid": "approve phải là true (quyết định nâng) hoặc false (không nâng).",
        "required": "Cần gửi approve: true (quyết định nâng) hoặc false (không nâng).",
        "null": "approve phải là true (quyết định nâng) hoặc false (không nâng)."})
    decision_number = TextField(max_length=100, required=False, allow_blank=True, default="")
    decision_date = date_field(required=False, allow_null=True, default=None)
    reason = TextField(max_length=300, required=False, allow_blank=True, default="")


class RoundOpenSerializer(InputSerializer):
    unit = id_field("unit (mã cơ quan, đơn vị)")
    year = serializers.IntegerField(min_value=2000, max_value=2100, error_messages={
        "invalid": "year phải là năm, ví dụ 2026.", "min_value": "year phải từ 2000 đến 2100.",
        "max_value": "year phải từ 2000 đến 2100.", "required": "Cần gửi year (năm đánh giá)."})


PERIOD = "Mỗi kỳ là [điểm tiêu chí chung, điểm kết quả]."


def period_field() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=100, error_messages={
            "invalid": "Điểm phải là số nguyên.", "min_value": "Điểm không được âm.", "max_value": "Điểm tối đa 100."}),
        min_length=2, max_length=2,
        error_messages={"min_length": PERIOD, "max_length": PERIOD, "not_a_list": PERIOD, "empty": PERIOD})


class EntrySerializer(InputSerializer):
    person = id_field("person (mã người)")
    periods = serializers.ListField(child=period_field(), required=False, max_length=12, error_messages={
        "not_a_list": "periods là danh sách các kỳ [điểm chung, điểm kết quả].",
        "max_length": "Tối đa 12 kỳ."})
    grade = TextField(max_length=20, required=False, allow_blank=True, default="")


class JobPositionSerializer(InputSerializer):
    code = TextField(max_length=30)
    start = date_field()
    decision = TextField(max_length=200, required=False, allow_blank=True, default="")
