"""Forms of the transfer pages: they read input; the services decide."""

from django import forms

from core.models import Gender, PersonCategory
from core.transfers.models import LeaveReason, TransferKind
from core.transfers.selectors import DutyState
from core.transfers.services.transfers import Decision

DATE = forms.DateInput(attrs={"type": "date"})


class DecisionForm(forms.Form):
    decision_number = forms.CharField(label="Số văn bản", max_length=100)
    decision_date = forms.DateField(label="Ngày văn bản", widget=DATE)
    signer = forms.CharField(label="Người ký", max_length=200)
    file = forms.FileField(label="Tệp văn bản (PDF, JPEG, PNG)", required=False)
    note = forms.CharField(label="Ghi chú", max_length=500, required=False)

    def decision(self) -> Decision:
        data = self.cleaned_data
        return Decision(number=data["decision_number"], date=data["decision_date"], signer=data["signer"],
                        file=data.get("file"), note=data.get("note", ""))


class StartForm(DecisionForm):
    kind = forms.ChoiceField(label="Loại", choices=[
        (k.value, k.label) for k in (TransferKind.MOVE_WITHIN_UNIT, TransferKind.MOVE_TO_OTHER_UNIT, TransferKind.LEAVE)])
    national_id = forms.CharField(label="Số định danh cá nhân", max_length=12)
    to_unit = forms.IntegerField(label="Mã cơ quan, đơn vị tiếp nhận", required=False, min_value=1)
    leave_reason = forms.ChoiceField(label="Lý do nghỉ", choices=[("", "—"), *LeaveReason.choices], required=False)
    position = forms.CharField(label="Chức vụ tại nơi mới", max_length=200, required=False)
    effective_on = forms.DateField(label="Ngày quyết định có hiệu lực", widget=DATE)
    field_order = ["kind", "national_id", "to_unit", "leave_reason", "position", "effective_on"]


class ReceiveForm(DecisionForm):
    kind = forms.ChoiceField(label="Loại", choices=[
        (k.value, k.label) for k in (TransferKind.ARRIVAL_FROM_OUTSIDE, TransferKind.ARRIVAL_NO_SYNC)])
    to_unit = forms.IntegerField(label="Mã cơ quan, đơn vị tiếp nhận", min_value=1)
    origin = forms.CharField(label="Chuyển đến từ", max_length=300)
    national_id = forms.CharField(label="Số định danh cá nhân", max_length=12)
    full_name = forms.CharField(label="Họ và tên", max_length=200)
    gender = forms.ChoiceField(label="Giới tính", choices=Gender.choices)
    category = forms.ChoiceField(label="Đối tượng", choices=PersonCategory.choices)
    birth_date = forms.DateField(label="Ngày sinh", widget=DATE, required=False)
    birth_year = forms.IntegerField(label="Năm sinh (nếu không rõ ngày)", required=False, min_value=1900, max_value=2100)
    position = forms.CharField(label="Chức vụ", max_length=200, required=False)
    effective_on = forms.DateField(label="Ngày nhận hồ sơ", widget=DATE)
    field_order = ["kind", "to_unit", "origin", "national_id", "full_name", "gender", "category", "birth_date",
                   "birth_year", "position", "effective_on"]


class StepForm(DecisionForm):
    action = forms.CharField(widget=forms.HiddenInput)


class DutyFilterForm(forms.Form):
    state = forms.ChoiceField(label="Trạng thái", required=False,
                              choices=[*DutyState.CHOICES, ("all", "Tất cả")])
