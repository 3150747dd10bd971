"""The two steps of every signature, as the pages take them (frontend/approvals): prepare
what is to be signed (POST signature-requests/), read it back (GET …/<token>/), then either
post the signatures made outside the server — the person's token, the official-duty local
signing service — (POST …/<token>/signatures/), or let the server reach the signer the
province's rules name (POST …/<token>/sign/: a remote service waits for the person's
confirmation). For the résumé (purpose "resume") the server lays out the PDF and answers the
SHA-256 to sign (`hash_to_sign`); the raw signature comes back, and the signed PDF is then at
GET …/<token>/pdf/. The server verifies before recording; a refusal writes nothing and leaves the
request open. Another person's request, a finished or an expired one answer 404 alike."""

import base64
import binascii
from typing import Any

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.v1.common.fields import BoundedDateField, id_field
from api.v1.common.views import acting_account
from core.approvals.models import SignaturePurpose, SignatureRequest
from core.approvals.selectors import signature_documents
from core.approvals.services.dossier_export import PDF_TYPE, SignedDossierPdf
from core.approvals.services.resume_signing import (
    resume_signature_request,
    resume_signed_pdf_get_for_user,
)
from core.approvals.services.signature_requests import (
    province_approval_prepare,
    report_signature_prepare,
    signature_request_get_for_user,
    signature_request_sign,
    signature_request_submit,
    unit_approval_prepare,
)
from core.approvals.signers import person_signer
from core.approvals.signing_methods import person_signing_method
from core.reports.models import ScheduledReport

PURPOSES = [("unit_approval", "Phê duyệt dữ liệu của cơ quan, đơn vị"),
            ("province_approval", "Phê duyệt dữ liệu của tỉnh"),
            ("resume", "Xác nhận sơ yếu lý lịch (PDF)"),
            ("report", "Ký báo cáo định kỳ")]


class PrepareSerializer(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=PURPOSES, error_messages={
        "invalid_choice": "Việc cần ký phải là unit_approval, province_approval, resume hoặc report."})
    change_set_ids = serializers.ListField(child=id_field("Mã đề nghị"), required=False, max_length=1000)
    person_id = id_field("Mã hồ sơ", required=False)  # resume: the dossier to confirm
    report_id = id_field("Mã báo cáo", required=False)  # report: the scheduled report to sign
    as_of = BoundedDateField(required=False, help_text="resume: theo phiên bản hồ sơ có hiệu lực ngày này")
    certificate = serializers.CharField(required=False, max_length=20_000,
                                        help_text="resume, ký bằng thiết bị: chứng thư số của người ký (DER, base64)")

    def validate(self, attrs: dict) -> dict:
        if attrs["purpose"] == "unit_approval" and not attrs.get("change_set_ids"):
            raise serializers.ValidationError({"change_set_ids": "Chọn ít nhất một đề nghị."})
        if attrs["purpose"] == "resume" and not attrs.get("person_id"):
            raise serializers.ValidationError({"person_id": "Chọn hồ sơ cần xác nhận."})
        if attrs["purpose"] == "report" and not attrs.get("report_id"):
            raise serializers.ValidationError({"report_id": "Chọn báo cáo cần ký."})
        if attrs.get("certificate"):
            try:
                attrs["certificate"] = base64.b64decode(attrs["certificate"], validate=True)
            except (binascii.Error, ValueError):
                raise serializers.ValidationError({"certificate": "Chứng thư số phải là DER mã hóa base64."}) from None
        return attrs


class DocumentSerializer(serializers.Serializer):
    sha256 = serializers.CharField(help_text="SHA-256 (hex) của nội dung cần ký")
    manifest = serializers.CharField(help_text="Nội dung cần ký (JSON chuẩn hóa, UTF-8): ký đúng các byte này")


class SignatureRequestSerializer(serializers.Serializer):
    token = serializers.UUIDField()
    purpose = serializers.CharField()
    method = serializers.CharField(help_text="server: máy chủ ký bằng khóa thử nghiệm; remote: dịch vụ ký số từ xa "
                                             "(chờ xác nhận trên thiết bị); browser: ký bằng thiết bị của người ký "
                                             "rồi gửi chữ ký")
    documents = DocumentSerializer(many=True)
    hash_to_sign = serializers.CharField(allow_null=True, help_text="resume: SHA-256 (base64) cần ký bằng khóa của "
                                                                     "người ký; gửi lại chữ ký thô (base64)")
    expires_at = serializers.DateTimeField()


