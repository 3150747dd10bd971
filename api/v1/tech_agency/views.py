"""The technical agency's API (Tuyên Quang Art. 11.9, Lào Cai Art. 16.7 and 17.4, Sơn La Art. 14.5
and 3.2): the same selectors and services as its pages, /ky-thuat/. The tech agency and the DoHA
admin only; anyone else gets the answer of a missing page."""

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.v1.common.fields import InputSerializer, TextField, choice_field, date_field
from api.v1.common.serializers import MessageSerializer
from api.v1.common.views import CoreAPIView
from core.tech_agency.models import CheckResult, CheckSubject, TechCheck
from core.tech_agency.selectors import (
    maintenance_notice_rule,
    tech_access_require,
    tech_check_list_for_user,
    tech_home_for_user,
)
from core.tech_agency.services import (
    MESSAGE_MAX,
    maintenance_announce,
    maintenance_withdraw,
    tech_check_record,
)

ERRORS: dict[int, Any] = {400: MessageSerializer, 404: MessageSerializer}


class TechCheckSerializer(serializers.ModelSerializer[TechCheck]):
    recorded_by = serializers.CharField(source="recorded_by.username")

    class Meta:
        model = TechCheck
        fields = ["id", "checked_on", "subjects", "result", "notes", "recorded_by", "recorded_at"]


class TechCheckInput(InputSerializer):
    checked_on = date_field(help_text="Ngày kiểm tra (không sau hôm nay)")
    subjects = serializers.ListField(child=choice_field(CheckSubject.choices, "Nội dung đã kiểm tra"), max_length=10,
                                     help_text="Nội dung đã kiểm tra")
    result = choice_field(CheckResult.choices, "Kết quả")
    notes = TextField(4000, required=False, allow_blank=True, default="")


class MaintenanceSerializer(serializers.Serializer):
    announced_at = serializers.DateTimeField(allow_null=True)
    starts_at = serializers.DateTimeField(allow_null=True)
    ends_at = serializers.DateTimeField(allow_null=True)
    message = serializers.CharField()
    notice_hours = serializers.IntegerField(help_text="Thông báo trước ít nhất (giờ), theo quy chế của tỉnh")


class MaintenanceInput(InputSerializer):
    starts_at = serializers.DateTimeField(help_text="Bắt đầu tạm dừng lúc")
    ends_at = serializers.DateTimeField(help_text="Dự kiến hoạt động lại lúc")
    message = TextField(MESSAGE_MAX, help_text="Nội dung thông báo cho người dùng")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        for name in ("starts_at", "ends_at"):
            if not 1900 <= attrs[name].year <= 2100:
                raise serializers.ValidationError({name: "Thời điểm phải trong khoảng năm 1900 đến 2100."})
        return attrs


class SyncHealthSerializer(serializers.Serializer):
    by_status = serializers.DictField(child=serializers.IntegerField(), help_text="Số gói đồng bộ theo trạng thái")
    oldest_waiting = serializers.DateTimeField(allow_null=True)
    last_accepted = serializers.DateTimeField(allow_null=True)


class TechHomeSerializer(serializers.Serializer):
    latest_backup_at = serializers.DateTimeField(allow_null=True)
    latest_backup_status = serializers.CharField(allow_null=True)
    latest_ok_at = serializers.DateTimeField(allow_null=True)
    latest_drill_at = serializers.DateTimeField(allow_null=True)
    latest_drill_ok = serializers.BooleanField(allow_null=True)
    backups_missing = serializers.ListField(child=serializers.CharField())
    sync = SyncHealthSerializer()
    maintenance = MaintenanceSerializer()


def _maintenance(province: Any, hours: int) -> dict[str, Any]:
    shown = province.maintenance_announced()
    return {"announced_at": province.maintenance_announced_at if shown else None,
            "starts_at": province.maintenance_starts_at if shown else None,
            "ends_at": province.maintenance_ends_at if shown else None,
            "message": province.maintenance_message if shown else "", "notice_hours": hours}


class TechHomeView(CoreAPIView):
    @extend_schema(summary="Cơ quan kỹ thuật: sao lưu, diễn tập khôi phục, đồng bộ CSDL quốc gia, bảo trì",
                   responses={200: TechHomeSerializer, 404: MessageSerializer})
    def get(self, request: Request) -> Response:
        home = tech_home_for_user(user=self.account, today=timezone.localdate())
        latest, ok, drill = home.latest_backup, home.latest_ok, home.latest_drill
        return Response(TechHomeSerializer({
            "latest_backup_at": latest.started_at if latest else None,
            "latest_backup_status": latest.status if latest else None,
            "latest_ok_at": ok.started_at if ok else None,
            "latest_drill_at": drill.drilled_at if drill else None,
            "latest_drill_ok": drill.drill_ok if drill else None,
            "backups_missing": home.plan.missing,
            "sync": {"by_status": dict(home.sync.by_status), "oldest_waiting": home.sync.oldest_waiting,
                     "last_accepted": home.sync.last_accepted},
            "maintenance": _maintenance(home.province, home.notice.hours),
        }).data)


class TechCheckListView(CoreAPIView):
    @extend_schema(summary="Các lần kiểm tra định kỳ lưu trữ, sao lưu", responses={200: TechCheckSerializer(many=True),
                                                                               404: MessageSerializer})
    def get(self, request: Request) -> Response:
        return self.page(tech_check_list_for_user(user=self.account), TechCheckSerializer)

    @extend_schema(summary="Ghi nhận một lần kiểm tra định kỳ", request=TechCheckInput,
                   responses={201: TechCheckSerializer, **ERRORS})
    def post(self, request: Request) -> Response:
        data = self.valid(TechCheckInput, request.data)
        check = tech_check_record(acting_user=self.account, checked_on=data["checked_on"],
                                  subjects=list(data["subjects"]), result=data["result"], notes=data["notes"])
        return Response(TechCheckSerializer(check).data, status=status.HTTP_201_CREATED)


class MaintenanceView(CoreAPIView):
    @extend_schema(summary="Lịch bảo trì đang thông báo", responses={200: MaintenanceSerializer, 404: MessageSerializer})
    def get(self, request: Request) -> Response:
        province = tech_access_require(user=self.account)
        hours = maintenance_notice_rule(as_of=timezone.localdate()).hours
        return Response(MaintenanceSerializer(_maintenance(province, hours)).data)

    @extend_schema(summary="Thông báo lịch bảo trì (trước ít nhất số giờ quy chế quy định)", request=MaintenanceInput,
                   responses={201: MaintenanceSerializer, **ERRORS})
    def post(self, request: Request) -> Response:
        data = self.valid(MaintenanceInput, request.data)
        maintenance_announce(acting_user=self.account, starts_at=data["starts_at"], ends_at=data["ends_at"],
                             message=data["message"])
        province = tech_access_require(user=self.account)
        province.refresh_from_db()
        hours = maintenance_notice_rule(as_of=timezone.localdate()).hours
        return Response(MaintenanceSerializer(_maintenance(province, hours)).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Rút thông báo bảo trì", request=None, responses={204: None, 404: MessageSerializer})
    def delete(self, request: Request) -> Response:
        maintenance_withdraw(acting_user=self.account)
        return Response(status=status.HTTP_204_NO_CONTENT)
