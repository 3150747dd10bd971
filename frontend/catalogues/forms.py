"""Forms of the console's catalogue pages: they carry the input as typed (numbers as text) and
read dates; every rule about the values, including what may be left empty, is the services'
(core.catalogues.editing), whose refusals the views put beside these fields."""

from typing import Any

from django import forms

from core.catalogues.kinds import CatalogueKind

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]
DATE_ERRORS = {"invalid": "Ngày không hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd)."}
DATE_FIELDS = {"valid_from", "valid_to"}


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(label=label, required=False, input_formats=DATE_INPUTS, error_messages=DATE_ERRORS,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


def _basis_fields() -> dict[str, forms.Field]:
    return {
        "legal_basis": forms.CharField(
            label="Căn cứ (số, ký hiệu văn bản; ví dụ: Quyết định 121-TCTK/PPCĐ)", required=False,
            widget=forms.Textarea(attrs={"rows": 2})),
        "effective_date": _date_field("Ngày có hiệu lực"),
    }


def _label(kind: CatalogueKind, name: str) -> str:
    text = kind.field_label(name)
    return text[:1].upper() + text[1:]


def catalogue_entry_form_class(kind: CatalogueKind, *, adding: bool) -> type[forms.Form]:
    """The add (with the code) or edit form of one catalogue's entries, with the basis fields."""
    attrs: dict[str, Any] = {}
    if adding:
        attrs["code"] = forms.CharField(label=f"Mã (ví dụ: {kind.code_example})", required=False)
    for name in kind.fields:
        attrs[name] = _date_field(_label(kind, name)) if name in DATE_FIELDS else forms.CharField(
            label=_label(kind, name), required=False)
    attrs.update(_basis_fields())
    return type(f"{kind.model.__name__}{'Add' if adding else 'Edit'}Form", (forms.Form,), attrs)


class CatalogueBasisForm(forms.Form):
    """Retiring an entry, or taking it back into use: the basis and the date only."""

    legal_basis = _basis_fields()["legal_basis"]
    effective_date = _date_field("Ngày có hiệu lực")


def entry_values(form: forms.Form, kind: CatalogueKind, *, adding: bool) -> dict[str, Any]:
    """The entry's values of a valid form, for the service."""
    names = ("code", *kind.fields) if adding else kind.fields
    return {name: form.cleaned_data[name] for name in names}
