"""The people list's filter."""

from typing import Any

from django import forms

from core.models import PersonCategory
from frontend.common.forms import choices_set


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label="Họ tên hoặc số định danh", required=False, max_length=200)
    don_vi = forms.TypedChoiceField(label="Cơ quan, đơn vị", required=False, coerce=int, empty_value=None)
    ngach = forms.ChoiceField(label="Ngạch", required=False)
    doi_tuong = forms.ChoiceField(label="Đối tượng", required=False,
                                  choices=[("", "Tất cả"), *PersonCategory.choices])

    def __init__(self, *args: Any, units: list[tuple[int, str]], ranks: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices_set(self, "don_vi", [("", "Tất cả"), *units])
        choices_set(self, "ngach", [("", "Tất cả"), *ranks])
