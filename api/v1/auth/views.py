"""Signing in to the API: a sign-in of this province exchanged for a knox token (hashed at
rest, with an expiry); one's own tokens listed and revoked; sign-out; password change."""

from typing import cast

from django.contrib.auth import update_session_auth_hash
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.models import AuthToken
from rest_framework import permissions, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.v1.auth import serializers as auth
from api.v1.common import serializers as s
from api.v1.common.views import CoreAPIView
from core.base.accounts.selectors import auth_tokens_of
from core.base.accounts.services import auth_token_issue, auth_token_revoke
from core.services.passwords import password_change, password_change_reason


class TokenView(CoreAPIView):
    """Anyone may try; a wrong sign-in never says whether the account exists. Five wrong tries
    for one account, or from one address, lock it (429)."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Đổi tên đăng nhập và mật khẩu lấy mã truy cập (Authorization: Token …)",
        request=s.SignInSerializer,
        responses={200: s.TokenSerializer, 400: s.MessageSerializer, 429: s.MessageSerializer}, auth=[],
    )
    def post(self, request: Request) -> Response:
        sign_in = self.valid(s.SignInSerializer, request.data)
        issued = auth_token_issue(request=request._request, username=sign_in["username"],
                                  password=sign_in["password"])
        return Response({"token": issued.key, "expiry": issued.token.expiry,
                         "must_change_password": password_change_reason(issued.token.user) is not None})


class SignOutView(CoreAPIView):
    """The token of this request stops working at once."""

    while_password_pending = True

    @extend_schema(summary="Đăng xuất: thu hồi mã truy cập đang dùng", request=None,
                   responses={204: OpenApiResponse(description="Đã thu hồi"), 401: s.MessageSerializer})
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, AuthToken):
            auth_token_revoke(acting_user=self.account, token_key=request.auth.token_key)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenListView(CoreAPIView):
    while_password_pending = True
    pagination_class = None  # a handful at most (each sign-in's, until it expires): one answer

    @extend_schema(summary="Các mã truy cập còn hiệu lực của chính mình",
                   responses={200: auth.TokenListedSerializer(many=True), 401: s.MessageSerializer})
    def get(self, request: Request) -> Response:
        current = request.auth.token_key if isinstance(request.auth, AuthToken) else None
        rows = [{"token_key": t.token_key, "created": t.created, "expiry": t.expiry, "current": t.token_key == current}
                for t in auth_tokens_of(account=self.account)]
        return Response(auth.TokenListedSerializer(rows, many=True).data)


class TokenRevokeView(CoreAPIView):
    while_password_pending = True

    @extend_schema(summary="Thu hồi một mã truy cập của chính mình",
                   responses={204: OpenApiResponse(description="Đã thu hồi"), 401: s.MessageSerializer,
                              404: s.MessageSerializer})
    def delete(self, request: Request, token_key: str) -> Response:
        auth_token_revoke(acting_user=self.account, token_key=token_key)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordChangeView(CoreAPIView):
    """Open to an account that must change its password first."""

    while_password_pending = True

    @extend_schema(summary="Đổi mật khẩu của chính mình (theo quy chế mật khẩu của tỉnh)",
                   request=auth.PasswordChangeSerializer,
                   responses={204: OpenApiResponse(description="Đã đổi"), 400: s.MessageSerializer,
                              401: s.MessageSerializer})
    def post(self, request: Request) -> Response:
        data = self.valid(auth.PasswordChangeSerializer, request.data)
        account = password_change(acting_user=self.account, current_password=data["current_password"],
                                  new_password=data["new_password"])
        if not isinstance(request.auth, AuthToken):
            update_session_auth_hash(request._request, cast(object, account))  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)
