"""A data subject's copy and requests (/api/v1/privacy/…), the same services as the pages."""

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from api.v1.common.serializers import MessageSerializer
from api.v1.common.views import CoreAPIView
from api.v1.privacy import serializers as s
from core.privacy.documents import data_subject_pdf
from core.privacy.selectors import (
    data_subject_export,
    privacy_request_list_mine,
    privacy_request_list_to_answer,
)
from core.privacy.services import privacy_request_answer, privacy_request_create


class MyDataView(CoreAPIView):
    @extend_schema(summary="Toàn bộ dữ liệu hệ thống lưu giữ về tôi, kèm nhật ký ai đã xem hồ sơ",
                   responses={200: s.ExportSerializer, 404: MessageSerializer})
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
    @extend_schema(summary="Các yêu cầu tôi đã gửi", responses={200: s.RequestSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return self.page(privacy_request_list_mine(user=self.account), s.RequestSerializer)

    @extend_schema(summary="Gửi yêu cầu của chủ thể dữ liệu (được biết, chỉnh sửa, phản đối…)",
                   request=s.RequestInput,
                   responses={201: s.RequestSerializer, 400: MessageSerializer, 404: MessageSerializer})
    def post(self, request: Request) -> Response:
        data = self.valid(s.RequestInput, request.data)
        made = privacy_request_create(acting_user=self.account, kind=data["kind"], detail=data["detail"])
        return Response(s.RequestSerializer(made).data, status=status.HTTP_201_CREATED)


class RequestToAnswerListView(CoreAPIView):
    @extend_schema(summary="Yêu cầu của những người thuộc đơn vị tôi quản lý",
                   responses={200: s.RequestSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return self.page(privacy_request_list_to_answer(user=self.account), s.RequestSerializer)


class RequestAnswerView(CoreAPIView):
    @extend_schema(summary="Trả lời yêu cầu của chủ thể dữ liệu", request=s.AnswerInput,
                   responses={200: s.RequestSerializer, 400: MessageSerializer, 404: MessageSerializer})
    def post(self, request: Request, pk: int) -> Response:
        data = self.valid(s.AnswerInput, request.data)
        answered = privacy_request_answer(acting_user=self.account, request_id=pk, answer=data["answer"],
                                          change_set_id=data.get("change_set"))
        return Response(s.RequestSerializer(answered).data)
