"""People and their dossiers, always through the reader's scope: someone the reader may not
see answers exactly like someone who does not exist (404), and every read is logged by core."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from api.v1.common import serializers as s
from api.v1.common.views import CoreAPIView
from core.base.errors import NotFoundError
from core.dossier_values import DOSSIER, IDENTITY, group_label
from core.models import DOSSIER_ROW_MODELS
from core.selectors.people import (
    dossier_get_for_user,
    dossier_read_log_list_for_user,
    dossier_version_list_for_user,
    person_get_for_user,
    person_list_for_user,
)
from core.services.people import person_account_create

SECTIONS = (IDENTITY, DOSSIER, *DOSSIER_ROW_MODELS)
NO_SECTION = "Hồ sơ không có phần “{section}”; các phần: " + ", ".join(SECTIONS) + "."


class PersonListView(CoreAPIView):
    @extend_schema(
        summary="Những người bạn được xem (đang công tác, hoặc lưu trữ với archived=true)",
        parameters=[s.PersonListQuerySerializer],
        responses={200: s.PersonListSerializer(many=True), 400: s.MessageSerializer},
    )
    def get(self, request: Request) -> Response:
        params = self.query(s.PersonListQuerySerializer)
        people = person_list_for_user(
            user=self.account, query=params.get("q", ""), unit_id=params.get("unit"),
            rank_code=params.get("rank", ""), category=params.get("category", ""), archived=params["archived"],
        )
        return self.page(people, s.PersonListSerializer)


class PersonDetailView(CoreAPIView):
    @extend_schema(summary="Thông tin định danh của một người",
                   responses={200: s.PersonDetailSerializer, 404: s.MessageSerializer})
    def get(self, request: Request, pk: int) -> Response:
        person = person_get_for_user(user=self.account, person_id=pk, purpose="api.person")
        return Response(s.PersonDetailSerializer(person).data)


class DossierView(CoreAPIView):
    @extend_schema(summary="Toàn bộ hồ sơ của một người (lần đọc được ghi nhật ký khai thác)",
                   responses={200: s.DossierSerializer, 404: s.MessageSerializer})
    def get(self, request: Request, pk: int) -> Response:
        dossier = dossier_get_for_user(user=self.account, person_id=pk, purpose="api.dossier")
        return Response(s.DossierSerializer(dossier).data)


class DossierSectionView(CoreAPIView):
    @extend_schema(summary="Một phần của hồ sơ: identity, dossier, hoặc một nhóm nhiều dòng",
                   operation_id="people_dossier_section_retrieve",
                   responses={200: s.DossierSectionSerializer, 404: s.MessageSerializer})
    def get(self, request: Request, pk: int, section: str) -> Response:
        if section not in SECTIONS:  # checked first: an unknown section reads nothing
            raise NotFoundError(NO_SECTION.format(section=section[:40]))
        dossier = dossier_get_for_user(user=self.account, person_id=pk, purpose=f"api.dossier.{section}")
        content = dossier.content
        data = content[section] if section in (IDENTITY, DOSSIER) else content["rows"][section]
        return Response(s.DossierSectionSerializer({
            "person": dossier.person.pk, "version": content["version"], "section": section,
            "label": group_label(section), "data": data,
        }).data)


class DossierVersionListView(CoreAPIView):
    @extend_schema(summary="Các phiên bản đã lưu của hồ sơ, mới nhất trước",
                   responses={200: s.DossierVersionSerializer(many=True), 404: s.MessageSerializer})
    def get(self, request: Request, pk: int) -> Response:
        return self.page(dossier_version_list_for_user(user=self.account, person_id=pk), s.DossierVersionSerializer)


class ReadLogListView(CoreAPIView):
    @extend_schema(summary="Ai đã khai thác hồ sơ, khi nào, theo vai trò hay văn bản đồng ý",
                   responses={200: s.ReadLogSerializer(many=True), 404: s.MessageSerializer})
    def get(self, request: Request, pk: int) -> Response:
        return self.page(dossier_read_log_list_for_user(user=self.account, person_id=pk), s.ReadLogSerializer)


class PersonAccountView(CoreAPIView):
    @extend_schema(summary="Cấp tài khoản cá nhân (tên đăng nhập: số định danh) cho một người",
                   request=None,
                   responses={201: s.PersonAccountSerializer, 400: s.MessageSerializer, 403: s.MessageSerializer,
                              404: s.MessageSerializer})
    def post(self, request: Request, pk: int) -> Response:
        person = person_get_for_user(user=self.account, person_id=pk, purpose="api.account")
        result = person_account_create(acting_user=self.account, person=person)
        return Response(s.PersonAccountSerializer(result).data, status=status.HTTP_201_CREATED)
