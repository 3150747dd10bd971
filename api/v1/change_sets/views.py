"""Change sets through the API: the author drafts, proves and submits; the unit officer reviews
or returns. Every write names the version it read (`expected_version`); a stale one is refused
with 409 and core's message. Each write answers with the change set as it now stands."""

from typing import Any

from django.http import FileResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from api.v1.common import serializers as s
from api.v1.common.views import CoreAPIView
from core.base.errors import NotFoundError
from core.models import DOSSIER_ROW_MODELS, ChangeSet
from core.selectors.access import ATTACHMENT_NOT_FOUND, attachment_get_for_user
from core.selectors.change_sets import (
    change_set_diff,
    change_set_get_for_user,
    change_set_list_for_user,
    change_set_open_for_account,
    change_set_queue_for_user,
)
from core.selectors.people import dossier_reads_record, person_get_for_user
from core.services import change_sets as services
from core.services.attachments import attachment_add
from core.services.unit_push import RowPush, change_set_push

ERRORS = {400: s.MessageSerializer, 403: s.MessageSerializer, 404: s.MessageSerializer, 409: s.MessageSerializer}
EXPECTED_VERSION = s.VersionedSerializer
GROUP = OpenApiParameter("group", str, OpenApiParameter.PATH, enum=list(DOSSIER_ROW_MODELS),
                         description="Nhóm thông tin nhiều dòng")