class SubmitSerializer(serializers.Serializer):
    signatures = serializers.ListField(child=serializers.CharField(max_length=100_000), min_length=1, max_length=1000,
                                       help_text="Chữ ký CMS tách rời (DER, base64), mỗi nội dung một chữ ký, đúng thứ tự")


class DoneSerializer(serializers.Serializer):
    approvals = serializers.ListField(child=serializers.IntegerField())
    download = serializers.CharField(allow_null=True, help_text="resume: địa chỉ tải sơ yếu lý lịch đã ký")
    report = serializers.IntegerField(required=False, help_text="report: báo cáo đã ký")


def _shown(request: SignatureRequest) -> dict:
    resume = request.purpose == SignaturePurpose.RESUME
    documents = [] if resume else [{"sha256": d.sha256, "manifest": d.manifest} for d in signature_documents(request)]
    to_sign = base64.b64encode(bytes.fromhex(request.documents[0])).decode("ascii") if resume else None
    return {"token": request.token, "purpose": request.purpose, "method": person_signing_method(request.purpose),
            "documents": documents, "hash_to_sign": to_sign, "expires_at": request.expires_at}


def _done(done: Any, token: str) -> Response:
    if isinstance(done, ScheduledReport):
        return Response({"approvals": [], "download": None, "report": done.pk}, status=status.HTTP_201_CREATED)
    if isinstance(done, SignedDossierPdf):
        return Response({"approvals": [], "download": f"/api/v1/signature-requests/{token}/pdf/"},
                        status=status.HTTP_201_CREATED)
    approvals: list[Any] = done if isinstance(done, list) else [done]
    return Response({"approvals": [approval.pk for approval in approvals], "download": None},
                    status=status.HTTP_201_CREATED)


class SignatureRequestsView(APIView):
    @extend_schema(request=PrepareSerializer, responses={201: SignatureRequestSerializer},
                   summary="Bước 1: chuẩn bị nội dung cần ký")
    def post(self, request: Request) -> Response:
        data = PrepareSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        account = acting_account(request)
        if data.validated_data["purpose"] == "unit_approval":
            prepared = unit_approval_prepare(acting_user=account, change_set_ids=data.validated_data["change_set_ids"])
        elif data.validated_data["purpose"] == "report":
            prepared = report_signature_prepare(acting_user=account, report_id=data.validated_data["report_id"])
        elif data.validated_data["purpose"] == "resume":
            prepared = resume_signature_request(acting_user=account, person_id=data.validated_data["person_id"],
                                                as_of=data.validated_data.get("as_of"),
                                                certificate_der=data.validated_data.get("certificate"))
        else:
            prepared = province_approval_prepare(acting_user=account)
        return Response(SignatureRequestSerializer(_shown(prepared)).data, status=status.HTTP_201_CREATED)


class SignatureRequestView(APIView):
    @extend_schema(responses=SignatureRequestSerializer, summary="Nội dung đã chuẩn bị để ký")
    def get(self, request: Request, token: str) -> Response:
        prepared = signature_request_get_for_user(user=acting_account(request), token=token)
        return Response(SignatureRequestSerializer(_shown(prepared)).data)


class SignatureSubmitView(APIView):
    @extend_schema(request=SubmitSerializer, responses={201: DoneSerializer},
                   summary="Bước 2: gửi chữ ký số đã ký ngoài máy chủ; máy chủ kiểm tra rồi mới ghi nhận")
    def post(self, request: Request, token: str) -> Response:
        data = SubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return _done(signature_request_submit(acting_user=acting_account(request), token=token,
                                              signatures=data.validated_data["signatures"]), token)


class SignatureSignView(APIView):
    @extend_schema(request=None, responses={201: DoneSerializer},
                   summary="Bước 2: máy chủ ký bằng cách ký của tỉnh (khóa thử nghiệm, dịch vụ ký số từ xa)")
    def post(self, request: Request, token: str) -> Response:
        account = acting_account(request)
        purpose = signature_request_get_for_user(user=account, token=token).purpose
        return _done(signature_request_sign(acting_user=account, token=token, signer=person_signer(account, purpose)),
                     token)


class SignedResumeView(APIView):
    @extend_schema(responses={(200, PDF_TYPE): bytes}, summary="Sơ yếu lý lịch đã ký theo hai bước")
    def get(self, request: Request, token: str) -> HttpResponse:
        exported = resume_signed_pdf_get_for_user(user=acting_account(request), token=token)
        response = HttpResponse(exported.content, content_type=PDF_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
        return response
