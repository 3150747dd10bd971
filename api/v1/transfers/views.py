"""API of transfers, duties, notifications and the compliance table (/api/v1/…). The views
validate input and call the same services and selectors as the pages."""

from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.v1.common.fields import InputSerializer, TextField, choice_field, date_field, id_field
from api.v1.common.serializers import MessageSerializer, UnitRefSerializer
from api.v1.common.views import CoreAPIView
from core.models import Gender, Obligation, PersonCategory
from core.selectors.org_units import org_unit_get
from core.selectors.people import person_get_for_user
from core.transfers import export
from core.transfers.models import LeaveReason, StepAction, TransferKind
from core.transfers.selectors import (
    PROVINCE_ROW_LABEL,
    ComplianceRow,
    DutyState,
    compliance_table_for_user,
    duty_kind_label,
    duty_list_for_user,
    duty_state,
    notification_list_for_user,
    transfer_get_for_user,
    transfer_list_for_user,
)
from core.transfers.services.notifications import notification_read
from core.transfers.services.transfers import (
    Decision,
    transfer_next_steps,
    transfer_receive,
    transfer_start,
    transfer_step,
)

ERRORS = {400: MessageSerializer, 403: MessageSerializer, 404: MessageSerializer}


class DecisionInput(InputSerializer):
    decision_number = TextField(100)
    decision_date = date_field()
    signer = TextField(200)
    note = TextField(500, required=False, allow_blank=True, default="")


def _decision(params: dict[str, Any]) -> Decision:
    return Decision(number=params["decision_number"], date=params["decision_date"], signer=params["signer"],
                    note=params["note"])


class StartInput(DecisionInput):
    kind = choice_field([TransferKind.MOVE_WITHIN_UNIT, TransferKind.MOVE_TO_OTHER_UNIT, TransferKind.LEAVE], "Loại")
    person = id_field("Mã hồ sơ (person)")
    to_unit = id_field("Đơn vị tiếp nhận", required=False, allow_null=True, default=None)
    leave_reason = choice_field(LeaveReason.choices, "Lý do nghỉ", required=False, allow_blank=True, default="")
    position = TextField(200, required=False, allow_blank=True, default="")
    effective_on = date_field()


class ReceiveInput(DecisionInput):
    kind = choice_field([TransferKind.ARRIVAL_FROM_OUTSIDE, TransferKind.ARRIVAL_NO_SYNC], "Loại")
    to_unit = id_field("Đơn vị tiếp nhận")
    origin = TextField(300)
    national_id = TextField(12)
    full_name = TextField(200)
    gender = choice_field(Gender.choices, "Giới tính")
    category = choice_field(PersonCategory.choices, "Đối tượng")
    birth_date = date_field(required=False, allow_null=True, default=None)
    birth_year = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1900, max_value=2100)
    position = TextField(200, required=False, allow_blank=True, default="")
    effective_on = date_field()


class StepInput(DecisionInput):
    action = choice_field(StepAction.choices, "Bước")


class DutyQuery(InputSerializer):
    state = choice_field([*DutyState.LABELS, "all"], "Trạng thái", required=False, default=DutyState.OPEN)


class StepOut(serializers.Serializer):
    action = serializers.CharField()
    decision_number = serializers.CharField()
    decision_date = serializers.DateField()
    signer = serializers.CharField()
    has_file = serializers.SerializerMethodField()
    opened_duty = serializers.IntegerField(source="opened_duty_id", allow_null=True)
    closed_duty = serializers.IntegerField(source="closed_duty_id", allow_null=True)
    acted_at = serializers.DateTimeField()

    def get_has_file(self, step: Any) -> bool:
        return bool(step.file)


class TransferOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    state = serializers.CharField()
    person = serializers.IntegerField(source="person_id")
    person_name = serializers.CharField(source="person.full_name")
    from_unit = UnitRefSerializer(allow_null=True)
    to_unit = UnitRefSerializer(allow_null=True)
    origin = serializers.CharField()
    leave_reason = serializers.CharField()
    effective_on = serializers.DateField()
    next_steps = serializers.SerializerMethodField()

    def get_next_steps(self, transfer: Any) -> list[str]:
        return [str(a) for a in transfer_next_steps(transfer)]


