"""Console pages for backups (operators, public host): every province's latest runs and
drills, one province's runs, and restoring a backup into a new schema with its verification.
Each view calls the backup selectors and services; refusals are shown beside the field."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.backups.models import BackupRun
from core.backups.selectors import (
    ProvinceBackups,
    backup_latest_by_province,
    backup_list_for_province,
    backup_list_restorable,
    backup_plan,
)
from core.backups.services import RestoreResult, backup_restore
from core.base.errors import ApplicationError
from frontend.common.paging import page_of
from frontend.common.views import errors_attach
from frontend.console.auth import operator_of, operator_required
from tenants.models import Province
from tenants.selectors import (
    province_get_for_console,
    province_list_for_background_work,
    province_list_for_console,
)


def _province_or_404(code: str) -> Province:
    province = province_get_for_console(code=code)
    if province is None:
        raise Http404
    return province


def _restorable(province: Province) -> QuerySet[BackupRun]:
    return backup_list_restorable(province=province)


@operator_required
def backups_home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    provinces = list(province_list_for_console())
    backups = backup_latest_by_province()
    none = ProvinceBackups(None, None, None)
    missing = {p.pk: backup_plan(province=p, today=today).missing for p in province_list_for_background_work()}
    rows = [{"province": p, "latest": backups.get(p.pk, none).latest, "latest_ok": backups.get(p.pk, none).latest_ok,
             "drilled": backups.get(p.pk, none).drilled, "missing": missing.get(p.pk)} for p in provinces]
    return render(request, "backups/console_list.html", {"rows": rows, "today": today})


@operator_required
def backups_province(request: HttpRequest, code: str) -> HttpResponse:
    province = _province_or_404(code)
    today = timezone.localdate()
    page = page_of(request, backup_list_for_province(province=province))
    plan = backup_plan(province=province, today=today) if province.is_ready else None
    return render(request, "backups/console_province.html", {
        "p": province, "today": today, "page": page,
        "rows": [(run, f"#{run.org_unit_id}" if run.org_unit_id else "") for run in page],
        "missing": plan.missing if plan else [],
    })


class BackupChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        run: BackupRun = obj
        unit = f" #{run.org_unit_id}" if run.org_unit_id else ""
        started = timezone.localtime(run.started_at)
        return f"#{run.pk} · {started:%d/%m/%Y %H:%M} · {run.get_scope_display()}{unit}"


class RestoreForm(forms.Form):
    backup = BackupChoice(
        label="Bản sao lưu", queryset=BackupRun.objects.none(), empty_label=None,
        error_messages={"invalid_choice": "Bản sao lưu này không còn hoặc chưa từng thành công.",
                        "required": "Chọn bản sao lưu."},
    )
    schema = forms.CharField(
        label="Khôi phục vào lược đồ mới", max_length=63,
        error_messages={"required": "Nhập tên lược đồ mới.",
                        "max_length": "Tên lược đồ tối đa 63 ký tự."},
    )

    def __init__(self, *args: Any, province: Province, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["backup"].queryset = _restorable(province)  # type: ignore[attr-defined]


def _restore_refused(form: RestoreForm, error: ApplicationError) -> None:
    """The target's refusals beside the schema; the file's (tampered, gone, wrong key) beside the backup."""
    if error.extra.get("fields"):
        errors_attach(error, form)
    else:
        form.add_error("backup", error.message)


def _verification_lines(result: RestoreResult) -> list[dict[str, Any]]:
    expected, mismatches = result.backup.table_stats, result.verification.mismatches
    lines = []
    for table in sorted(set(expected) | set(mismatches)):
        differs = mismatches.get(table)
        lines.append({"table": table, "expected": expected.get(table),
                      "found": differs["found"] if differs else expected.get(table), "ok": differs is None})
    return lines


@operator_required
def backups_restore(request: HttpRequest, code: str) -> HttpResponse:
    province = _province_or_404(code)
    today = timezone.localdate()
    initial = {"schema": f"{province.schema_name}_khoiphuc_{today:%Y%m%d}"[:63],
               "backup": request.GET.get("ban") or None}
    form = RestoreForm(request.POST or None, initial=initial, province=province)
    if request.method == "POST" and form.is_valid():
        try:
            result = backup_restore(acting_user=operator_of(request), backup=form.cleaned_data["backup"],
                                    target_schema=form.cleaned_data["schema"].strip())
        except ApplicationError as error:
            _restore_refused(form, error)
        else:
            lines = _verification_lines(result)
            return render(request, "backups/console_restored.html", {
                "p": province, "result": result, "lines": lines,
                "matching": sum(1 for line in lines if line["ok"]),
            })
    return render(request, "backups/console_restore.html", {"p": province, "form": form})
