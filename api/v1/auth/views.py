"""Signing in to the API: a sign-in of this province exchanged for its DRF token."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response

from api.v1.common import serializers as s
from api.v1.common.views import CoreAPIView
from core.base.accounts.services import auth_token_issue


class TokenView(CoreAPIView):
    """Anyone may try; a wrong sign-in never says whether the account exists."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Đổi tên đăng nhập và mật khẩu lấy mã truy cập (Authorization: Token …)",
        request=s.SignInSerializer, responses={200: s.TokenSerializer, 400: s.MessageSerializer}, auth=[],
    )
    def post(self, request: Request) -> Response:
        sign_in = self.valid(s.SignInSerializer, request.data)
        token = auth_token_issue(username=sign_in["username"], password=sign_in["password"])
        return Response({"token": token.key})
