from django import forms

from core.tech_agency.models import CheckResult, CheckSubject
from core.tech_agency.services import MESSAGE_MAX

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]


class CheckForm(forms.Form):
    checked_on = forms.DateField(label="Ngày kiểm tra", widget=forms.DateInput(attrs={"type": "date"}))
    subjects = forms.MultipleChoiceField(label="Nội dung đã kiểm tra", choices=CheckSubject.choices,
                                         widget=forms.CheckboxSelectMultiple, required=False)
    result = forms.ChoiceField(label="Kết quả", choices=CheckResult.choices)
    notes = forms.CharField(label="Ghi chú (tồn tại, việc cần khắc phục)", widget=forms.Textarea(attrs={"rows": 3}),
                            max_length=4000, required=False)


class MaintenanceForm(forms.Form):
    starts_at = forms.DateTimeField(label="Bắt đầu tạm dừng lúc", input_formats=DATETIME_FORMATS,
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label="Dự kiến hoạt động lại lúc", input_formats=DATETIME_FORMATS,
                                  widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    message = forms.CharField(label="Nội dung thông báo cho người dùng", max_length=MESSAGE_MAX,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict:  # type: ignore[type-arg]
        cleaned = super().clean() or {}
        for name in ("starts_at", "ends_at"):
            value = cleaned.get(name)
            if value is not None and not 1900 <= value.year <= 2100:
                self.add_error(name, "Thời điểm phải trong khoảng năm 1900 đến 2100.")
        return cleaned
