"""The monthly approval through the API (same services as the pages). Signing through the
API uses the signer the server reaches for the account, of the kind the province's rules name
for that signature (signing.signers: unit approval, province approval, résumé; core.approvals.
signers: a server-held key, a remote signing service or the HSM); the two-step flow
(api/v1/signing) takes browser-made CMS."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.v1.common.fields import InputSerializer, TextField, date_field, id_field
from api.v1.common.views import acting_account
from core.approvals.models import MonthlyApproval
from core.approvals.selectors import (
    approval_candidates_for_user,
    approval_list_for_user,
    unit_status_for_month,
)
from core.approvals.services.approvals import (
    province_approval_sign,
    unit_approval_return,
    unit_approval_sign,
)
from core.approvals.signers import person_signer
from core.approvals.windows import approval_window_current
from core.base.errors import PermissionDeniedError
from core.models import ChangeSet
from core.permissions import NOT_ALLOWED, account_is_doha_admin


class CandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    national_id = serializers.CharField(source="person.national_id")
    full_name = serializers.CharField(source="person.full_name")
    org_unit = serializers.CharField(source="person.org_unit.name")
    reviewed_at = serializers.DateTimeField()


class ApprovalSerializer(serializers.ModelSerializer):
    change_sets = serializers.PrimaryKeyRelatedField[ChangeSet](many=True, read_only=True)
    signed = serializers.BooleanField(source="is_signed")
    # "Thủ trưởng", or the written authorisation the approver signed under.
    approver_capacity = serializers.CharField(read_only=True)

    class Meta:
        model = MonthlyApproval
        fields = ["id", "month", "level", "org_unit", "approver", "approved_at", "approved_on", "change_sets",
                  "manifest_sha256", "signed", "certificate_subject", "certificate_serial", "approver_capacity",
                  "status"]


class SignSerializer(serializers.Serializer):
    change_set_ids = serializers.ListField(child=id_field("Mã đề nghị"), min_length=1, max_length=1000,
                                           error_messages={"min_length": "Chọn ít nhất một đề nghị.",
                                                           "empty": "Chọn ít nhất một đề nghị."})


@extend_schema_serializer(component_name="ApprovalReturn")
class ReturnSerializer(serializers.Serializer):
    reason = TextField(2000, help_text="Lý do trả lại", error_messages={"blank": "Nêu lý do trả lại."})


class UnitStatusSerializer(serializers.Serializer):
    org_unit = serializers.IntegerField(source="org_unit.pk")
    name = serializers.CharField(source="org_unit.name")
    status = serializers.CharField(source="label")
    approved = serializers.BooleanField()
    approved_change_sets = serializers.IntegerField()
    waiting_change_sets = serializers.IntegerField()


# Every view here runs after the default IsAuthenticated (settings.REST_FRAMEWORK), so
# `acting_account` is the signed-in province Account.


class CandidatesView(APIView):
    @extend_schema(responses=CandidateSerializer(many=True), summary="Đề nghị chờ phê duyệt")
    def get(self, request: Request) -> Response:
        return Response(CandidateSerializer(approval_candidates_for_user(user=acting_account(request))[:200], many=True).data)


class ApprovalsView(APIView):
    @extend_schema(responses=ApprovalSerializer(many=True), summary="Các lần phê duyệt")
    def get(self, request: Request) -> Response:
        approvals = approval_list_for_user(user=acting_account(request)).prefetch_related("change_sets")[:200]
        return Response(ApprovalSerializer(approvals, many=True).data)


class UnitSignView(APIView):
    @extend_schema(request=SignSerializer, responses={201: ApprovalSerializer(many=True)},
                   summary="Phê duyệt (ký số) các đề nghị đã chọn")
    def post(self, request: Request) -> Response:
        data = SignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        account = acting_account(request)
        approvals = unit_approval_sign(acting_user=account, change_set_ids=data.validated_data["change_set_ids"],
                                       signer=person_signer(account, "unit_approval"))
        return Response(ApprovalSerializer(approvals, many=True).data, status=status.HTTP_201_CREATED)


class ReturnView(APIView):
    @extend_schema(request=ReturnSerializer, responses={204: None}, summary="Trả lại đề nghị")
    def post(self, request: Request, change_set_id: int) -> Response:
        data = ReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit_approval_return(acting_user=acting_account(request), change_set_id=change_set_id, reason=data.validated_data["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProvinceSignView(APIView):
    @extend_schema(request=None, responses={201: ApprovalSerializer}, summary="Sở Nội vụ phê duyệt dữ liệu tháng")
    def post(self, request: Request) -> Response:
        account = acting_account(request)
        approval = province_approval_sign(acting_user=account, signer=person_signer(account, "province_approval"))
        return Response(ApprovalSerializer(approval).data, status=status.HTTP_201_CREATED)


class UnitStatusView(APIView):
    @extend_schema(responses=UnitStatusSerializer(many=True), summary="Tình trạng phê duyệt của từng đơn vị")
    def get(self, request: Request) -> Response:
        if not account_is_doha_admin(acting_account(request)):
            raise PermissionDeniedError(NOT_ALLOWED)
        month = request.query_params.get("month")
        if not month:
            window = approval_window_current(level="province", on=timezone.localdate())
            month = window.month if window else timezone.localdate().strftime("%Y-%m")
        return Response(UnitStatusSerializer(unit_status_for_month(month=month), many=True).data)


from django.http import HttpResponse  # noqa: E402  (appended with the view below)


class AsOfQuery(InputSerializer):
    as_of = date_field(required=False, help_text="Ngày (yyyy-mm-dd): sơ yếu lý lịch theo phiên bản hồ sơ "
                                                 "có hiệu lực ngày đó")


class DossierSignedPdfView(APIView):
    """GET the person's résumé as a PDF signed (PAdES) by the caller and by the agency."""

    @extend_schema(parameters=[AsOfQuery], responses={(200, "application/pdf"): bytes},
                   summary="Sơ yếu lý lịch (PDF ký số)")
    def get(self, request: Request, person_id: int) -> HttpResponse:
        from core.approvals.services.dossier_export import PDF_TYPE, dossier_signed_pdf_export

        query = AsOfQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        account = acting_account(request)
        exported = dossier_signed_pdf_export(acting_user=account, person_id=person_id,
                                             signer=person_signer(account, "resume"),
                                             as_of=query.validated_data.get("as_of"))
        response = HttpResponse(exported.content, content_type=PDF_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
        return response


class NationalImportSerializer(serializers.Serializer):
    change_set = serializers.IntegerField(source="change_set.pk")
    state = serializers.CharField(source="change_set.state")
    version = serializers.IntegerField(source="change_set.version")
    items = serializers.IntegerField()
    skipped = serializers.ListField(child=serializers.CharField(), source="record.skipped")


class NationalRecordView(APIView):
    """POST: ask the national database for the person's record; the answer becomes a draft
    change set (nothing applied until the normal review and approval)."""

    @extend_schema(request=None, responses={201: NationalImportSerializer},
                   summary="Lấy hồ sơ từ CSDL quốc gia thành đề nghị cập nhật (nháp)")
    def post(self, request: Request, person_id: int) -> Response:
        from core.approvals.services.national_import import (
            national_import_person,
            national_record_request,
        )

        account = acting_account(request)
        person = national_import_person(acting_user=account, person_id=person_id)
        imported = national_record_request(acting_user=account, person=person)
        return Response(NationalImportSerializer(imported).data, status=status.HTTP_201_CREATED)
