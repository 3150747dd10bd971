"""Inputs of the statistics and report pages (shape only; rules live in the services)."""

from datetime import date
from typing import Any, cast

from django import forms

DATE_ERROR = "Ngày không hợp lệ (yyyy-mm-dd)."


def _date(label: str) -> forms.DateField:
    return forms.DateField(label=label, required=False, error_messages={"invalid": DATE_ERROR},
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class StatisticsForm(forms.Form):
    don_vi = forms.TypedChoiceField(label="Cơ quan, đơn vị", coerce=int, required=False, empty_value=None)
    ngay = _date("Số liệu tại ngày")
    tu = _date("Biến động từ ngày")
    den = _date("đến ngày")

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["don_vi"]).choices = units

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("tu"), data.get("den")
        if isinstance(start, date) and isinstance(end, date) and start > end:
            self.add_error("tu", "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.")
        return data


class RemarksForm(forms.Form):
    remarks = forms.CharField(label="Ý kiến, khó khăn, vướng mắc, đề xuất", required=False, max_length=20_000,
                              widget=forms.Textarea(attrs={"rows": 6}))


class SendForm(forms.Form):
    reference = forms.CharField(label="Số, ký hiệu văn bản gửi", required=False, max_length=200)
