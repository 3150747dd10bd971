"""The API of statistics and scheduled reports (/api/v1/statistics/…, /api/v1/scheduled-reports/…).
Same selectors and services as the pages; refusals in the API's one error shape."""

from datetime import date
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from api.v1.common.fields import InputSerializer, TextField, choice_field, date_field, id_field
from api.v1.common.serializers import MessageSerializer
from api.v1.common.views import CoreAPIView
from core.base.errors import NotFoundError, PermissionDeniedError, StateError
from core.permissions import account_is_doha_admin
from core.reports import services
from core.reports.documents import (
    PDF_TYPE,
    XLSX_TYPE,
    Document,
    pdf_render,
    report_document,
    statistics_document,
    xlsx_render,
)
from core.reports.models import ReportState, ScheduledReport
from core.reports.selectors.scheduled import (
    report_get_for_user,
    report_list_for_user,
    report_overdue_list_for_user,
    report_title,
)
from core.reports.selectors.statistics import changes_for_user, changes_of, statistics_for_user

NOT_DRAFTED = "Báo cáo chưa được lập: hãy lập dự thảo trước khi tải về."
KINDS = {"xlsx": XLSX_TYPE, "pdf": PDF_TYPE}

# --- inputs ------------------------------------------------------------------------------------


class StatisticsQuery(InputSerializer):
    unit = id_field("Mã cơ quan, đơn vị (mặc định: phạm vi rộng nhất của bạn)", required=False)
    on = date_field(required=False, help_text="Số liệu tại ngày (YYYY-MM-DD); mặc định hôm nay")


class ChangesQuery(InputSerializer):
    unit = id_field("Mã cơ quan, đơn vị", required=False)
    period_from = date_field(help_text="Từ ngày (YYYY-MM-DD)")
    period_to = date_field(help_text="Đến ngày (YYYY-MM-DD), tính cả ngày này")


class ExportQuery(StatisticsQuery):
    period_from = date_field(required=False, help_text="Biến động từ ngày; mặc định 01/01 của năm")
    period_to = date_field(required=False, help_text="Biến động đến ngày; mặc định ngày số liệu")


class ReportListQuery(InputSerializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False,
                                    error_messages={"invalid": "Năm phải là số từ 2000 đến 2100.",
                                                    "min_value": "Năm phải là số từ 2000 đến 2100.",
                                                    "max_value": "Năm phải là số từ 2000 đến 2100."})
    state = choice_field(ReportState.choices, "Trạng thái", required=False)


class ScheduleInput(InputSerializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100,
                                    error_messages={"invalid": "Năm phải là số từ 2000 đến 2100."})


class RemarksInput(InputSerializer):
    remarks = TextField(services.REMARKS_MAX, allow_blank=True)


class SendInput(InputSerializer):
    reference = TextField(200, allow_blank=True, required=False, default="")


# --- outputs -----------------------------------------------------------------------------------


class CountRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # DRF's Field.label is the field's own caption
    count = serializers.IntegerField()


class BreakdownSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    total = serializers.IntegerField()
    rows = CountRowSerializer(many=True)


class StatisticsScopeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class StatisticsSerializer(serializers.Serializer):
    scope = StatisticsScopeSerializer()
    on = serializers.DateField()
    headcount = serializers.IntegerField()
    breakdowns = BreakdownSerializer(many=True)


class ChangesSerializer(serializers.Serializer):
    scope = StatisticsScopeSerializer()
    period_from = serializers.DateField()
    period_to = serializers.DateField()
    rows = CountRowSerializer(many=True)
    left = BreakdownSerializer()


class ScheduleResultSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    created = serializers.IntegerField(help_text="Số báo cáo mới được đưa vào theo dõi")


