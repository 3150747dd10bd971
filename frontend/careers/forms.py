from django import forms

from frontend.common.forms import date_field


class PayDateForm(forms.Form):
    on = date_field("Ngày", required=False)


class DecisionForm(forms.Form):
    decision_number = forms.CharField(label="Số quyết định", max_length=100, required=False)
    decision_date = date_field("Ngày quyết định", required=False)
    reason = forms.CharField(label="Lý do không nâng", max_length=300, required=False)
