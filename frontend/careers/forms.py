from django import forms

from frontend.common.forms import date_field


class PayDateForm(forms.Form):
    on = date_field("Ngày", required=False)
