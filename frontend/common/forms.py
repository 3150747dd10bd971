"""Form pieces every feature's pages share."""

from collections.abc import Sequence
from typing import Any

from django import forms

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]
DATE_ERRORS = {"invalid": "Ngày không hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd)."}


def date_field(label: str, required: bool) -> forms.DateField:
    return forms.DateField(label=label, required=required, input_formats=DATE_INPUTS, error_messages=DATE_ERRORS,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


def choices_set(form: forms.Form, name: str, choices: Sequence[tuple[Any, str]]) -> None:
    """Fill a choice field's options once the form knows them (units, ranks, roles)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField), f"{name} is not a choice field"
    field.choices = choices
