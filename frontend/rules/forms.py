"""Forms of the rules settings page: one per kind of value, plus the legal basis every change needs."""

from typing import Any

from django import forms

from frontend.common.forms import DATE_BOUNDS
from rules.domain.types import ApprovalWindow, DayCount

REQUIRED = {"required": "Cần nhập giá trị này."}
INT_ERRORS = {"invalid": "Phải là một số nguyên.", **REQUIRED}
DATE_ERRORS = {"invalid": "Ngày không hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd).", **REQUIRED}
DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]


class LegalBasisForm(forms.Form):
    effective_from = forms.DateField(label="Hiệu lực từ ngày", input_formats=DATE_INPUTS, error_messages=DATE_ERRORS,
                                     validators=DATE_BOUNDS, widget=forms.DateInput(attrs={"type": "date"}))
    document = forms.CharField(label="Văn bản làm căn cứ", max_length=300, required=False,
                               help_text="Số, ký hiệu văn bản, ví dụ: Quyết định 12/2027/QĐ-UBND")
    article = forms.CharField(label="Điều, khoản", max_length=200, required=False, help_text="Ví dụ: Điều 7 khoản 2")
    document_effective = forms.DateField(label="Ngày văn bản có hiệu lực", required=False, input_formats=DATE_INPUTS,
                                         error_messages=DATE_ERRORS, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ValueForm(forms.Form):
    """Turns the submitted fields into the rule's JSON value (None: the province sets nothing)."""

    unset = forms.BooleanField(label="Tỉnh không quy định (áp dụng Thông tư 06/2023/TT-BNV)", required=False)

    def to_value(self) -> object:
        if self.cleaned_data.get("unset"):
            return None
        return self.build(self.cleaned_data)

    def build(self, data: dict[str, Any]) -> object:
        raise NotImplementedError

    @classmethod
    def initial_from(cls, value: object) -> dict[str, Any]:
        return {"unset": value is None}


class DayCountForm(ValueForm):
    n = forms.IntegerField(label="Số ngày", required=False, error_messages=INT_ERRORS)
    unit = forms.ChoiceField(label="Tính theo", choices=[("working", "ngày làm việc"), ("calendar", "ngày (lịch)")])

    def build(self, data: dict[str, Any]) -> object:
        return {"n": data.get("n"), "unit": data["unit"]}

    @classmethod
    def initial_from(cls, value: object) -> dict[str, Any]:
        return {**super().initial_from(value), **(value.to_dict() if isinstance(value, DayCount) else {})}


class WindowForm(ValueForm):
    kind = forms.ChoiceField(label="Cách tính", choices=[
        ("last_working_days", "N ngày làm việc cuối tháng"),
        ("last_calendar_days", "N ngày cuối tháng"),
        ("day_range", "Từ ngày … đến hết ngày … của tháng"),
        ("before_day", "Trước ngày … của tháng"),
    ])
    n = forms.IntegerField(label="N (số ngày)", required=False, error_messages=INT_ERRORS)
    start_day = forms.IntegerField(label="Từ ngày", required=False, error_messages=INT_ERRORS)
    end_day = forms.IntegerField(label="Đến hết ngày", required=False, error_messages=INT_ERRORS)
    before_day = forms.IntegerField(label="Trước ngày", required=False, error_messages=INT_ERRORS)
    roll_forward_end = forms.BooleanField(label="Ngày cuối trùng ngày nghỉ thì lùi sang ngày làm việc kế tiếp", required=False)
    signature_required = forms.BooleanField(label="Phê duyệt bằng ký số", required=False)

    def build(self, data: dict[str, Any]) -> object:
        return {name: data.get(name) for name in
                ("kind", "n", "start_day", "end_day", "before_day", "roll_forward_end", "signature_required")}

    @classmethod
    def initial_from(cls, value: object) -> dict[str, Any]:
        return {**super().initial_from(value), **(value.to_dict() if isinstance(value, ApprovalWindow) else {})}


class BoolForm(ValueForm):
    flag = forms.TypedChoiceField(label="Giá trị", choices=[("1", "Có"), ("0", "Không")], coerce=lambda v: v == "1")

    def build(self, data: dict[str, Any]) -> object:
        return bool(data["flag"])

    @classmethod
    def initial_from(cls, value: object) -> dict[str, Any]:
        return {**super().initial_from(value), "flag": "1" if value else "0"}


class IntForm(ValueForm):
    number = forms.IntegerField(label="Giá trị", required=False, error_messages=INT_ERRORS)

    def build(self, data: dict[str, Any]) -> object:
        return data.get("number")

    @classmethod
    def initial_from(cls, value: object) -> dict[str, Any]:
        return {**super().initial_from(value), "number": value}


class TextForm(ValueForm):
    text = forms.CharField(label="Giá trị", required=False, max_length=500)

    def build(self, data: dict[str, Any]) -> object:
        return data.get("text", "")

    @classmethod
    def initial_from(cls, value: object) -> dict[str, Any]:
        return {**super().initial_from(value), "text": value or ""}


class JsonForm(ValueForm):
    """Structured values (report duties, backup duty) are edited as JSON, validated by the rules."""

    document = forms.JSONField(label="Giá trị (JSON)", required=False, widget=forms.Textarea(attrs={"rows": 12}),
                               error_messages={"invalid": "Không đọc được JSON: kiểm tra dấu ngoặc và dấu phẩy."})

    def build(self, data: dict[str, Any]) -> object:
        return data.get("document")

    @classmethod
    def initial_from(cls, value: object) -> dict[str, Any]:
        from rules.domain.ruleset import encode_value

        return {**super().initial_from(value), "document": encode_value(value)}


class SignersForm(ValueForm):
    """One choice per signature; "" keeps the platform's default (the server's development keys)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from rules.domain.signing import KIND_LABELS, PURPOSE_LABELS, allowed_kinds

        super().__init__(*args, **kwargs)
        for purpose, label in PURPOSE_LABELS.items():
            choices = [("", "Mặc định của hệ thống (khóa thử nghiệm trên máy chủ)")]
            choices += [(kind, KIND_LABELS[kind]) for kind in allowed_kinds(purpose)]
            self.fields[purpose] = forms.ChoiceField(label=label, choices=choices, required=False)

    def build(self, data: dict[str, Any]) -> object:
        from rules.domain.signing import PURPOSE_LABELS

        return {purpose: data[purpose] for purpose in PURPOSE_LABELS if data.get(purpose)}

    @classmethod
    def initial_from(cls, value: object) -> dict[str, Any]:
        from rules.domain.signing import SignerChoice

        return {**super().initial_from(value), **(dict(value.kinds) if isinstance(value, SignerChoice) else {})}


FORM_FOR_KIND: dict[str, type[ValueForm]] = {
    "day_count": DayCountForm,
    "approval_window": WindowForm,
    "bool": BoolForm,
    "int": IntForm,
    "text": TextForm,
    "url": TextForm,
    # The code of one of rules.domain.registry.ARRIVAL_FLOWS ("unit_syncs", "doha_request").
    "arrival_flow": TextForm,
    "reports": JsonForm,
    "backup": JsonForm,
    "retirement_age": JsonForm,
    "retirement_notice": JsonForm,
    "salary_raise": JsonForm,
    "over_frame": JsonForm,
    "appointment_term": JsonForm,
    "discipline_bars": JsonForm,
    "signers": SignersForm,
}


class CalendarOverrideForm(forms.Form):
    day = forms.DateField(label="Ngày", input_formats=DATE_INPUTS, error_messages=DATE_ERRORS,
                          widget=forms.DateInput(attrs={"type": "date"}))
    working = forms.TypedChoiceField(label="Điều chỉnh thành", coerce=lambda v: v == "1",
                                     choices=[("0", "Ngày nghỉ"), ("1", "Ngày làm việc (làm bù)")])
    reason = forms.CharField(label="Lý do", max_length=300, required=False)
    legal_basis = forms.CharField(label="Văn bản thông báo", max_length=300, required=False)


class DocumentDateConfirmForm(forms.Form):
    """The DoHA admin's check of a text's date against the original (rules.services.document_date_confirm)."""

    document_code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    effective = forms.DateField(label="Ngày có hiệu lực ghi trên bản gốc", input_formats=DATE_INPUTS,
                                error_messages=DATE_ERRORS, validators=DATE_BOUNDS,
                                widget=forms.DateInput(attrs={"type": "date"}))
    basis = forms.CharField(label="Căn cứ đối chiếu", required=False,
                            help_text="Ví dụ: bản gốc Quyết định lưu tại Văn phòng UBND tỉnh, đối chiếu ngày …")
