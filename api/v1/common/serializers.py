"""What the core API reads in (validated, bounded) and writes out (documented in the schema).

Input serializers only check shape and type; every rule (who may, which state, which value is
allowed) is core's, and its refusals come back as ApplicationError.
"""

import json
from datetime import date
from typing import Any

from django.db import models
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.v1.common.fields import (
    DATE_ERRORS,
    DATE_MAX,
    DATE_MIN,
    DATE_OUT_OF_RANGE,
    MAX_ID,
    NUL_CHARACTER,
    InputSerializer,
    TextField,
    bool_field,
    choice_field,
    date_field,
    id_field,
    version_field,
)
from core.base.errors import ApplicationError
from core.dossier_values import editable_fields
from core.models import (
    ChangeSetState,
    ObligationState,
    PersonCategory,
    Role,
)
from core.sensitive import SENSITIVE_GROUPS

# --- inputs ------------------------------------------------------------------------------------


class SignInSerializer(InputSerializer):
    username = TextField(150, help_text="Số định danh cá nhân (tài khoản cá nhân) hoặc tên đăng nhập")
    password = TextField(128, trim_whitespace=False, style={"input_type": "password"})


class PersonListQuerySerializer(InputSerializer):
    q = TextField(200, required=False, allow_blank=True, help_text="Họ tên (có hoặc không dấu) hoặc số định danh")
    unit = id_field("Mã cơ quan, đơn vị (unit)", required=False)
    rank = TextField(20, required=False, allow_blank=True, help_text="Mã ngạch")
    category = choice_field(PersonCategory.choices, "Đối tượng", required=False)
    archived = bool_field(required=False, default=False)


class OrgUnitListQuerySerializer(InputSerializer):
    on = date_field(required=False, help_text="Cơ cấu tổ chức tại ngày (YYYY-MM-DD); mặc định hôm nay")
    root = id_field("Mã đơn vị gốc (root)", required=False)  # type: ignore[assignment]  # DRF's metaclass pops declared fields: the name is free


class OnDateQuerySerializer(InputSerializer):
    on = date_field(required=False, help_text="YYYY-MM-DD; mặc định hôm nay")


class ChangeSetListQuerySerializer(InputSerializer):
    person = id_field("Mã hồ sơ (person)", required=False)
    state = choice_field(ChangeSetState.choices, "Trạng thái", required=False)


class ObligationListQuerySerializer(InputSerializer):
    state = choice_field(ObligationState.choices, "Trạng thái", required=False, default=ObligationState.OPEN)


class ChangeSetCreateSerializer(InputSerializer):
    person = id_field("Mã hồ sơ (person)")
    changed_on = date_field(required=False, help_text="Ngày phát sinh thay đổi; mặc định hôm nay")
    note = TextField(2000, required=False, allow_blank=True, default="")


_SCALARS = (str, int, float, bool, type(None))


@extend_schema_field({"type": "object", "additionalProperties": True,
                      "example": {"current_position": "Phó Trưởng phòng"}})
class ValuesField(serializers.DictField):
    """Field name → value (text, number, true/false or null); dates as YYYY-MM-DD."""

    default_error_messages = {"not_a_dict": "Giá trị (values) phải là một đối tượng JSON: {{\"tên trường\": giá trị}}."}


def values_checked(group: str | None, values: dict[str, Any]) -> dict[str, Any]:
    """Each value a scalar the database can hold, and each date of `group` YYYY-MM-DD or null
    ("" clears it). Refused here, named "values.<field>", because the model's own parsing fails
    on a number given for a date rather than reporting it."""
    try:
        fields = editable_fields(group) if group else {}
    except ApplicationError:
        fields = {}  # the service names the unknown group
    cleaned, errors = dict(values), {}
    for name, value in values.items():
        field = fields.get(name)
        if not isinstance(value, _SCALARS):
            errors[name] = "Giá trị phải là chữ, số, true/false hoặc null."
        elif isinstance(value, str) and "\x00" in value:
            errors[name] = NUL_CHARACTER
        elif isinstance(value, int) and abs(value) > MAX_ID:
            errors[name] = "Số quá lớn."
        elif isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            if value in ("", None):
                cleaned[name] = None
            elif not isinstance(value, str) or not _is_iso_date(value):
                errors[name] = DATE_ERRORS["invalid"]
            elif not DATE_MIN <= date.fromisoformat(value) <= DATE_MAX:
                errors[name] = DATE_OUT_OF_RANGE
    if errors:
        raise serializers.ValidationError({f"values.{name}": message for name, message in errors.items()})
    return cleaned


