"""The console's national catalogues: the list with counts, one catalogue's entries (search,
add), one entry (edit, retire, take back into use) and its history. Operators only; every
change goes through core.catalogues.editing, which keeps the history and the audit row."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone

from core.base.errors import ApplicationError
from core.catalogues.editing import (
    catalogue_entry_add,
    catalogue_entry_edit,
    catalogue_entry_restore,
    catalogue_entry_retire,
)
from core.catalogues.kinds import CatalogueKind
from core.catalogues.models import CatalogueEntry, CatalogueEntryVersion
from core.catalogues.selectors import (
    catalogue_entry_get,
    catalogue_entry_history,
    catalogue_entry_search,
    catalogue_kind_get,
    catalogue_summaries,
)
from frontend.catalogues.forms import CatalogueBasisForm, catalogue_entry_form_class, entry_values
from frontend.common.views import errors_attach
from frontend.console.auth import operator_of, operator_required

ENTRIES_PER_PAGE = 50
ADD_PREFIX = "moi"
EDIT_PREFIX = "sua"
BASIS_PREFIX = "ngung"


def _kind(slug: str) -> CatalogueKind:
    try:
        return catalogue_kind_get(slug=slug)
    except ApplicationError:
        raise Http404 from None


def _entry(kind: CatalogueKind, code: str) -> CatalogueEntry:
    try:
        return catalogue_entry_get(kind=kind, code=code)
    except ApplicationError:
        raise Http404 from None


@operator_required
def catalogue_list(request: HttpRequest) -> HttpResponse:
    return render(request, "catalogues/list.html", {"summaries": catalogue_summaries()})


@operator_required
def catalogue_entries(request: HttpRequest, slug: str) -> HttpResponse:
    kind = _kind(slug)
    if request.method == "POST" and not kind.addable:
        return HttpResponseNotAllowed(["GET"])
    form = catalogue_entry_form_class(kind, adding=True)(request.POST or None, prefix=ADD_PREFIX)
    if request.method == "POST" and form.is_valid():
        try:
            entry = catalogue_entry_add(
                acting_user=operator_of(request), kind=kind, values=entry_values(form, kind, adding=True),
                legal_basis=form.cleaned_data["legal_basis"], effective_date=form.cleaned_data["effective_date"],
            )
        except ApplicationError as error:
            errors_attach(error, form)
        else:
            messages.success(request, f"Đã thêm mục “{entry.name}” (mã {entry.code}) vào danh mục {kind.label.lower()}.")
            return redirect("console:catalogue_entry", slug=kind.slug, code=entry.code)
    query = request.GET.get("q", "").strip()
    page = Paginator(catalogue_entry_search(kind=kind, query=query), ENTRIES_PER_PAGE).get_page(request.GET.get("trang"))
    return render(request, "catalogues/entries.html", {
        "kind": kind, "form": form, "page": page, "query": query, "today": _today(),
        "columns": [_field_label(kind, name) for name in kind.own_fields],
        "rows": [(entry, [getattr(entry, name) for name in kind.own_fields]) for entry in page.object_list],
    })


@operator_required
def catalogue_entry(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    kind = _kind(slug)
    entry = _entry(kind, code)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    edit_form = catalogue_entry_form_class(kind, adding=False)(
        request.POST if action == "sua" else None, prefix=EDIT_PREFIX, initial=_initial(kind, entry))
    basis_form = CatalogueBasisForm(request.POST if action in ("ngung", "dung-lai") else None, prefix=BASIS_PREFIX)
    if action == "sua" and edit_form.is_valid():
        data = edit_form.cleaned_data
        done = _run(request, edit_form, lambda: catalogue_entry_edit(
            acting_user=operator_of(request), kind=kind, code=entry.code, values=entry_values(edit_form, kind, adding=False),
            legal_basis=data["legal_basis"], effective_date=data["effective_date"]), "Đã lưu thay đổi của mục “{name}”.")
        if done:
            return redirect("console:catalogue_entry", slug=kind.slug, code=entry.code)
    elif action in ("ngung", "dung-lai") and basis_form.is_valid():
        service = catalogue_entry_retire if action == "ngung" else catalogue_entry_restore
        data = basis_form.cleaned_data
        notice = ("Đã ngừng sử dụng mục “{name}”: hồ sơ cũ vẫn giữ, không còn chọn được cho thông tin mới."
                  if action == "ngung" else "Mục “{name}” được sử dụng trở lại.")
        done = _run(request, basis_form, lambda: service(
            acting_user=operator_of(request), kind=kind, code=entry.code, legal_basis=data["legal_basis"],
            effective_date=data["effective_date"]), notice)
        if done:
            return redirect("console:catalogue_entry", slug=kind.slug, code=entry.code)
    elif request.method == "POST" and action not in ("sua", "ngung", "dung-lai"):
        raise Http404
    return render(request, "catalogues/entry.html", {
        "kind": kind, "entry": entry, "edit_form": edit_form, "basis_form": basis_form, "today": _today(),
        "values": [(_field_label(kind, name), _display(getattr(entry, name))) for name in kind.fields],
        "versions": _version_rows(kind, catalogue_entry_history(kind=kind, code=entry.code)[:5]),
    })


@operator_required
def catalogue_entry_history_page(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    kind = _kind(slug)
    entry = _entry(kind, code)
    return render(request, "catalogues/history.html", {
        "kind": kind, "entry": entry,
        "versions": _version_rows(kind, catalogue_entry_history(kind=kind, code=entry.code)),
    })


def _run(request: HttpRequest, form: forms.Form, call: Callable[[], CatalogueEntry], notice: str) -> bool:
    """Run one service; its refusal goes beside the form's fields (nothing was saved)."""
    try:
        entry = call()
    except ApplicationError as error:
        errors_attach(error, form)
        return False
    messages.success(request, notice.format(name=entry.name))
    return True


def _today() -> date:
    return timezone.localdate()


def _initial(kind: CatalogueKind, entry: CatalogueEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in kind.fields}


# --- showing values and versions -----------------------------------------------------------------


@dataclass(frozen=True)
class VersionRow:
    version: CatalogueEntryVersion
    changes: list[tuple[str, str, str]]  # (field label, before, after)


def _field_label(kind: CatalogueKind, name: str) -> str:
    try:
        text = kind.field_label(name)
    except FieldDoesNotExist:  # a field a file once had and the model no longer does
        text = name
    return text[:1].upper() + text[1:]


def _display(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


def _version_rows(kind: CatalogueKind, versions: Iterable[CatalogueEntryVersion]) -> list[VersionRow]:
    """Each version's changed fields in the form's order (the JSON keeps no order); an addition
    lists only the fields it filled."""
    order = {name: i for i, name in enumerate(("code", *kind.fields, "retired_on"))}
    rows = []
    for version in versions:
        names = sorted({*version.before, *version.after}, key=lambda name: (order.get(name, len(order)), name))
        if version.action == CatalogueEntryVersion.Action.ADD:
            names = [name for name in names if version.after.get(name) not in (None, "")]
        changes = [(_field_label(kind, name), _display(version.before.get(name)) if name in version.before else "",
                    _display(version.after.get(name))) for name in names]
        rows.append(VersionRow(version, changes))
    return rows
