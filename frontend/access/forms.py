"""Forms of the accounts page: person and agency accounts, role grants, consents."""

from typing import Any

from django import forms

from core.models import OrgUnit, Role
from frontend.common.forms import choices_set, date_field

BASIS_FIELDS = ["is_head", "authorisation", "authorisation_date", "authorisation_file", "doha_agreement",
                "doha_agreement_date", "appointment_decision", "appointment_date", "access_request",
                "access_request_date", "access_request_file"]


def _unit_choices(units: list[OrgUnit]) -> list[tuple[int, str]]:
    return [(u.pk, f"{'— ' * max(u.depth - 1, 0)}{u.name}") for u in units]


class PersonAccountForm(forms.Form):
    national_id = forms.CharField(label="Số định danh cá nhân của người được cấp tài khoản", max_length=12)


class _RoleFields(forms.Form):
    role = forms.ChoiceField(label="Vai trò")
    org_unit = forms.TypedChoiceField(label="Trên cơ quan, đơn vị (và các đơn vị trực thuộc)", coerce=int)
    # What each province asks for is checked by the service (core.services.access.GrantBasis).
    is_head = forms.BooleanField(label="Người phê duyệt là thủ trưởng cơ quan, đơn vị", required=False)
    authorisation = forms.CharField(label="Số văn bản ủy quyền phê duyệt (người không phải thủ trưởng)",
                                    required=False, max_length=200)
    authorisation_date = date_field("Ngày văn bản ủy quyền", required=False)
    authorisation_file = forms.FileField(label="Tệp văn bản ủy quyền (PDF, JPEG, PNG; nếu có)", required=False)
    doha_agreement = forms.CharField(label="Số văn bản thống nhất của Sở Nội vụ (tài khoản đơn vị trực thuộc)",
                                     required=False, max_length=200)
    doha_agreement_date = date_field("Ngày văn bản thống nhất", required=False)
    appointment_decision = forms.CharField(label="Số quyết định của thủ trưởng giao quản trị dữ liệu",
                                           required=False, max_length=200)
    appointment_date = date_field("Ngày quyết định giao quản trị", required=False)
    access_request = forms.CharField(label="Số văn bản đề nghị cấp quyền của cơ quan quản lý có thẩm quyền",
                                     required=False, max_length=200)
    access_request_date = date_field("Ngày văn bản đề nghị cấp quyền", required=False)
    access_request_file = forms.FileField(label="Tệp văn bản đề nghị (PDF, JPEG, PNG; nếu có)", required=False)

    def __init__(self, *args: Any, roles: list[str], units: list[OrgUnit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices_set(self, "role", [(r, Role(r).label) for r in roles])
        choices_set(self, "org_unit", _unit_choices(units))


class AgencyAccountForm(_RoleFields):
    username = forms.CharField(label="Tên đăng nhập", max_length=50)
    full_name = forms.CharField(label="Tên tài khoản (cơ quan, người sử dụng)", max_length=200)
    field_order = ["username", "full_name", "role", "org_unit", *BASIS_FIELDS]


class RoleGrantForm(_RoleFields):
    username = forms.CharField(label="Tên đăng nhập (số định danh cá nhân hoặc tên tài khoản cơ quan)", max_length=150)
    field_order = ["username", "role", "org_unit", *BASIS_FIELDS]


class RoleRevokeForm(forms.Form):
    """The written request for a revocation, where the province's rules ask for one."""

    revoke_request = forms.CharField(label="Số văn bản đề nghị thu hồi", required=False, max_length=200)
    revoke_request_date = date_field("Ngày văn bản đề nghị thu hồi", required=False)


class AccountActiveForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    active = forms.TypedChoiceField(label="Thao tác", coerce=lambda v: v == "1",
                                    choices=[("0", "Khóa tài khoản"), ("1", "Mở lại tài khoản")])
    reason = forms.CharField(label="Lý do hoặc số văn bản đề nghị", required=False, max_length=300)


class ConsentForm(forms.Form):
    grantee = forms.CharField(label="Tài khoản được khai thác (tên đăng nhập)", max_length=150)
    national_id = forms.CharField(label="Hồ sơ của người (số định danh cá nhân)", required=False, max_length=12)
    org_unit = forms.TypedChoiceField(label="Hoặc hồ sơ của cả đơn vị", required=False, coerce=int, empty_value=None)
    reason = forms.CharField(label="Lý do khai thác", required=False, max_length=500)
    document_number = forms.CharField(label="Số văn bản đồng ý", required=False, max_length=200)
    valid_until = date_field("Đến ngày", required=True)

    def __init__(self, *args: Any, units: list[OrgUnit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices_set(self, "org_unit", [("", "—"), *_unit_choices(units)])


class PasswordChangeForm(forms.Form):
    current_password = forms.CharField(label="Mật khẩu hiện tại", max_length=128, strip=False,
                                       widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password = forms.CharField(label="Mật khẩu mới", max_length=128, strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    new_password_again = forms.CharField(label="Nhập lại mật khẩu mới", max_length=128, strip=False,
                                         widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_password") and data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", "Hai lần nhập mật khẩu mới không khớp.")
        return data