def _is_iso_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


class VersionedSerializer(InputSerializer):
    expected_version = version_field()


class GroupValuesSerializer(VersionedSerializer):
    group = TextField(40, help_text="“identity”, “dossier”, hoặc một nhóm nhiều dòng (training, reward, …)")
    values = ValuesField()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs["values"] = values_checked(attrs["group"], attrs["values"])
        return attrs


class RowValuesSerializer(VersionedSerializer):
    values = ValuesField()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs["values"] = values_checked(self.context.get("group"), attrs["values"])
        return attrs


class ReturnSerializer(VersionedSerializer):
    reason = TextField(2000, help_text="Lý do trả lại", error_messages={"blank": "Nêu lý do trả lại."})


class ChangeSetPushSerializer(InputSerializer):
    """A unit's system pushes a whole change set with its proving documents (multipart): single
    values, row changes of the repeating groups, the main document and further ones."""

    person = id_field("Mã hồ sơ (person) thuộc đơn vị")
    changed_on = date_field(required=False, help_text="Ngày phát sinh thay đổi; mặc định hôm nay")
    note = TextField(2000, required=False, allow_blank=True, default="")
    values = serializers.CharField(
        max_length=20000, required=False, default="{}",
        help_text='JSON: nhóm thông tin ("identity", "dossier") → {tên trường: giá trị}')
    rows = serializers.CharField(
        max_length=50000, required=False, default="[]",
        help_text='JSON: các dòng của nhóm nhiều dòng, mỗi dòng {"group": "work_history", "action": "add" | "change" '
                  '| "remove", "row": mã dòng (sửa, xóa), "values": {tên trường: giá trị}, "document": số thứ tự '
                  'tài liệu chứng minh (0: document; 1, 2…: documents)}; tối đa 50 dòng')
    documents = serializers.ListField(
        child=serializers.FileField(max_length=255, allow_empty_file=False), required=False, default=list,
        max_length=10, help_text="Các tài liệu chứng minh khác (tối đa 10), đánh số từ 1 theo thứ tự gửi")
    document = serializers.FileField(
        max_length=255, allow_empty_file=False,
        error_messages={"required": "Chưa kèm văn bản, tài liệu chứng minh.", "invalid": "Dữ liệu gửi lên không phải một tệp.",
                        "no_name": "Tệp không có tên.", "empty": "Tệp rỗng.",
                        "max_length": "Tên tệp tối đa {max_length} ký tự."},
    )

    def validate_values(self, raw: str) -> dict[str, dict[str, Any]]:
        try:
            parsed = json.loads(raw)
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict) or not all(isinstance(v, dict) for v in parsed.values()):
            raise serializers.ValidationError('Giá trị (values) phải là JSON {"nhóm": {"tên trường": giá trị}}.')
        return {str(group): values_checked(str(group), group_values) for group, group_values in parsed.items()}

    def validate_rows(self, raw: str) -> list[dict[str, Any]]:
        try:
            parsed = json.loads(raw)
        except ValueError:
            parsed = None
        shape = ('Dòng (rows) phải là JSON [{"group": …, "action": "add" | "change" | "remove", "row": …, '
                 '"values": {…}, "document": …}], tối đa 50 dòng.')
        if not isinstance(parsed, list) or len(parsed) > 50 or not all(isinstance(r, dict) for r in parsed):
            raise serializers.ValidationError(shape)
        rows = []
        for row in parsed:
            group, action, values = row.get("group"), row.get("action"), row.get("values", {})
            row_id, document = row.get("row"), row.get("document", 0)
            if (not isinstance(group, str) or action not in ("add", "change", "remove") or not isinstance(values, dict)
                    or not (row_id is None or (type(row_id) is int and 0 < row_id <= MAX_ID))
                    or not (isinstance(document, int) and not isinstance(document, bool) and 0 <= document <= 10)
                    or set(row) - {"group", "action", "row", "values", "document"}):
                raise serializers.ValidationError(shape)
            rows.append({"group": group, "action": action, "row": row_id, "document": document,
                         "values": values_checked(group, values)})
        return rows


