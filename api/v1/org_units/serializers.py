"""The organisation's answers that name former units: who a unit was formerly, what an old code names."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.v1.common import serializers as s
from api.v1.common.fields import InputSerializer


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


class CodeQuerySerializer(InputSerializer):
    code = serializers.CharField(label="Mã định danh điện tử", max_length=20,
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
