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