class AttachmentUploadSerializer(VersionedSerializer):
    file = serializers.FileField(
        max_length=255, allow_empty_file=False,
        error_messages={"required": "Chưa chọn tệp.", "invalid": "Dữ liệu gửi lên không phải một tệp.",
                        "no_name": "Tệp không có tên.", "empty": "Tệp rỗng.",
                        "max_length": "Tên tệp tối đa {max_length} ký tự."},
    )
    description = TextField(300, required=False, allow_blank=True, default="")


class GrantBasisSerializer(InputSerializer):
    """The documents a grant rests on; which ones a province asks for is the service's to check."""

    is_head = bool_field(required=False, default=False, help_text="Người phê duyệt là thủ trưởng")
    authorisation = TextField(200, required=False, allow_blank=True, default="",
                              help_text="Số văn bản ủy quyền phê duyệt (người không phải thủ trưởng)")
    authorisation_date = date_field(required=False, allow_null=True, default=None)
    doha_agreement = TextField(200, required=False, allow_blank=True, default="",
                               help_text="Số văn bản thống nhất của Sở Nội vụ (tài khoản đơn vị trực thuộc)")
    doha_agreement_date = date_field(required=False, allow_null=True, default=None)
    appointment_decision = TextField(200, required=False, allow_blank=True, default="",
                                     help_text="Số quyết định của thủ trưởng giao quản trị dữ liệu")
    appointment_date = date_field(required=False, allow_null=True, default=None)
    access_request = TextField(200, required=False, allow_blank=True, default="",
                               help_text="Số văn bản đề nghị cấp quyền của cơ quan quản lý có thẩm quyền")
    access_request_date = date_field(required=False, allow_null=True, default=None)


class RoleRevokeSerializer(InputSerializer):
    revoke_request = TextField(200, required=False, allow_blank=True, default="",
                               help_text="Số văn bản đề nghị thu hồi quyền (nơi quy chế yêu cầu)")
    revoke_request_date = date_field(required=False, allow_null=True, default=None)


class RoleGrantCreateSerializer(GrantBasisSerializer):
    account = TextField(150, help_text="Tên đăng nhập của tài khoản được cấp vai trò")
    role = choice_field([c for c in Role.choices if c[0] != Role.EMPLOYEE], "Vai trò")
    org_unit = id_field("Mã cơ quan, đơn vị (org_unit)")


class AccountCreateSerializer(GrantBasisSerializer):
    username = TextField(150)
    full_name = TextField(200)
    role = choice_field([c for c in Role.choices if c[0] != Role.EMPLOYEE], "Vai trò")
    org_unit = id_field("Mã cơ quan, đơn vị (org_unit)")


class AccountActiveSerializer(InputSerializer):
    active = bool_field(help_text="false: khóa tài khoản; true: mở lại")
    reason = TextField(300, allow_blank=True, help_text="Lý do hoặc số văn bản đề nghị")


class ConsentCreateSerializer(InputSerializer):
    grantee = TextField(150, help_text="Tên đăng nhập của người được khai thác")
    person = id_field("Mã hồ sơ (person)", required=False, allow_null=True)
    org_unit = id_field("Mã cơ quan, đơn vị (org_unit)", required=False, allow_null=True)
    reason = TextField(500, allow_blank=True)
    document_number = TextField(200, allow_blank=True)
    valid_until = date_field()


# --- outputs -----------------------------------------------------------------------------------


class MessageSerializer(serializers.Serializer):
    """Every refusal: a Vietnamese message, a stable code, and the fields concerned."""

    message = serializers.CharField()
    code = serializers.CharField()
    extra = serializers.DictField()


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Chỉ hiện một lần: hệ thống chỉ lưu bản băm.")
    expiry = serializers.DateTimeField(allow_null=True)
    must_change_password = serializers.BooleanField()


class UnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AccountRefSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    national_id = serializers.CharField()
    full_name = serializers.CharField()


class OrgUnitVersionSerializer(serializers.Serializer):
    """A unit as it stood on the day asked: name, code and parent of that day."""

    id = serializers.IntegerField(source="org_unit_id")
    name = serializers.CharField()
    electronic_code = serializers.CharField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)  # type: ignore[assignment]  # DRF's metaclass pops declared fields: the name is free
    kind = serializers.CharField(source="org_unit.kind")
    kind_label = serializers.CharField(source="org_unit.get_kind_display")
    depth = serializers.IntegerField(source="org_unit.depth")
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(allow_null=True)


class OrgTreeNodeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="version.org_unit_id")
    name = serializers.CharField(source="version.name")
    electronic_code = serializers.CharField(source="version.electronic_code")
    kind = serializers.CharField(source="org_unit.kind")
    children = serializers.SerializerMethodField()

    @extend_schema_field({"type": "array", "items": {"type": "object"},
                          "description": "Các đơn vị trực thuộc, cùng cấu trúc"})
    def get_children(self, node: Any) -> list[dict[str, Any]]:
        return OrgTreeNodeSerializer(node.children, many=True).data  # type: ignore[return-value]


class OrgUnitHistorySerializer(serializers.Serializer):
    name = serializers.CharField()
    electronic_code = serializers.CharField()
    parent = UnitRefSerializer(allow_null=True)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(allow_null=True)
    change = serializers.CharField()
    change_label = serializers.CharField(source="get_change_display")
    decision = serializers.CharField()


class OrgUnitDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    name = serializers.CharField()
    electronic_code = serializers.CharField()
    parent = UnitRefSerializer(allow_null=True)
    depth = serializers.IntegerField()
    established_on = serializers.DateField()
    dissolved_on = serializers.DateField(allow_null=True)
    successor = UnitRefSerializer(allow_null=True)
    end_change = serializers.CharField()
    end_decision = serializers.CharField()
    history = serializers.SerializerMethodField(help_text="Mọi trạng thái của đơn vị, cũ trước")

    @extend_schema_field(OrgUnitHistorySerializer(many=True))
    def get_history(self, unit: Any) -> Any:
        return OrgUnitHistorySerializer(self.context["history"], many=True).data


class PersonListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    national_id = serializers.CharField()
    full_name = serializers.CharField()
    gender = serializers.CharField()
    birth_year = serializers.IntegerField()
    category = serializers.CharField()
    category_label = serializers.CharField(source="get_category_display")
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    org_unit = UnitRefSerializer()
    rank_code = serializers.CharField(source="dossier.rank_code", default="")
    is_archived = serializers.BooleanField()


class PersonDetailSerializer(PersonListSerializer):
    rank_code = None  # type: ignore[assignment]
    birth_date = serializers.DateField(allow_null=True)
    birth_month = serializers.IntegerField(allow_null=True)
    status_changed_on = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()
    has_account = serializers.SerializerMethodField()

    def get_has_account(self, person: Any) -> bool:
        return person.account_id is not None


HIDDEN_HELP = ("Trường thuộc nhóm dữ liệu nhạy cảm mà vai trò của người đọc không được xem (quy tắc "
               "access.sensitive_groups) có giá trị là chuỗi “Đã ẩn — dữ liệu nhạy cảm” thay cho giá trị thật.")


class DossierSerializer(serializers.Serializer):
    person = PersonDetailSerializer()
    access = serializers.CharField(source="access.channel", help_text="self, role hoặc consent")
    content = serializers.JSONField(help_text="Toàn bộ hồ sơ: version, identity, dossier, rows{nhóm: [dòng]}. "
                                              + HIDDEN_HELP)
    hidden_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=list(SENSITIVE_GROUPS.items())), source="hidden",
        help_text="Các nhóm dữ liệu nhạy cảm bị ẩn với người đọc: ethnicity, religion, health, party, family, "
                  "id_documents.")

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        data["hidden_groups"] = sorted(data["hidden_groups"], key=list(SENSITIVE_GROUPS).index)
        return data


class DossierSectionSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    version = serializers.IntegerField()
    section = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # DRF's metaclass pops declared fields: the name is free
    data = serializers.JSONField(help_text=HIDDEN_HELP)  # type: ignore[assignment]  # DRF's metaclass pops declared fields: the name is free


class DossierVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    created_by = AccountRefSerializer(allow_null=True)
    change_set = serializers.IntegerField(source="change_set_id", allow_null=True)


class ReadLogSerializer(serializers.Serializer):
    reader = AccountRefSerializer()
    read_at = serializers.DateTimeField()
    channel = serializers.CharField()
    channel_label = serializers.CharField(source="get_channel_display")
    consent_grant = serializers.IntegerField(source="consent_grant_id", allow_null=True)
    purpose = serializers.CharField()


