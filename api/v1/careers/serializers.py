from typing import Any

from rest_framework import serializers

from api.v1.common.fields import InputSerializer, TextField, date_field, id_field
from api.v1.common.views import MAX_OFFSET, Page


class RetirementQuerySerializer(serializers.Serializer):
    birth = date_field(help_text="Ngày sinh, YYYY-MM-DD, từ 1900 đến 2100", error_messages={
        "required": "Cần tham số birth (ngày sinh), dạng YYYY-MM-DD, ví dụ birth=1966-04-15.",
        "invalid": "Tham số birth (ngày sinh) phải có dạng YYYY-MM-DD, ví dụ birth=1966-04-15.",
        "null": "Cần tham số birth (ngày sinh), dạng YYYY-MM-DD, ví dụ birth=1966-04-15.",
        "out_of_range": "Tham số birth (ngày sinh) phải từ năm 1900 đến năm 2100.",
    })
    gender = serializers.ChoiceField(choices=["male", "female"], help_text="male (nam) hoặc female (nữ)", error_messages={
        "required": "Cần tham số gender (giới tính): male (nam) hoặc female (nữ).",
        "invalid_choice": "Tham số gender (giới tính) phải là male (nam) hoặc female (nữ).",
        "null": "Cần tham số gender (giới tính): male (nam) hoặc female (nữ).",
    })

    def first_error(self) -> str:
        errors: dict[str, Any] = dict(self.errors)
        for name in ("birth", "gender"):
            if name in errors:
                return str(errors[name][0])
        return "Tham số chưa hợp lệ."


# Query strings, read by api.v1.common.views.query_valid: each parameter exactly as the OpenAPI
# document describes it (built from these serializers), a label to gloss its name in a refusal.
def _unit() -> serializers.IntegerField:
    return id_field("Mã cơ quan, đơn vị", required=False, label="cơ quan, đơn vị")


class OnQuery(InputSerializer):
    on = date_field(required=False, label="ngày", help_text="YYYY-MM-DD; mặc định hôm nay")


def _limit() -> serializers.IntegerField:
    return serializers.IntegerField(required=False, min_value=1, max_value=Page.max_limit,
                                    help_text=Page.limit_query_description)


def _offset() -> serializers.IntegerField:
    return serializers.IntegerField(required=False, min_value=0, max_value=MAX_OFFSET,
                                    help_text=f"{Page.offset_query_description} (tối đa {MAX_OFFSET})")


class UnitQuery(InputSerializer):
    unit = _unit()


class PagedUnitQuery(UnitQuery):
    """A paged list's parameters as the schema shows them, with the bounds api.v1.common.views.Page
    enforces (a request outside them gets a 400 naming the parameter)."""

    limit = _limit()
    offset = _offset()


class OnUnitQuery(OnQuery):
    unit = _unit()


class SpanQuery(InputSerializer):
    """`from` and `to` (each defaulting to the list's own span), and `unit`."""

    from_ = date_field(required=False, label="từ ngày", help_text="YYYY-MM-DD; mặc định theo danh sách")
    to = date_field(required=False, label="đến ngày", help_text="YYYY-MM-DD, không trước from; mặc định theo danh sách")
    unit = _unit()

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        return {"from": fields.pop("from_"), **fields}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "from" in attrs and "to" in attrs and attrs["to"] < attrs["from"]:
            raise serializers.ValidationError({"to": [SPAN_REVERSED]})
        return attrs


SPAN_REVERSED = "Ngày kết thúc (to) trước ngày bắt đầu (from)."


class PagedSpanQuery(SpanQuery):
    """A paged span list's parameters as the schema shows them, with Page's bounds (PagedUnitQuery)."""

    limit = _limit()
    offset = _offset()


class YearQuery(InputSerializer):
    year = serializers.IntegerField(
        min_value=2000, max_value=2100, required=False, label="năm", help_text="Năm đánh giá; mặc định năm nay",
        error_messages={"invalid": "Năm phải là số từ 2000 đến 2100, ví dụ 2026.",
                        "min_value": "Năm phải là số từ 2000 đến 2100, ví dụ 2026.",
                        "max_value": "Năm phải là số từ 2000 đến 2100, ví dụ 2026.",
                        "max_string_length": "Năm phải là số từ 2000 đến 2100, ví dụ 2026."})


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
