"""The organisation tree of the province, now or on a past date, and each unit's history."""

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from api.v1.common import serializers as s
from api.v1.common.views import CoreAPIView
from api.v1.org_units.serializers import (
    CodeAnswerSerializer,
    CodeQuerySerializer,
    OrgUnitDetailFormerlySerializer,
)
from core.selectors.org_units import (
    org_unit_by_code,
    org_unit_formerly,
    org_unit_get,
    org_unit_history,
    org_unit_list,
    org_unit_tree,
)

ON = s.OnDateQuerySerializer


class OrgUnitListView(CoreAPIView):
    @extend_schema(summary="Cơ quan, đơn vị theo thứ tự cây, tại một ngày",
                   parameters=[s.OrgUnitListQuerySerializer],
                   responses={200: s.OrgUnitVersionSerializer(many=True), 400: s.MessageSerializer,
                              404: s.MessageSerializer})
    def get(self, request: Request) -> Response:
        params = self.query(s.OrgUnitListQuerySerializer)
        root = org_unit_get(org_unit_id=params["root"]) if "root" in params else None
        return self.page(org_unit_list(active_on=params.get("on"), root=root), s.OrgUnitVersionSerializer)


class OrgUnitTreeView(CoreAPIView):
    pagination_class = None  # the whole tree, nested: one answer, no pages
    @extend_schema(summary="Cả cây cơ quan, đơn vị (lồng nhau) tại một ngày", parameters=[ON],
                   responses={200: s.OrgTreeNodeSerializer(many=True), 400: s.MessageSerializer})
    def get(self, request: Request) -> Response:
        params = self.query(s.OnDateQuerySerializer)
        return Response(s.OrgTreeNodeSerializer(org_unit_tree(active_on=params.get("on")), many=True).data)


class OrgUnitDetailView(CoreAPIView):
    @extend_schema(summary="Một cơ quan, đơn vị với lịch sử (tên, mã, đơn vị cấp trên theo thời gian) và các "
                           "đơn vị trước đây đã kết thúc vào nó",
                   responses={200: OrgUnitDetailFormerlySerializer, 404: s.MessageSerializer})
    def get(self, request: Request, pk: int) -> Response:
        unit = org_unit_get(org_unit_id=pk)
        return Response(OrgUnitDetailFormerlySerializer(unit, context={
            "history": org_unit_history(org_unit=unit), "formerly": org_unit_formerly(org_unit=unit)}).data)


class OrgUnitByCodeView(CoreAPIView):
    """An electronic code of today or of before (a former Hà Giang or Yên Bái unit): the unit
    that carried it and the unit that took it over."""

    @extend_schema(summary="Tra mã định danh điện tử cũ hay mới: đơn vị mang mã và đơn vị hiện nay tiếp nhận",
                   parameters=[CodeQuerySerializer],
                   responses={200: CodeAnswerSerializer, 400: s.MessageSerializer, 404: s.MessageSerializer})
    def get(self, request: Request) -> Response:
        params = self.query(CodeQuerySerializer)
        return Response(CodeAnswerSerializer(org_unit_by_code(code=params["code"])).data)