class TransferDetailOut(TransferOut):
    steps = StepOut(many=True, source="steps.all")


class DutyOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.SerializerMethodField()
    person = serializers.IntegerField(source="person_id", allow_null=True,
                                      help_text="null: việc của đơn vị (báo cáo, phê duyệt, sao lưu)")
    person_name = serializers.CharField(source="person.full_name", allow_null=True)
    about = serializers.CharField(help_text="Người có hồ sơ, hoặc nội dung việc của đơn vị")
    org_unit = UnitRefSerializer(allow_null=True)
    event_date = serializers.DateField()
    due = serializers.DateField(allow_null=True, help_text="Hạn theo quy chế; null: quy chế không quy định")
    citation = serializers.CharField()
    state = serializers.SerializerMethodField(help_text="open, late hoặc done")
    done_at = serializers.DateTimeField(allow_null=True)

    def get_kind_label(self, duty: Obligation) -> str:
        return duty_kind_label(duty.kind)

    def get_state(self, duty: Obligation) -> str:
        return duty_state(duty, today=self.context.get("today"))


class NotificationOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField()
    link = serializers.CharField()
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)


class ComplianceKindOut(serializers.Serializer):
    kind = serializers.CharField()
    name = serializers.CharField()


class ComplianceUnitOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    open = serializers.DictField(child=serializers.IntegerField(), help_text="Việc đang mở (kể cả quá hạn), theo loại")
    late = serializers.DictField(child=serializers.IntegerField(), help_text="Việc quá hạn, theo loại")
    open_total = serializers.IntegerField()
    late_total = serializers.IntegerField()
    incomplete = serializers.IntegerField(
        help_text="Hồ sơ chưa đầy đủ (thiếu mục bắt buộc của mẫu sơ yếu lý lịch) của người đang công tác trong "
                  "đơn vị và các đơn vị trực thuộc, như trên trang tuân thủ")


class ComplianceOut(serializers.Serializer):
    today = serializers.DateField()
    kinds = ComplianceKindOut(many=True)
    units = ComplianceUnitOut(many=True)
    province = ComplianceUnitOut(allow_null=True, help_text="Việc của Sở Nội vụ đối với toàn tỉnh")


class TransferListView(CoreAPIView):
    @extend_schema(summary="Chuyển giao, tiếp nhận hồ sơ trong phạm vi của bạn", responses={200: TransferOut(many=True)})
    def get(self, request: Request) -> Response:
        return self.page(transfer_list_for_user(user=self.account), TransferOut)

    @extend_schema(summary="Ghi nhận quyết định điều chuyển, chuyển sang đơn vị khác hoặc nghỉ",
                   request=StartInput, responses={201: TransferDetailOut, **ERRORS})
    def post(self, request: Request) -> Response:
        params = self.valid(StartInput, request.data)
        person = person_get_for_user(user=self.account, person_id=params["person"], purpose="transfer")
        to_unit = org_unit_get(org_unit_id=params["to_unit"]) if params["to_unit"] else None
        transfer = transfer_start(acting_user=self.account, kind=params["kind"], person=person, to_unit=to_unit,
                                  leave_reason=params["leave_reason"], position=params["position"],
                                  effective_on=params["effective_on"], decision=_decision(params))
        return Response(TransferDetailOut(transfer).data, status=status.HTTP_201_CREATED)


class TransferReceiveView(CoreAPIView):
    @extend_schema(summary="Tiếp nhận người chuyển đến (ngoài tỉnh, hoặc từ hệ thống không đồng bộ được)",
                   request=ReceiveInput, responses={201: TransferDetailOut, **ERRORS})
    def post(self, request: Request) -> Response:
        params = self.valid(ReceiveInput, request.data)
        received = transfer_receive(
            acting_user=self.account, kind=params["kind"], to_unit=org_unit_get(org_unit_id=params["to_unit"]),
            national_id=params["national_id"], full_name=params["full_name"], gender=params["gender"],
            category=params["category"], birth_date=params["birth_date"], birth_year=params["birth_year"],
            position=params["position"], origin=params["origin"], effective_on=params["effective_on"],
            decision=_decision(params))
        data = dict(TransferDetailOut(received.transfer).data)
        data["password"] = received.password  # shown once
        return Response(data, status=status.HTTP_201_CREATED)


