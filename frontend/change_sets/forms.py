"""Forms of the dossier and review pages. They read input (dates, numbers,
files, choices); every rule about the values is the services' (core.services), whose refusals
the views put beside these forms' fields."""

from typing import Any

from django import forms
from django.db import models

from core.dossier_values import BLOOD_TYPES, DOSSIER, editable_fields, group_model, to_json
from frontend.common.forms import date_field

# Administrative units number in the thousands: typed as codes, checked by the service.
TYPED_CATALOGUES = {"administrative_unit"}


class CatalogueChoiceField(forms.ChoiceField):
    """A choice among a national catalogue's entries still offered for new input. Any code of
    the catalogue passes the form (a dossier keeps a retired entry it already names, and the
    form shows it, see DossierForm); whether a retired code may be newly chosen is for the
    services to say (core.dossier_values)."""

    def __init__(self, *, kind: str, **kwargs: Any) -> None:
        from core.catalogues.selectors import catalogue_offered_choices, coded_label

        self.kind = kind
        self.options = [("", "—"), *[(code, coded_label(text, code)) for code, text in catalogue_offered_choices(kind=kind)]]
        super().__init__(choices=self.options, **kwargs)

    def valid_value(self, value: Any) -> bool:
        from core.catalogues.selectors import catalogue_entry_exists

        return value == "" or (isinstance(value, str) and catalogue_entry_exists(kind=self.kind, code=value))

    def show_retired(self, code: object) -> None:
        """Add `code` to the options when it is a retired entry, so a dossier naming it reads
        as that entry instead of as "—"."""
        from core.catalogues.selectors import (
            catalogue_coded_label,
            catalogue_entry_exists,
            catalogue_entry_offered,
        )

        if not isinstance(code, str) or not code or any(code == value for value, _ in self.options):
            return
        if catalogue_entry_offered(kind=self.kind, code=code):
            return
        if catalogue_entry_exists(kind=self.kind, code=code):
            label = catalogue_coded_label(kind=self.kind, code=code)
            self.options = [*self.options, (code, f"{label} — đã ngừng sử dụng")]
            self.choices = self.options


class DossierForm(forms.Form):
    """A dossier form: a catalogue field shows the retired entry the dossier (or the input) names."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, CatalogueChoiceField):
                field.show_retired(self.initial.get(name))
                if self.is_bound:
                    field.show_retired(self.data.get(self.add_prefix(name)))
            elif isinstance(field.widget, FixedListSelect):
                field.widget.keep(self.initial.get(name))


class FixedListSelect(forms.Select):
    """A fixed list (blood types) whose stored value, written before the list, still shows as
    itself rather than as "—"; the services judge what is saved."""

    def keep(self, value: object) -> None:
        if isinstance(value, str) and value and all(value != code for code, _ in self.choices):
            self.choices = [*self.choices, (value, value)]


def _form_field(group: str, name: str, model_field: models.Field) -> forms.Field:
    label = str(model_field.verbose_name)
    label = label[:1].upper() + label[1:]
    required = not model_field.blank
    kind = getattr(group_model(group), "CATALOGUE_FIELDS", {}).get(name)
    if kind and kind not in TYPED_CATALOGUES:
        return CatalogueChoiceField(kind=kind, label=label, required=required)
    if isinstance(model_field, models.DateField):
        return date_field(label, required)
    if (group, name) == (DOSSIER, "blood_type"):
        return forms.CharField(label=label, required=required,
                               widget=FixedListSelect(choices=[("", "—"), *[(b, b) for b in BLOOD_TYPES]]))
    field = model_field.formfield()
    # editable_fields() gives only editable fields, and every editable model field has a form field.
    assert field is not None, f"{group}.{name} has no form field"
    field.label, field.required = label, required
    if isinstance(field.widget, forms.Textarea):
        field.widget.attrs["rows"] = 3
    return field


def values_form_class(group: str, names: tuple[str, ...]) -> type[forms.Form]:
    """A form for `names` of `group`, its fields derived from the model's."""
    model_fields = editable_fields(group)
    attrs: dict[str, Any] = {name: _form_field(group, name, model_fields[name]) for name in names}
    return type(f"{group.title().replace('_', '')}Form", (DossierForm,), attrs)


def row_form_class(group: str) -> type[forms.Form]:
    """A form for every editable field of a row of `group`."""
    return values_form_class(group, tuple(editable_fields(group)))


def values_for_service(form: forms.Form) -> dict[str, Any]:
    """The form's values in the JSON form the change-set services take (dates as yyyy-mm-dd,
    decimals as text), as the API sends them."""
    return {name: to_json(value) for name, value in form.cleaned_data.items()}


class ChangeSetCreateForm(forms.Form):
    changed_on = date_field("Ngày phát sinh thay đổi", required=True)
    note = forms.CharField(label="Ghi chú", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class AttachmentForm(forms.Form):
    file = forms.FileField(label="Bản số hóa tài liệu (PDF, JPEG hoặc PNG)",
                           error_messages={"required": "Chọn tệp tài liệu để tải lên.",
                                           "empty": "Tệp tải lên không có nội dung."})
    description = forms.CharField(label="Tên tài liệu", required=False, max_length=300,
                                  help_text="Ví dụ: Quyết định số 12/QĐ-STC ngày 02/06/2025")


class ReturnForm(forms.Form):
    reason = forms.CharField(label="Lý do trả lại", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
