"""Accounts, roles and written consents. Who may grant what, where, is core's: these views
find the rows in the caller's scope and hand them to core's services."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from api.v1.common import serializers as s
from api.v1.common.views import CoreAPIView
from core.selectors.access import (
    account_get_for_user,
    consent_grant_get_for_user,
    consent_grant_list_for_user,
    grantable_roles_for_user,
    role_grant_get_for_user,
    role_grant_list_for_user,
)
from core.selectors.org_units import org_unit_get
from core.selectors.people import person_get_for_user
from core.services.access import (
    GrantBasis,
    account_active_set,
    account_create,
    consent_grant_create,
    consent_grant_revoke,
    role_grant,
    role_revoke,
    sign_in_unlock,
)

ERRORS = {400: s.MessageSerializer, 403: s.MessageSerializer, 404: s.MessageSerializer}


class GrantableRoleListView(CoreAPIView):
    pagination_class = None  # the caller's own grants: one answer, no pages
    @extend_schema(summary="Những vai trò bạn được cấp, và cấp trên cây con nào",
                   responses={200: s.GrantableRoleSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return Response(s.GrantableRoleSerializer(grantable_roles_for_user(user=self.account), many=True).data)


class RoleGrantListView(CoreAPIView):
    @extend_schema(summary="Phân quyền đang hiệu lực trong phạm vi bạn quản trị",
                   responses={200: s.RoleGrantSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return self.page(role_grant_list_for_user(user=self.account), s.RoleGrantSerializer)

    @extend_schema(summary="Cấp vai trò cho một tài khoản trên một cơ quan, đơn vị (và cây con)",
                   request=s.RoleGrantCreateSerializer, responses={201: s.RoleGrantSerializer, **ERRORS})
    def post(self, request: Request) -> Response:
        params = self.valid(s.RoleGrantCreateSerializer, request.data)
        account = account_get_for_user(user=self.account, username=params["account"])
        grant = role_grant(acting_user=self.account, account=account, role=params["role"],
                           org_unit=org_unit_get(org_unit_id=params["org_unit"]),
                           basis=GrantBasis.from_data(params))
        return Response(s.RoleGrantSerializer(grant).data, status=status.HTTP_201_CREATED)


class RoleGrantDetailView(CoreAPIView):
    @extend_schema(summary="Thu hồi một phân quyền (giữ lại trong lịch sử)",
                   request=s.RoleRevokeSerializer, responses={200: s.RoleGrantSerializer, **ERRORS})
    def delete(self, request: Request, pk: int) -> Response:
        params = self.valid(s.RoleRevokeSerializer, request.data or {})
        grant = role_revoke(acting_user=self.account, grant=role_grant_get_for_user(user=self.account, grant_id=pk),
                            request=params["revoke_request"], request_date=params["revoke_request_date"])
        return Response(s.RoleGrantSerializer(grant).data)


class AccountCreateView(CoreAPIView):
    @extend_schema(summary="Tạo tài khoản cơ quan, đơn vị kèm vai trò (mật khẩu ban đầu hiện một lần)",
                   request=s.AccountCreateSerializer, responses={201: s.AccountCreatedSerializer, **ERRORS})
    def post(self, request: Request) -> Response:
        params = self.valid(s.AccountCreateSerializer, request.data)
        result = account_create(acting_user=self.account, username=params["username"], full_name=params["full_name"],
                                role=params["role"], org_unit=org_unit_get(org_unit_id=params["org_unit"]),
                                basis=GrantBasis.from_data(params))
        return Response(s.AccountCreatedSerializer(result).data, status=status.HTTP_201_CREATED)


class AccountActiveView(CoreAPIView):
    """An admin above an account disables or re-enables it, with the reason."""

    @extend_schema(summary="Khóa hoặc mở lại một tài khoản (quản trị cấp trên), kèm lý do",
                   request=s.AccountActiveSerializer, responses={204: OpenApiResponse(description="Đã ghi nhận"),
                                                                 **ERRORS})
    def post(self, request: Request, username: str) -> Response:
        params = self.valid(s.AccountActiveSerializer, request.data)
        account = account_get_for_user(user=self.account, username=username, disabled_too=True)
        account_active_set(acting_user=self.account, account=account, active=params["active"],
                           reason=params["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class ConsentListView(CoreAPIView):
    @extend_schema(summary="Văn bản đồng ý khai thác: bạn được cấp, hoặc trong phạm vi bạn quản lý",
                   responses={200: s.ConsentGrantSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return self.page(consent_grant_list_for_user(user=self.account), s.ConsentGrantSerializer)

    @extend_schema(summary="Ghi nhận văn bản đồng ý cho một tài khoản khai thác hồ sơ của một người hoặc một đơn vị",
                   request=s.ConsentCreateSerializer, responses={201: s.ConsentGrantSerializer, **ERRORS})
    def post(self, request: Request) -> Response:
        params = self.valid(s.ConsentCreateSerializer, request.data)
        person_id, unit_id = params.pop("person", None), params.pop("org_unit", None)
        params["grantee"] = account_get_for_user(user=self.account, username=params["grantee"])
        params["person"] = (person_get_for_user(user=self.account, person_id=person_id, purpose="api.consent")
                            if person_id else None)
        params["org_unit"] = org_unit_get(org_unit_id=unit_id) if unit_id else None
        consent = consent_grant_create(acting_user=self.account, **params)
        return Response(s.ConsentGrantSerializer(consent).data, status=status.HTTP_201_CREATED)


class ConsentDetailView(CoreAPIView):
    @extend_schema(summary="Thu hồi văn bản đồng ý khai thác", responses={200: s.ConsentGrantSerializer, **ERRORS})
    def delete(self, request: Request, pk: int) -> Response:
        consent = consent_grant_get_for_user(user=self.account, consent_id=pk)
        consent = consent_grant_revoke(acting_user=self.account, consent=consent)
        return Response(s.ConsentGrantSerializer(consent).data)



class AccountUnlockView(CoreAPIView):
    """The DoHA admin lifts a sign-in lockout (five wrong passwords)."""

    @extend_schema(summary="Mở khoá đăng nhập của một tài khoản (quản trị Sở Nội vụ)", request=None,
                   responses={204: OpenApiResponse(description="Đã mở khoá"), **ERRORS})
    def post(self, request: Request, username: str) -> Response:
        sign_in_unlock(acting_user=self.account, username=username)
        return Response(status=status.HTTP_204_NO_CONTENT)
