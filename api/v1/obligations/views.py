"""The caller's duties (obligations): what they must do, and by when, under the rules."""

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from api.v1.common import serializers as s
from api.v1.common.views import CoreAPIView
from core.selectors.obligations import obligation_list_for_user


class ObligationListView(CoreAPIView):
    @extend_schema(summary="Việc bạn phải làm, với hạn theo quy chế: nhập, cập nhật hồ sơ, kiểm tra đề nghị",
                   responses={200: s.ObligationSerializer(many=True), 400: s.MessageSerializer})
    def get(self, request: Request) -> Response:
        params = self.query(s.ObligationListQuerySerializer)
        return self.page(obligation_list_for_user(user=self.account, state=params["state"]), s.ObligationSerializer)