class ScheduledReportSerializer(serializers.ModelSerializer):
    title = serializers.SerializerMethodField()
    org_unit = StatisticsScopeSerializer()
    late = serializers.SerializerMethodField()
    drafted_by: Any = serializers.StringRelatedField(allow_null=True)
    signed_by: Any = serializers.StringRelatedField(allow_null=True)
    sent_by: Any = serializers.StringRelatedField(allow_null=True)
    digitally_signed = serializers.SerializerMethodField()

    class Meta:
        model = ScheduledReport
        fields = ["id", "code", "title", "org_unit", "recipient", "via", "period_from", "period_to", "due",
                  "contents", "citation", "state", "late", "figures_on", "remarks", "drafted_at", "drafted_by",
                  "signed_at", "signed_by", "digitally_signed", "sent_at", "sent_by", "sent_reference"]

    def get_title(self, report: ScheduledReport) -> str:
        return report_title(report)

    def get_late(self, report: ScheduledReport) -> bool:
        return report.is_late(timezone.localdate())

    def get_digitally_signed(self, report: ScheduledReport) -> bool:
        return bool(report.signature)


class ScheduledReportDetailSerializer(ScheduledReportSerializer):
    class Meta(ScheduledReportSerializer.Meta):
        fields = [*ScheduledReportSerializer.Meta.fields, "figures"]


# --- views -------------------------------------------------------------------------------------


class StatisticsView(CoreAPIView):
    @extend_schema(summary="Thống kê số lượng, cơ cấu của một đơn vị, cây con hoặc cả tỉnh tại một ngày",
                   parameters=[StatisticsQuery], responses={200: StatisticsSerializer, 400: MessageSerializer,
                                                            404: MessageSerializer})
    def get(self, request: Request) -> Response:
        params = self.query(StatisticsQuery)
        stats = statistics_for_user(user=self.account, org_unit_id=params.get("unit"), on=params.get("on"))
        return Response(StatisticsSerializer(stats).data)


class ChangesView(CoreAPIView):
    @extend_schema(summary="Biến động trong kỳ: tiếp nhận, thôi công tác, nâng ngạch, nâng bậc, bổ nhiệm",
                   parameters=[ChangesQuery], responses={200: ChangesSerializer, 400: MessageSerializer,
                                                         404: MessageSerializer})
    def get(self, request: Request) -> Response:
        params = self.query(ChangesQuery)
        changes = changes_for_user(user=self.account, org_unit_id=params.get("unit"),
                                   period_from=params["period_from"], period_to=params["period_to"])
        return Response(ChangesSerializer(changes).data)


class StatisticsExportView(CoreAPIView):
    @extend_schema(summary="Tải thống kê dạng XLSX hoặc PDF (kind: xlsx | pdf)", parameters=[ExportQuery],
                   responses={(200, XLSX_TYPE): bytes, (200, PDF_TYPE): bytes, 404: MessageSerializer})
    def get(self, request: Request, kind: str) -> HttpResponse:
        params = self.query(ExportQuery)
        stats = statistics_for_user(user=self.account, org_unit_id=params.get("unit"), on=params.get("on"))
        end = params.get("period_to") or stats.on
        start = params.get("period_from") or date(end.year, 1, 1)
        changes = changes_of(scope=stats.scope, period_from=start, period_to=end)
        return _file(statistics_document(stats, changes), kind)


class ScheduledReportListView(CoreAPIView):
    @extend_schema(summary="Báo cáo định kỳ trong phạm vi của bạn", parameters=[ReportListQuery],
                   responses={200: ScheduledReportSerializer(many=True), 400: MessageSerializer})
    def get(self, request: Request) -> Response:
        params = self.query(ReportListQuery)
        reports = report_list_for_user(user=self.account, year=params.get("year"), state=params.get("state", ""))
        return self.page(reports, ScheduledReportSerializer)