class TransferDetailView(CoreAPIView):
    @extend_schema(summary="Một việc chuyển giao và các bước đã ghi nhận", responses={200: TransferDetailOut, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(TransferDetailOut(transfer_get_for_user(user=self.account, transfer_id=pk)).data)


class TransferStepView(CoreAPIView):
    @extend_schema(summary="Ghi nhận bước tiếp theo (bàn giao, tiếp nhận, đề nghị đồng bộ, lưu trữ…)",
                   request=StepInput, responses={200: TransferDetailOut, **ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        params = self.valid(StepInput, request.data)
        transfer = transfer_get_for_user(user=self.account, transfer_id=pk)
        transfer = transfer_step(acting_user=self.account, transfer=transfer, action=params["action"],
                                 decision=_decision(params))
        return Response(TransferDetailOut(transfer).data)


class DutyListView(CoreAPIView):
    @extend_schema(summary="Mọi việc có thời hạn bạn phải làm: của bạn và của đơn vị bạn phụ trách",
                   parameters=[DutyQuery], responses={200: DutyOut(many=True), 400: MessageSerializer})
    def get(self, request: Request) -> Response:
        params = self.query(DutyQuery)
        today = timezone.localdate()
        rows = self.paginate_queryset(duty_list_for_user(user=self.account, state=params["state"], today=today))
        return self.get_paginated_response(DutyOut(rows, many=True, context={"today": today}).data)


class NotificationListView(CoreAPIView):
    @extend_schema(summary="Thông báo của bạn, mới nhất trước", responses={200: NotificationOut(many=True)})
    def get(self, request: Request) -> Response:
        return self.page(notification_list_for_user(user=self.account), NotificationOut)


class NotificationReadView(CoreAPIView):
    @extend_schema(summary="Đánh dấu đã đọc", request=None, responses={200: NotificationOut, **ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        return Response(NotificationOut(notification_read(acting_user=self.account, notification_id=pk)).data)


class ComplianceQuery(InputSerializer):
    export = choice_field(["csv", "xlsx"], "Tải về dạng (export)", required=False)


class ComplianceView(CoreAPIView):
    @extend_schema(summary="Sở Nội vụ: việc đang mở và quá hạn theo đơn vị và loại; ?export=csv|xlsx để tải về",
                   parameters=[ComplianceQuery],
                   responses={(200, "application/json"): ComplianceOut, (200, "text/csv"): bytes,
                              (200, export.XLSX_CONTENT_TYPE): bytes, 404: MessageSerializer})
    def get(self, request: Request) -> Response | HttpResponse:
        wanted = self.query(ComplianceQuery).get("export", "")
        table = compliance_table_for_user(user=self.account)
        if wanted == "csv" or (wanted == "xlsx" and export.xlsx_available()):
            content, kind = ((export.compliance_csv(table), export.CSV_CONTENT_TYPE) if wanted == "csv"
                             else (export.compliance_xlsx(table), export.XLSX_CONTENT_TYPE))
            response = HttpResponse(content, content_type=kind)
            response["Content-Disposition"] = f'attachment; filename="tuan-thu-{table.today}.{wanted}"'
            return response
        return Response(ComplianceOut({
            "today": table.today,
            "kinds": [{"kind": k, "name": label} for k, label in table.kinds],
            "units": [_unit_counts(r, r.unit.name) for r in table.rows],
            "province": _unit_counts(table.province, PROVINCE_ROW_LABEL) if table.province is not None else None,
        }).data)


def _unit_counts(row: ComplianceRow, name: str) -> dict[str, Any]:
    return {"id": row.unit.pk, "name": name, "open": row.open, "late": row.late, "open_total": row.open_total,
            "late_total": row.late_total, "incomplete": row.incomplete}
