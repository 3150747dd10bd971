"""Incomplete dossiers in the caller's scope, each with the required items of its form it lacks
(Lào Cai Art. 14.4, Bình Thuận Art. 14.2a, Sơn La Art. 12.2): the same list as the page
/ho-so-chua-day-du/, for a unit's own follow-up tools."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from api.v1.common import serializers as s
from api.v1.common.fields import InputSerializer, id_field
from api.v1.common.views import CoreAPIView
from core.resumes.selectors import incomplete_dossier_list_for_user


class IncompleteQuerySerializer(InputSerializer):
    unit = id_field("Mã cơ quan, đơn vị (unit): chỉ đơn vị này và các đơn vị trực thuộc", required=False)


class IncompleteDossierSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person.pk", help_text="Mã hồ sơ (người)")
    full_name = serializers.CharField(source="person.full_name")
    national_id = serializers.CharField(source="person.national_id")
    org_unit = serializers.CharField(source="person.org_unit.name", help_text="Cơ quan, đơn vị")
    form = serializers.CharField(source="completeness.form_label", help_text="Mẫu sơ yếu lý lịch đối chiếu")
    percent = serializers.IntegerField(source="completeness.percent", help_text="Mức đầy đủ (%), làm tròn xuống")
    missing = serializers.ListField(child=serializers.CharField(), source="completeness.missing_labels",
                                    help_text="Các mục bắt buộc còn thiếu, theo số và tên mục của mẫu")


class IncompleteDossierListView(CoreAPIView):
    @extend_schema(
        summary="Hồ sơ chưa đầy đủ trong phạm vi bạn được xem, kèm các mục còn thiếu",
        parameters=[IncompleteQuerySerializer],
        responses={200: IncompleteDossierSerializer(many=True), 400: s.MessageSerializer},
    )
    def get(self, request: Request) -> Response:
        params = self.query(IncompleteQuerySerializer)
        rows = incomplete_dossier_list_for_user(user=self.account, unit_id=params.get("unit"))
        return self.page(rows, IncompleteDossierSerializer)
