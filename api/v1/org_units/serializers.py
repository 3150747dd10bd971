"""The organisation's answers that name former units: who a unit was formerly, what an old code names."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.v1.common import serializers as s
from api.v1.common.fields import NULL, REQUIRED, InputSerializer
from api.v1.common.schema import ELECTRONIC_CODE_PATTERN
from core.validators import electronic_code_errors


class FormerUnitSerializer(serializers.Serializer):
    """A unit that ended into another: its last name and code, its last day, who took it over."""

    id = serializers.IntegerField(source="org_unit.pk")
    name = serializers.CharField()
    electronic_code = serializers.CharField()
    last_day = serializers.DateField(allow_null=True)
    change = serializers.CharField(source="org_unit.end_change")
    change_label = serializers.CharField(source="org_unit.get_end_change_display")
    decision = serializers.CharField(source="org_unit.end_decision")
    successor = s.UnitRefSerializer(allow_null=True)


class OrgUnitDetailFormerlySerializer(s.OrgUnitDetailSerializer):
    formerly = serializers.SerializerMethodField(
        help_text="Các đơn vị đã kết thúc vào đơn vị này (sáp nhập, chia tách), trực tiếp hay qua đơn vị khác")

    @extend_schema_field(FormerUnitSerializer(many=True))
    def get_formerly(self, unit: Any) -> Any:
        return FormerUnitSerializer(self.context["formerly"], many=True).data


@extend_schema_field({"type": "string", "pattern": ELECTRONIC_CODE_PATTERN, "minLength": 13, "maxLength": 13})
class ElectronicCodeField(serializers.CharField):
    """LLL.KK.JJ.Xnn exactly as written (no spaces, a capital H or G), each level under a set one:
    core's rules, which the schema's pattern states whole (so that a code the schema allows is
    looked up, and one it refuses is a 400)."""

    def __init__(self, **kwargs: Any):
        shape = "Mã định danh điện tử phải có dạng LLL.KK.JJ.Xnn, ví dụ 000.00.00.H38."
        super().__init__(trim_whitespace=False, error_messages={
            "required": REQUIRED, "null": NULL, "blank": shape, "invalid": shape}, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        problems = electronic_code_errors(value)
        if problems:
            raise serializers.ValidationError(problems)
        return value


class CodeQuerySerializer(InputSerializer):
    code = ElectronicCodeField(label="Mã định danh điện tử",
                               help_text="Mã định danh điện tử hiện nay hay trước đây, dạng LLL.KK.JJ.Xnn")


class CurrentUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    electronic_code = serializers.CharField()
    active = serializers.BooleanField(source="is_active")


class MatchedUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="org_unit_id")
    name = serializers.CharField()
    electronic_code = serializers.CharField()
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(allow_null=True)


class CodeAnswerSerializer(serializers.Serializer):
    code = serializers.CharField()
    matched = MatchedUnitSerializer(source="version", help_text="Đơn vị mang mã này, ở trạng thái khi mang mã")
    chain = FormerUnitSerializer(many=True, help_text="Các lần kết thúc vào đơn vị khác, cũ trước")
    current = CurrentUnitSerializer(help_text="Đơn vị hiện nay tiếp nhận")
