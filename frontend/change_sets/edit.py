"""Changing one's own dossier: open a draft change set, edit a section (single values, and
rows added, changed or removed through htmx partials), attach each change's document, submit.

Every form carries the draft's version (hidden field `version`): the services refuse a save
made on a stale page, and the refusal is shown as they word it.
"""

from dataclasses import dataclass, field
from typing import Any, TypedDict

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from core.base.accounts.models import Account
from core.base.errors import ApplicationError
from core.dossier_values import proof_needed, values_of
from core.models import ChangeItem, ChangeOperation, ChangeSet, Person
from core.selectors.change_sets import change_set_get_for_user, change_set_open_for_user
from core.selectors.people import dossier_get_for_user, person_get_for_user, person_id_for_account
from core.services.change_sets import (
    change_set_create,
    change_set_item_discard,
    change_set_item_update,
    change_set_row_add,
    change_set_row_change,
    change_set_row_remove,
    change_set_values_set,
)
from frontend.change_sets.forms import (
    ChangeSetCreateForm,
    row_form_class,
    values_for_service,
    values_form_class,
)
from frontend.change_sets.sections import (
    SECTIONS_BY_SLUG,
    RowsPart,
    Section,
    ValuesPart,
    field_label,
    part_get,
    part_instance,
    part_rows,
    section_get,
    sections_for,
    value_display,
)
from frontend.common.views import (
    acting,
    errors_attach,
    int_or_none,
    is_htmx,
    signed_in_page,
    version_of,
)

ROW_PREFIX = "row"
NEW_ROW = "moi"


# --- starting a draft ----------------------------------------------------------------------------


@signed_in_page
def draft_start(request: HttpRequest) -> HttpResponse:
    """Open a draft change set for my dossier, dated the day the change happened."""
    user = acting(request)
    person = person_get_for_user(user=user, person_id=person_id_for_account(user=user))
    next_slug = request.POST.get("tiep", request.GET.get("tiep", ""))
    form = ChangeSetCreateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                change_set = change_set_create(acting_user=user, person=person, **form.cleaned_data)
            except ApplicationError as error:
                if error.code == "open_change_set":
                    return redirect("frontend:change-set", change_set_id=error.extra["change_set"])
                errors_attach(error, form)
                status = error.status
            else:
                messages.success(request, f"Đã mở đề nghị cập nhật hồ sơ số {change_set.pk}.")
                if next_slug in SECTIONS_BY_SLUG:
                    return redirect("frontend:section-edit", slug=next_slug)
                return redirect("frontend:my-dossier")
    return render(request, "change_sets/draft_start.html", {"form": form, "next_slug": next_slug}, status=status)


# --- a section's edit page -----------------------------------------------------------------------


@dataclass
class Bound:
    """What a failed (or opened) form looks like when the section is rendered again."""

    values_forms: dict[str, forms.Form] = field(default_factory=dict)
    open_row: str = ""  # "<group>:<key>", key "moi", "r<row id>" or "i<item id>"
    row_form: forms.Form | None = None
    error: str = ""
    notice: str = ""


def _items_of(change_set: ChangeSet | None) -> list[ChangeItem]:
    return list(change_set.items.all()) if change_set is not None else []


def _values_part(person: Person, part: ValuesPart, items: list[ChangeItem], bound: Bound) -> dict[str, Any]:
    current = values_of(part_instance(person, part.group), part.group, list(part.fields))
    item = next((i for i in items if i.group == part.group and i.operation == ChangeOperation.SET), None)
    proposed = {name: value for name, value in (item.values if item else {}).items() if name in part.fields}
    form = bound.values_forms.get(part.key) or values_form_class(part.group, part.fields)(
        initial={**current, **proposed})
    pending = [(field_label(part.group, name), value_display(part.group, name, current[name]),
                value_display(part.group, name, value)) for name, value in proposed.items()]
    return {"part": part, "form": form, "pending": pending, "item": item}


def _row_form(person: Person, part: RowsPart, key: str, items: list[ChangeItem]) -> forms.Form | None:
    form_class = row_form_class(part.group)
    if key == NEW_ROW:
        return form_class(prefix=ROW_PREFIX)
    if key.startswith("i"):
        item = next((i for i in items if str(i.pk) == key[1:] and i.operation == ChangeOperation.ADD), None)
        return form_class(prefix=ROW_PREFIX, initial=item.values) if item else None
    row = next((r for r in part_rows(person, part.group) if f"r{r.pk}" == key), None)
    if row is None:
        return None
    change = next((i for i in items if i.row_id == row.pk and i.group == part.group), None)
    return form_class(prefix=ROW_PREFIX, initial={**values_of(row, part.group), **(change.values if change else {})})


def _rows_part(person: Person, part: RowsPart, items: list[ChangeItem], bound: Bound) -> dict[str, Any]:
    mine = [i for i in items if i.group == part.group]
    by_row = {i.row_id: i for i in mine if i.row_id is not None and i.operation != ChangeOperation.ADD}
    rows = []
    for row in part_rows(person, part.group):
        item = by_row.get(row.pk)
        proposed = {**values_of(row, part.group), **(item.values if item else {})}
        changing = item is not None and item.operation == ChangeOperation.CHANGE
        cells = []
        for name in part.columns:
            now = value_display(part.group, name, getattr(row, name))
            then = value_display(part.group, name, proposed.get(name)) if changing else now
            cells.append((now, then if then != now else None))
        rows.append({"id": row.pk, "key": f"r{row.pk}", "item": item, "cells": cells})
    added = [{"key": f"i{i.pk}", "item": i,
              "cells": [value_display(part.group, name, i.values.get(name)) for name in part.columns]}
             for i in mine if i.operation == ChangeOperation.ADD]
    group, _, key = bound.open_row.partition(":")
    open_key, open_form = "", None
    if group == part.group:
        open_form = bound.row_form or _row_form(person, part, key, items)
        open_key = key if open_form is not None else ""
    return {"part": part, "headers": [field_label(part.group, n) for n in part.columns], "rows": rows,
            "added": added, "open_key": open_key, "open_form": open_form}


