"""The résumé's editable copy (DOCX), now or as of a date. The signed PDF, the original, is
approvals' people/<id>/dossier/signed-pdf/ (which takes the same `as_of`)."""

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from api.v1.common.fields import date_field
from api.v1.common.views import acting_account
from core.resumes.services import resume_docx_export
from core.resumes.word import DOCX_TYPE


class AsOfSerializer(serializers.Serializer):
    as_of = date_field(required=False, help_text="Ngày (yyyy-mm-dd): sơ yếu lý lịch theo phiên bản hồ sơ "
                                                 "có hiệu lực ngày đó")


AS_OF = AsOfSerializer


class ResumeDocxView(APIView):
    """GET the résumé of a person in the caller's scope as DOCX (404 alike for missing and forbidden)."""

    @extend_schema(parameters=[AS_OF], responses={(200, DOCX_TYPE): bytes}, summary="Sơ yếu lý lịch (DOCX)")
    def get(self, request: Request, person_id: int) -> HttpResponse:
        query = AsOfSerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        exported = resume_docx_export(acting_user=acting_account(request), person_id=person_id,
                                      as_of=query.validated_data.get("as_of"))
        response = HttpResponse(exported.content, content_type=exported.content_type)
        response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
        return response
