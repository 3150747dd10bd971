"""A data subject's copy and requests (/api/v1/privacy/…), the same services as the pages."""

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from api.v1.common.serializers import MessageSerializer
from api.v1.common.views import CoreAPIView
from api.v1.privacy import serializers as s
from core.privacy.breaches import (
    BreachInput,
    breach_get,
    breach_list,
    breach_notice_docx,
    breach_notice_edit,
    breach_notified,
    breach_record,
)
from core.privacy.documents import data_subject_pdf
from core.privacy.selectors import (
    data_subject_export,
    privacy_request_list_mine,
    privacy_request_list_to_answer,
)
from core.privacy.services import privacy_request_answer, privacy_request_create


class MyDataView(CoreAPIView):
    @extend_schema(summary="Toàn bộ dữ liệu hệ thống lưu giữ về tôi, kèm nhật ký ai đã xem hồ sơ",
                   responses={200: s.PrivacyExportSerializer, 404: MessageSerializer})
    def get(self, request: Request) -> Response:
        return Response(data_subject_export(user=self.account))


class MyDataPdfView(CoreAPIView):
    @extend_schema(summary="Toàn bộ dữ liệu hệ thống lưu giữ về tôi (PDF)",
                   responses={(200, "application/pdf"): bytes, 404: MessageSerializer})
    def get(self, request: Request) -> HttpResponse:
        response = HttpResponse(data_subject_pdf(data_subject_export(user=self.account)),
                                content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="du-lieu-cua-toi.pdf"'
        return response


class RequestListView(CoreAPIView):
    @extend_schema(summary="Các yêu cầu tôi đã gửi", responses={200: s.PrivacyRequestSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return self.page(privacy_request_list_mine(user=self.account), s.PrivacyRequestSerializer)

    @extend_schema(summary="Gửi yêu cầu của chủ thể dữ liệu (được biết, chỉnh sửa, phản đối…)",
                   request=s.PrivacyRequestInput,
                   responses={201: s.PrivacyRequestSerializer, 400: MessageSerializer, 404: MessageSerializer})
    def post(self, request: Request) -> Response:
        data = self.valid(s.PrivacyRequestInput, request.data)
        made = privacy_request_create(acting_user=self.account, kind=data["kind"], detail=data["detail"])
        return Response(s.PrivacyRequestSerializer(made).data, status=status.HTTP_201_CREATED)


class RequestToAnswerListView(CoreAPIView):
    @extend_schema(summary="Yêu cầu của những người thuộc đơn vị tôi quản lý",
                   responses={200: s.PrivacyRequestSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return self.page(privacy_request_list_to_answer(user=self.account), s.PrivacyRequestSerializer)


class RequestAnswerView(CoreAPIView):
    @extend_schema(summary="Trả lời yêu cầu của chủ thể dữ liệu", request=s.PrivacyAnswerInput,
                   responses={200: s.PrivacyRequestSerializer, 400: MessageSerializer, 404: MessageSerializer})
    def post(self, request: Request, pk: int) -> Response:
        data = self.valid(s.PrivacyAnswerInput, request.data)
        answered = privacy_request_answer(acting_user=self.account, request_id=pk, answer=data["answer"],
                                          change_set_id=data.get("change_set"))
        return Response(s.PrivacyRequestSerializer(answered).data)


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class BreachListView(CoreAPIView):
    @extend_schema(summary="Sự cố dữ liệu cá nhân của tỉnh (quản trị Sở Nội vụ)",
                   responses={200: s.BreachSerializer(many=True), 403: MessageSerializer})
    def get(self, request: Request) -> Response:
        return self.page(breach_list(user=self.account), s.BreachSerializer)

    @extend_schema(summary="Ghi nhận sự cố; soạn thông báo gửi cơ quan chuyên trách, hạn theo quy chế",
                   request=s.BreachInputSerializer,
                   responses={201: s.BreachSerializer, 400: MessageSerializer, 403: MessageSerializer})
    def post(self, request: Request) -> Response:
        data = self.valid(s.BreachInputSerializer, request.data)
        incident = breach_record(acting_user=self.account, data=BreachInput(
            summary=data["summary"], discovered_at=data["discovered_at"], occurred_at=data.get("occurred_at"),
            data_kinds=data["data_kinds"], affected_count=data["affected_count"],
            national_ids=tuple(data["national_ids"]), measures=data["measures"]))
        return Response(s.BreachSerializer(incident).data, status=status.HTTP_201_CREATED)


class BreachDetailView(CoreAPIView):
    @extend_schema(summary="Một sự cố", responses={200: s.BreachSerializer, 403: MessageSerializer,
                                                  404: MessageSerializer})
    def get(self, request: Request, pk: int) -> Response:
        return Response(s.BreachSerializer(breach_get(user=self.account, incident_id=pk)).data)

    @extend_schema(summary="Sửa thông báo trước khi gửi", request=s.BreachNoticeInput,
                   responses={200: s.BreachSerializer, 400: MessageSerializer, 403: MessageSerializer,
                              404: MessageSerializer})
    def patch(self, request: Request, pk: int) -> Response:
        data = self.valid(s.BreachNoticeInput, request.data)
        return Response(s.BreachSerializer(
            breach_notice_edit(acting_user=self.account, incident_id=pk, notice=data["notice"])).data)


class BreachNotifiedView(CoreAPIView):
    @extend_schema(summary="Đã gửi thông báo cho cơ quan chuyên trách", request=None,
                   responses={200: s.BreachSerializer, 400: MessageSerializer, 403: MessageSerializer,
                              404: MessageSerializer})
    def post(self, request: Request, pk: int) -> Response:
        return Response(s.BreachSerializer(breach_notified(acting_user=self.account, incident_id=pk)).data)


class BreachNoticeDocxView(CoreAPIView):
    @extend_schema(summary="Thông báo (DOCX)", responses={(200, DOCX_TYPE): bytes, 403: MessageSerializer,
                                                          404: MessageSerializer})
    def get(self, request: Request, pk: int) -> HttpResponse:
        incident = breach_get(user=self.account, incident_id=pk)
        response = HttpResponse(breach_notice_docx(incident), content_type=DOCX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="thong-bao-su-co-{incident.pk}.docx"'
        return response
