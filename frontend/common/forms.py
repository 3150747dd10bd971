"""Form pieces every feature's pages share."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from core.base.dates import DATE_MAX, DATE_MIN, DATE_OUT_OF_RANGE

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]
DATE_ERRORS = {"invalid": "Ngày không hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd)."}


DATE_BOUNDS = [MinValueValidator(DATE_MIN, DATE_OUT_OF_RANGE), MaxValueValidator(DATE_MAX, DATE_OUT_OF_RANGE)]


def date_field(label: str, required: bool) -> forms.DateField:
    return forms.DateField(label=label, required=required, input_formats=DATE_INPUTS, error_messages=DATE_ERRORS,
                           validators=DATE_BOUNDS,
                           widget=forms.DateInput(attrs={"type": "date", "min": "1900-01-01", "max": "2100-12-31"},
                                                  format="%Y-%m-%d"))


def choices_set(form: forms.Form, name: str, choices: Sequence[tuple[Any, str]]) -> None:
    """Fill a choice field's options once the form knows them (units, ranks, roles)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField), f"{name} is not a choice field"
    field.choices = choices