class ScheduledReportOverdueView(CoreAPIView):
    @extend_schema(summary="Báo cáo quá hạn chưa gửi (cho bảng điều khiển)",
                   responses={200: ScheduledReportSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return self.page(report_overdue_list_for_user(user=self.account), ScheduledReportSerializer)


class ScheduleView(CoreAPIView):
    @extend_schema(summary="Lập lịch báo cáo của một năm theo quy chế (Sở Nội vụ)", request=ScheduleInput,
                   responses={200: ScheduleResultSerializer, 400: MessageSerializer, 403: MessageSerializer})
    def post(self, request: Request) -> Response:
        data = self.valid(ScheduleInput, request.data)
        if not account_is_doha_admin(self.account):
            raise PermissionDeniedError("Chỉ quản trị Sở Nội vụ lập lịch báo cáo của tỉnh.")
        created = services.report_schedule_ensure(year=data["year"], acting_user=self.account)
        return Response(ScheduleResultSerializer({"year": data["year"], "created": created}).data)


class ScheduledReportDetailView(CoreAPIView):
    @extend_schema(summary="Một báo cáo định kỳ, với số liệu đã lập",
                   responses={200: ScheduledReportDetailSerializer, 404: MessageSerializer})
    def get(self, request: Request, pk: int) -> Response:
        report = report_get_for_user(user=self.account, report_id=pk)
        return Response(ScheduledReportDetailSerializer(report).data)


class _ReportActionView(CoreAPIView):
    input_serializer: type[serializers.Serializer] | None = None

    def act(self, report: ScheduledReport, data: dict[str, Any]) -> ScheduledReport:
        raise NotImplementedError

    def post(self, request: Request, pk: int) -> Response:
        report = report_get_for_user(user=self.account, report_id=pk)
        data = self.valid(self.input_serializer, request.data) if self.input_serializer else {}
        report = self.act(report, data)
        return Response(ScheduledReportDetailSerializer(report_get_for_user(user=self.account, report_id=report.pk)).data)


class DraftView(_ReportActionView):
    @extend_schema(summary="Lập (hoặc cập nhật) dự thảo với số liệu mới nhất", request=None,
                   responses={200: ScheduledReportDetailSerializer, 400: MessageSerializer, 404: MessageSerializer})
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, report: ScheduledReport, data: dict[str, Any]) -> ScheduledReport:
        return services.report_draft(acting_user=self.account, report=report)


class RemarksView(_ReportActionView):
    input_serializer = RemarksInput

    @extend_schema(summary="Ghi ý kiến, khó khăn, vướng mắc, đề xuất", request=RemarksInput,
                   responses={200: ScheduledReportDetailSerializer, 400: MessageSerializer, 404: MessageSerializer})
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, report: ScheduledReport, data: dict[str, Any]) -> ScheduledReport:
        return services.report_remarks_update(acting_user=self.account, report=report, remarks=data["remarks"])


class SignView(_ReportActionView):
    @extend_schema(summary="Ký báo cáo (ghi người ký, thời điểm; chữ ký số nếu có)", request=None,
                   responses={200: ScheduledReportDetailSerializer, 400: MessageSerializer, 404: MessageSerializer})
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, report: ScheduledReport, data: dict[str, Any]) -> ScheduledReport:
        return services.report_sign(acting_user=self.account, report=report)


class SendView(_ReportActionView):
    input_serializer = SendInput

    @extend_schema(summary="Đánh dấu báo cáo đã gửi", request=SendInput,
                   responses={200: ScheduledReportDetailSerializer, 400: MessageSerializer, 404: MessageSerializer})
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, report: ScheduledReport, data: dict[str, Any]) -> ScheduledReport:
        return services.report_send(acting_user=self.account, report=report, reference=data.get("reference", ""))


class ScheduledReportExportView(CoreAPIView):
    @extend_schema(summary="Tải báo cáo đã lập dạng XLSX hoặc PDF (kind: xlsx | pdf)",
                   responses={(200, XLSX_TYPE): bytes, (200, PDF_TYPE): bytes, 400: MessageSerializer,
                              404: MessageSerializer, 409: MessageSerializer})
    def get(self, request: Request, pk: int, kind: str) -> HttpResponse:
        report = report_get_for_user(user=self.account, report_id=pk)
        if report.state == ReportState.PENDING:
            raise StateError(NOT_DRAFTED, code="report_pending")
        return _file(report_document(report), kind)


def _file(document: Document, kind: str) -> HttpResponse:
    if kind not in KINDS:
        raise NotFoundError("Không có định dạng này; chọn xlsx hoặc pdf.")
    body = xlsx_render(document) if kind == "xlsx" else pdf_render(document)
    response = HttpResponse(body, content_type=KINDS[kind])
    response["Content-Disposition"] = f'attachment; filename="{document.filename}.{kind}"'
    return response
