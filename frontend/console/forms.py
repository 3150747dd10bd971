"""Forms of the operators' console: shape only; the services decide and explain refusals."""

from django import forms

from rules.domain.presets import PRESET_DOCUMENTS
from tenants.selectors import province_list


class OperatorSignInForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    password = forms.CharField(label="Mật khẩu", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    otp_token = forms.CharField(
        label="Mã xác thực (6 chữ số trong ứng dụng xác thực)", max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def rule_preset_choices() -> list[tuple[str, str]]:
    choices = [("baseline", "Khung chung toàn quốc (Thông tư 06/2023/TT-BNV)")]
    choices += [(code, f"Quy chế mẫu của tỉnh {doc.province} ({doc.number})") for code, doc in PRESET_DOCUMENTS.items()]
    choices += [(f"copy:{p.code}", f"Sao chép quy chế hiện hành của tỉnh {p.name}") for p in province_list()]
    return choices


class ProvinceOnboardForm(forms.Form):
    code = forms.CharField(label="Mã tỉnh (chữ thường không dấu, ví dụ: ha-giang)", max_length=41)
    name = forms.CharField(label="Tên tỉnh", max_length=100)
    official_name = forms.CharField(label="Tên đầy đủ (bỏ trống: “Tỉnh …”)", max_length=200, required=False)
    subdomain = forms.CharField(label="Tên miền con (ví dụ: hagiang)", max_length=63)
    rule_preset = forms.ChoiceField(label="Quy chế ban đầu", choices=())
    tech_agency = forms.CharField(label="Cơ quan phụ trách hạ tầng công nghệ thông tin (không bắt buộc)",
                                  max_length=200, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["rule_preset"].choices = rule_preset_choices()  # type: ignore[attr-defined]


class StatusChangeForm(forms.Form):
    reason = forms.CharField(label="Lý do", max_length=300, required=False)


class NationalCalendarOverrideForm(forms.Form):
    day = forms.DateField(label="Ngày", widget=forms.DateInput(attrs={"type": "date"}),
                          error_messages={"invalid": "Ngày không hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd)."})
    working = forms.TypedChoiceField(label="Thành", choices=[("0", "Ngày nghỉ"), ("1", "Ngày làm việc (làm bù)")],
                                     coerce=lambda value: value == "1")
    reason = forms.CharField(label="Lý do (ví dụ: số văn bản thông báo)", max_length=300)
    legal_basis = forms.CharField(label="Căn cứ", max_length=300, required=False)


class PasswordSetForm(forms.Form):
    password = forms.CharField(label="Mật khẩu mới", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password_again = forms.CharField(label="Nhập lại mật khẩu mới",
                                     widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))


def province_choices() -> list[tuple[str, str]]:
    return [("", "— chọn tỉnh —")] + [(p.code, p.name) for p in province_list().exclude(status="merged")]


class MergerPlanForm(forms.Form):
    source = forms.ChoiceField(label="Tỉnh sáp nhập (dữ liệu chuyển đi)", choices=())
    target = forms.ChoiceField(label="Tỉnh nhận", choices=())
    effective_on = forms.DateField(label="Ngày hiệu lực", widget=forms.DateInput(attrs={"type": "date"}),
                                   error_messages={"invalid": "Ngày không hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd).",
                                                   "required": "Nhập ngày hiệu lực."})
    basis = forms.CharField(label="Căn cứ", max_length=300, required=False,
                            help_text="Bỏ trống: Nghị quyết số 202/2025/QH15 của Quốc hội.")
    source_root_name = forms.CharField(label="Tên mới của tổ chức tỉnh cũ trong cây của tỉnh nhận", max_length=300,
                                       required=False, help_text="Bỏ trống: “Khu vực Tỉnh … (trước sáp nhập)”.")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = province_choices()
        self.fields["source"].choices = choices  # type: ignore[attr-defined]
        self.fields["target"].choices = choices  # type: ignore[attr-defined]
        for name in ("source", "target"):
            self.fields[name].error_messages["required"] = "Chọn tỉnh."
            self.fields[name].error_messages["invalid_choice"] = "Tỉnh không có trong danh sách."