class ChangeSetBaseView(CoreAPIView):
    def change_set(self, pk: int) -> ChangeSet:
        return change_set_get_for_user(user=self.account, change_set_id=pk, purpose="api.change_set")

    def detail(self, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
        change_set = self.change_set(pk)
        data = s.ChangeSetDetailSerializer(change_set, context={"diff": change_set_diff(change_set=change_set)}).data
        return Response(data, status=status_code)


class ChangeSetListView(ChangeSetBaseView):
    @extend_schema(summary="Các đề nghị cập nhật của những hồ sơ bạn được xem (của bạn, nếu là cá nhân)",
                   parameters=[s.ChangeSetListQuerySerializer],
                   responses={200: s.ChangeSetListSerializer(many=True), 400: s.MessageSerializer})
    def get(self, request: Request) -> Response:
        params = self.query(s.ChangeSetListQuerySerializer)
        change_sets = change_set_list_for_user(user=self.account, person_id=params.get("person"),
                                               state=params.get("state"))
        return self.page(change_sets, s.ChangeSetListSerializer)

    @extend_schema(summary="Mở đề nghị cập nhật hồ sơ (bản nháp)", request=s.ChangeSetCreateSerializer,
                   responses={201: s.ChangeSetDetailSerializer, **ERRORS})
    def post(self, request: Request) -> Response:
        params = self.valid(s.ChangeSetCreateSerializer, request.data)
        person = person_get_for_user(user=self.account, person_id=params["person"], purpose="api.change_set")
        change_set = services.change_set_create(acting_user=self.account, person=person,
                                                changed_on=params.get("changed_on"), note=params["note"])
        return self.detail(change_set.pk, status.HTTP_201_CREATED)


class ChangeSetQueueView(ChangeSetBaseView):
    @extend_schema(summary="Đề nghị đã gửi, chờ bạn kiểm tra (cán bộ được giao quản lý), cũ nhất trước",
                   responses={200: s.ChangeSetListSerializer(many=True)})
    def get(self, request: Request) -> Response:
        rows = self.paginate_queryset(change_set_queue_for_user(user=self.account)) or []
        dossier_reads_record(user=self.account, people=[cs.person for cs in rows], purpose="api.review_queue")
        return self.get_paginated_response(s.ChangeSetListSerializer(rows, many=True).data)


class ChangeSetOpenView(ChangeSetBaseView):
    @extend_schema(summary="Đề nghị cập nhật hồ sơ của chính bạn đang soạn (nháp hoặc bị trả lại), nếu có",
                   responses={200: s.ChangeSetDetailSerializer, 404: s.MessageSerializer})
    def get(self, request: Request) -> Response:
        return self.detail(change_set_open_for_account(user=self.account).pk)


class ChangeSetDetailView(ChangeSetBaseView):
    @extend_schema(summary="Một đề nghị với khác biệt từng trường và tài liệu chứng minh",
                   responses={200: s.ChangeSetDetailSerializer, 404: s.MessageSerializer})
    def get(self, request: Request, pk: int) -> Response:
        return self.detail(pk)

    @extend_schema(summary="Hủy đề nghị đang soạn (nháp hoặc bị trả lại), cùng các thay đổi, tài liệu và "
                           "nghĩa vụ cập nhật của nó", parameters=[EXPECTED_VERSION],
                   responses={204: None, **ERRORS})
    def delete(self, request: Request, pk: int) -> Response:
        change_set = self.change_set(pk)
        params = self.query(s.VersionedSerializer)
        services.change_set_discard(acting_user=self.account, change_set=change_set, **params)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ValuesView(ChangeSetBaseView):
    @extend_schema(summary="Đề nghị sửa thông tin một giá trị (nhóm identity hoặc dossier)",
                   request=s.GroupValuesSerializer, responses={200: s.ChangeSetDetailSerializer, **ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        change_set = self.change_set(pk)
        params = self.valid(s.GroupValuesSerializer, request.data)
        services.change_set_values_set(acting_user=self.account, change_set=change_set, **params)
        return self.detail(pk)


class RowAddView(ChangeSetBaseView):
    @extend_schema(summary="Đề nghị thêm một dòng vào nhóm nhiều dòng (đào tạo, khen thưởng, …)",
                   request=s.GroupValuesSerializer, responses={201: s.ChangeSetDetailSerializer, **ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        change_set = self.change_set(pk)
        params = self.valid(s.GroupValuesSerializer, request.data)
        services.change_set_row_add(acting_user=self.account, change_set=change_set, **params)
        return self.detail(pk, status.HTTP_201_CREATED)


class RowView(ChangeSetBaseView):
    @extend_schema(summary="Đề nghị sửa một dòng có sẵn của hồ sơ", request=s.RowValuesSerializer, parameters=[GROUP],
                   responses={200: s.ChangeSetDetailSerializer, **ERRORS})
    def patch(self, request: Request, pk: int, group: str, row_id: int) -> Response:
        change_set = self.change_set(pk)
        params = self.valid(s.RowValuesSerializer, request.data, group=group)
        services.change_set_row_change(acting_user=self.account, change_set=change_set, group=group,
                                       row_id=row_id, **params)
        return self.detail(pk)

    @extend_schema(summary="Đề nghị xóa một dòng của hồ sơ", parameters=[GROUP, EXPECTED_VERSION],
                   responses={200: s.ChangeSetDetailSerializer, **ERRORS})
    def delete(self, request: Request, pk: int, group: str, row_id: int) -> Response:
        change_set = self.change_set(pk)
        params = self.query(s.VersionedSerializer)
        services.change_set_row_remove(acting_user=self.account, change_set=change_set, group=group,
                                       row_id=row_id, **params)
        return self.detail(pk)


class ItemView(ChangeSetBaseView):
    @extend_schema(summary="Sửa giá trị của một dòng đề nghị thêm mới", request=s.RowValuesSerializer,
                   responses={200: s.ChangeSetDetailSerializer, **ERRORS})
    def patch(self, request: Request, pk: int, item_id: int) -> Response:
        change_set = self.change_set(pk)
        params = self.valid(s.RowValuesSerializer, request.data, group=_item_group(change_set, item_id))
        services.change_set_item_update(acting_user=self.account, change_set=change_set, item_id=item_id, **params)
        return self.detail(pk)

    @extend_schema(summary="Bỏ một thay đổi đã đề nghị (cùng tài liệu của nó)", parameters=[EXPECTED_VERSION],
                   responses={200: s.ChangeSetDetailSerializer, **ERRORS})
    def delete(self, request: Request, pk: int, item_id: int) -> Response:
        change_set = self.change_set(pk)
        params = self.query(s.VersionedSerializer)
        services.change_set_item_discard(acting_user=self.account, change_set=change_set, item_id=item_id, **params)
        return self.detail(pk)


def _item_group(change_set: ChangeSet, item_id: int) -> str | None:
    """The group of an item (prefetched by the selector), so its dates can be checked."""
    return next((item.group for item in change_set.items.all() if item.pk == item_id), None)


class AttachmentUploadView(ChangeSetBaseView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(summary="Đính kèm bản số hóa tài liệu (PDF, JPEG, PNG) chứng minh một thay đổi",
                   request={"multipart/form-data": s.AttachmentUploadSerializer},
                   responses={201: s.ChangeSetDetailSerializer, **ERRORS})
    def post(self, request: Request, pk: int, item_id: int) -> Response:
        change_set = self.change_set(pk)
        params = self.valid(s.AttachmentUploadSerializer, request.data)
        attachment_add(acting_user=self.account, change_set=change_set, item_id=item_id, **params)
        return self.detail(pk, status.HTTP_201_CREATED)


class SubmitView(ChangeSetBaseView):
    @extend_schema(summary="Gửi đề nghị cho cán bộ được giao quản lý kiểm tra", request=s.VersionedSerializer,
                   responses={200: s.ChangeSetDetailSerializer, **ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        change_set = self.change_set(pk)
        services.change_set_submit(acting_user=self.account, change_set=change_set,
                                   **self.valid(s.VersionedSerializer, request.data))
        return self.detail(pk)


class ReviewView(ChangeSetBaseView):
    @extend_schema(summary="Kiểm tra xong (cấp đơn vị): đề nghị chờ phê duyệt", request=s.VersionedSerializer,
                   responses={200: s.ChangeSetDetailSerializer, **ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        change_set = self.change_set(pk)
        services.change_set_review(acting_user=self.account, change_set=change_set,
                                   **self.valid(s.VersionedSerializer, request.data))
        return self.detail(pk)


class ReturnView(ChangeSetBaseView):
    @extend_schema(summary="Trả lại đề nghị cho người lập, nêu lý do", request=s.ReturnSerializer,
                   responses={200: s.ChangeSetDetailSerializer, **ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        change_set = self.change_set(pk)
        services.change_set_return(acting_user=self.account, change_set=change_set,
                                   **self.valid(s.ReturnSerializer, request.data))
        return self.detail(pk)


class AttachmentDownloadView(CoreAPIView):
    """The only way to a document: scope is checked (and the read logged) on every download."""

    @extend_schema(summary="Tải bản số hóa tài liệu", responses={
        (200, "application/octet-stream"): bytes, 403: s.MessageSerializer, 404: s.MessageSerializer})
    def get(self, request: Request, pk: int) -> Any:
        attachment = attachment_get_for_user(user=self.account, attachment_id=pk)
        try:
            handle = attachment.file.open("rb")
        except (FileNotFoundError, OSError):
            raise NotFoundError(ATTACHMENT_NOT_FOUND) from None
        response = FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                                content_type=attachment.content_type)
        response["Cache-Control"] = "private, no-store"
        return response


class ChangeSetPushView(ChangeSetBaseView):
    """A unit's own system (the token of an admin of the unit) pushes a whole change set (single
    values, row changes, several proving documents) where the province's rules allow it (Bình
    Thuận Art. 12.3); it is submitted to the unit's review and then the approvals, like any other."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(summary="Hệ thống của đơn vị gửi một đề nghị cập nhật (giá trị, dòng thông tin) kèm văn bản chứng minh "
                           "(nơi quy chế cho phép)",
                   request={"multipart/form-data": s.ChangeSetPushSerializer},
                   responses={201: s.ChangeSetDetailSerializer, **ERRORS})
    def post(self, request: Request) -> Response:
        params = self.valid(s.ChangeSetPushSerializer, request.data)
        person = person_get_for_user(user=self.account, person_id=params["person"], purpose="api.change_set_push")
        change_set = change_set_push(acting_user=self.account, person=person, values=params["values"],
                                     rows=[RowPush(**row) for row in params["rows"]],
                                     documents=[params["document"], *params["documents"]],
                                     changed_on=params.get("changed_on"), note=params["note"])
        return self.detail(change_set.pk, status.HTTP_201_CREATED)