class PersonAccountSerializer(serializers.Serializer):
    username = serializers.CharField(source="account.username")
    password = serializers.CharField(help_text="Mật khẩu ban đầu, chỉ hiện một lần; phải đổi khi đăng nhập lần đầu")


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    description = serializers.CharField()
    uploaded_at = serializers.DateTimeField()
    download = serializers.SerializerMethodField()

    def get_download(self, attachment: Any) -> str:
        return reverse("api-attachment-download", kwargs={"pk": attachment.pk})


class FieldDiffSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # DRF's metaclass pops declared fields: the name is free
    before = serializers.JSONField()
    after = serializers.JSONField()


class ChangeItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="item.id")
    group = serializers.CharField(source="item.group")
    group_label = serializers.CharField()
    operation = serializers.CharField(source="item.operation")
    operation_label = serializers.CharField()
    row_id = serializers.IntegerField(source="item.row_id", allow_null=True)
    values = serializers.JSONField(source="item.values")
    previous = serializers.JSONField(source="item.previous")
    fields = FieldDiffSerializer(many=True, help_text="Khác biệt từng trường: trước và sau")  # type: ignore[assignment]  # DRF's metaclass pops declared fields: the name is free
    attachments = AttachmentSerializer(many=True)


class ChangeSetListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = PersonRefSerializer()
    org_unit = UnitRefSerializer(source="person.org_unit")
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    version = serializers.IntegerField(help_text="Gửi lại làm expected_version ở lần lưu tiếp theo")
    base_version = serializers.IntegerField()
    changed_on = serializers.DateField()
    created_by = AccountRefSerializer()
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)
    return_reason = serializers.CharField()


class ChangeSetDetailSerializer(ChangeSetListSerializer):
    note = serializers.CharField()
    submitted_by = AccountRefSerializer(allow_null=True)
    reviewed_by = AccountRefSerializer(allow_null=True)
    items = serializers.SerializerMethodField(help_text="Từng thay đổi với khác biệt và tài liệu chứng minh")

    @extend_schema_field(ChangeItemSerializer(many=True))
    def get_items(self, change_set: Any) -> Any:
        return ChangeItemSerializer(self.context["diff"], many=True).data


class GrantableRoleSerializer(serializers.Serializer):
    role = serializers.CharField()
    label = serializers.SerializerMethodField()  # type: ignore[assignment]  # DRF's metaclass pops declared fields: the name is free
    org_unit = UnitRefSerializer()

    def get_label(self, grantable: Any) -> str:
        return str(Role(grantable.role).label)


class RoleGrantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    account = AccountRefSerializer()
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")
    org_unit = UnitRefSerializer()
    is_head = serializers.BooleanField()
    authorisation = serializers.CharField()
    authorisation_date = serializers.DateField(allow_null=True)
    doha_agreement = serializers.CharField()
    doha_agreement_date = serializers.DateField(allow_null=True)
    appointment_decision = serializers.CharField()
    appointment_date = serializers.DateField(allow_null=True)
    access_request = serializers.CharField()
    access_request_date = serializers.DateField(allow_null=True)
    revoke_request = serializers.CharField()
    revoke_request_date = serializers.DateField(allow_null=True)
    granted_by = AccountRefSerializer(allow_null=True)
    granted_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)


class AccountCreatedSerializer(serializers.Serializer):
    username = serializers.CharField(source="account.username")
    full_name = serializers.CharField(source="account.full_name")
    password = serializers.CharField(help_text="Mật khẩu ban đầu, chỉ hiện một lần; phải đổi khi đăng nhập lần đầu")


class ConsentGrantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    grantee = AccountRefSerializer()
    person = PersonRefSerializer(allow_null=True)
    org_unit = UnitRefSerializer(allow_null=True)
    reason = serializers.CharField()
    document_number = serializers.CharField()
    valid_until = serializers.DateField()
    granted_by = AccountRefSerializer()
    granted_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)


class ObligationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    person = PersonRefSerializer(allow_null=True, help_text="null: việc của đơn vị (báo cáo, phê duyệt, sao lưu)")
    about = serializers.CharField(help_text="Người có hồ sơ, hoặc nội dung việc của đơn vị")
    org_unit = UnitRefSerializer(allow_null=True)
    change_set = serializers.IntegerField(source="change_set_id", allow_null=True)
    event_date = serializers.DateField()
    due = serializers.DateField(allow_null=True, help_text="Hạn theo quy chế của tỉnh; null: quy chế không quy định")
    citation = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    done_at = serializers.DateTimeField(allow_null=True)

