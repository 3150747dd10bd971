from django import forms

from core.privacy.models import RequestKind
from core.privacy.services import ANSWER_MAX, DETAIL_MAX


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label="Loại yêu cầu", choices=RequestKind.choices)
    detail = forms.CharField(label="Nội dung yêu cầu", widget=forms.Textarea(attrs={"rows": 4}),
                             max_length=DETAIL_MAX, required=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(label="Trả lời", widget=forms.Textarea(attrs={"rows": 5}), max_length=ANSWER_MAX,
                             required=False)
    change_set = forms.IntegerField(label="Số đề nghị thay đổi đã thực hiện việc chỉnh sửa (nếu có)",
                                    required=False, min_value=1, max_value=2**63 - 1)


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]


class BreachForm(forms.Form):
    summary = forms.CharField(label="Sự cố (điều gì đã xảy ra)", widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=4000, required=False)
    discovered_at = forms.DateTimeField(label="Phát hiện lúc", input_formats=DATETIME_FORMATS, required=False,
                                        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    occurred_at = forms.DateTimeField(label="Xảy ra lúc (nếu biết)", input_formats=DATETIME_FORMATS, required=False,
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    data_kinds = forms.CharField(label="Loại dữ liệu bị ảnh hưởng", max_length=2000, required=False)
    affected_count = forms.IntegerField(label="Số người bị ảnh hưởng (ước tính)", min_value=0, max_value=10_000_000,
                                        initial=0)
    national_ids = forms.CharField(label="Số định danh của những người đã biết bị ảnh hưởng (mỗi dòng một số)",
                                   widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000, required=False)
    measures = forms.CharField(label="Biện pháp đã thực hiện", widget=forms.Textarea(attrs={"rows": 3}),
                               max_length=4000, required=False)

    def clean(self) -> dict:  # type: ignore[type-arg]
        cleaned = super().clean() or {}
        for name in ("discovered_at", "occurred_at"):
            value = cleaned.get(name)
            if value is not None and not 1900 <= value.year <= 2100:
                self.add_error(name, "Thời điểm phải trong khoảng năm 1900 đến 2100.")
        return cleaned


class NoticeForm(forms.Form):
    notice = forms.CharField(label="Thông báo gửi cơ quan chuyên trách", widget=forms.Textarea(attrs={"rows": 16}),
                             max_length=20_000, required=False)