def _render_section(request: HttpRequest, person: Person, section: Section, change_set: ChangeSet | None,
                    bound: Bound, status: int = 200) -> HttpResponse:
    items = _items_of(change_set)
    parts = [_values_part(person, p, items, bound) if isinstance(p, ValuesPart) else _rows_part(person, p, items, bound)
             for p in section.parts]
    context = {"person": person, "section": section, "sections": sections_for(person), "change_set": change_set,
               "parts": parts, "bound": bound, "start_form": ChangeSetCreateForm(),
               "url": reverse("frontend:section-edit", kwargs={"slug": section.slug})}
    if not is_htmx(request):
        return render(request, "change_sets/section_edit.html", context, status=status)
    # A refusal answered to htmx is swapped in place (see the hx-on handler of section_edit.html);
    # 422 rather than 400/403/404, which django-htmx's debug helper takes over as error pages.
    return render(request, "change_sets/_section_edit.html", context, status=422 if status in (400, 403, 404) else status)


@signed_in_page
def section_edit(request: HttpRequest, slug: str) -> HttpResponse:
    user = acting(request)
    person_id = person_id_for_account(user=user)
    person = dossier_get_for_user(user=user, person_id=person_id).person
    section = section_get(slug, person)
    open_set = change_set_open_for_user(user=user, person_id=person_id)
    change_set = change_set_get_for_user(user=user, change_set_id=open_set.pk) if open_set else None
    if request.method != "POST" or change_set is None:
        return _render_section(request, person, section, change_set, Bound(open_row=request.GET.get("mo", "")))
    bound, status = _section_post(request, user, change_set, section)
    if status != 200:
        return _render_section(request, person, section, change_set, bound, status=status)
    if not is_htmx(request):
        messages.success(request, bound.notice)
        return redirect("frontend:section-edit", slug=slug)
    change_set = change_set_get_for_user(user=user, change_set_id=change_set.pk)
    return _render_section(request, person, section, change_set, bound)


class _EditArgs(TypedDict):
    """What every change-set edit service takes besides its own arguments."""

    acting_user: Account
    change_set: ChangeSet
    expected_version: int


def _section_post(request: HttpRequest, user: Account, change_set: ChangeSet, section: Section) -> tuple[Bound, int]:
    """Run the one action the form asks for; (what to show, 200) or (the refusal, its status)."""
    part = part_get(section, request.POST.get("part", ""))
    action = request.POST.get("action", "")
    common: _EditArgs = {"acting_user": user, "change_set": change_set, "expected_version": version_of(request)}
    if action == "values" and isinstance(part, ValuesPart):
        return _values_save(request, part, common)
    if not isinstance(part, RowsPart):
        raise Http404
    if action == "row_save":
        return _row_save(request, part, common)
    row_id, item_id = int_or_none(request.POST.get("row")), int_or_none(request.POST.get("item"))
    try:
        if action == "row_remove" and row_id is not None:
            change_set_row_remove(group=part.group, row_id=row_id, **common)
            return Bound(notice="Đã ghi đề nghị xóa dòng."), 200
        if action == "item_discard" and item_id is not None:
            change_set_item_discard(item_id=item_id, **common)
            return Bound(notice="Đã bỏ thay đổi này khỏi đề nghị."), 200
    except ApplicationError as error:
        return Bound(error=error.message), error.status
    raise Http404


def _values_save(request: HttpRequest, part: ValuesPart, common: _EditArgs) -> tuple[Bound, int]:
    form = values_form_class(part.group, part.fields)(request.POST)
    bound = Bound(values_forms={part.key: form})
    if not form.is_valid():
        return bound, 400
    try:
        item = change_set_values_set(group=part.group, values=values_for_service(form), **common)
    except ApplicationError as error:
        errors_attach(error, form)
        return bound, error.status
    if item is None:
        return Bound(notice="Không có thay đổi nào so với hồ sơ."), 200
    if not proof_needed(group=item.group, operation=item.operation, names=list(item.values)):
        return Bound(notice="Đã lưu thay đổi vào đề nghị. Thay đổi này không cần tài liệu chứng minh."), 200
    return Bound(notice="Đã lưu thay đổi vào đề nghị. Hãy đính kèm tài liệu chứng minh trước khi gửi."), 200


def _row_save(request: HttpRequest, part: RowsPart, common: _EditArgs) -> tuple[Bound, int]:
    row_id, item_id = int_or_none(request.POST.get("row")), int_or_none(request.POST.get("item"))
    key = f"r{row_id}" if row_id is not None else f"i{item_id}" if item_id is not None else NEW_ROW
    form = row_form_class(part.group)(request.POST, prefix=ROW_PREFIX)
    bound = Bound(open_row=f"{part.group}:{key}", row_form=form)
    if not form.is_valid():
        return bound, 400
    values = values_for_service(form)
    try:
        if row_id is not None:
            change_set_row_change(group=part.group, row_id=row_id, values=values, **common)
        elif item_id is not None:
            change_set_item_update(item_id=item_id, values=values, **common)
        else:
            change_set_row_add(group=part.group, values=values, **common)
    except ApplicationError as error:
        errors_attach(error, form)
        return bound, error.status
    return Bound(notice="Đã lưu dòng vào đề nghị. Hãy đính kèm tài liệu chứng minh trước khi gửi."), 200
