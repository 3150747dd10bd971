"""The province's backup page (`/sao-luu/`): its runs, a banner when the month's backup is
missing or failed, and a button to back up now. The DoHA admin and the technical agency that
checks backups with it; anyone else gets "not found". Each view calls the backup selectors and
services."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.backups.models import BackupRun, BackupScope, BackupStatus
from core.backups.selectors import BackupPlan, backup_list, backup_plan
from core.backups.services import backup_run
from core.base.errors import NotFoundError
from core.permissions import account_is_doha_admin, account_is_tech_agency
from core.selectors.org_units import org_unit_get, org_unit_names
from frontend.common.paging import page_of
from frontend.common.views import acting, signed_in_page
from tenants.models import Province

NOT_FOUND = "Không tìm thấy."


def _province_for_doha(request: HttpRequest) -> Province:
    """The province of this host, for its DoHA admin or technical agency; "not found" for
    everyone else."""
    province = getattr(request, "tenant", None)
    user = acting(request)
    if (not isinstance(province, Province) or province.is_public
            or not (account_is_doha_admin(user) or account_is_tech_agency(user))):
        raise NotFoundError(NOT_FOUND)
    return province


def _unit_label(org_unit_id: int | None) -> str:
    if org_unit_id is None:
        return ""
    try:
        return org_unit_get(org_unit_id=org_unit_id).name
    except NotFoundError:
        return f"#{org_unit_id}"


def _banner(plan: BackupPlan, latest: BackupRun | None) -> dict[str, object] | None:
    """What the page warns about: the month's backups the daily check counts as missing, and a
    latest attempt that failed while the month still has no good backup."""
    failed = latest if latest is not None and latest.status == BackupStatus.FAILED and plan.province_due else None
    if not plan.missing and failed is None:
        return None
    units = [_unit_label(int(item.split(":", 1)[1])) for item in plan.missing if item.startswith("unit:")]
    return {"province": "province" in plan.missing, "units": units, "failed": failed}


@signed_in_page
def backup_page(request: HttpRequest) -> HttpResponse:
    province = _province_for_doha(request)
    today = timezone.localdate()
    runs = backup_list()
    page = page_of(request, runs)
    latest = runs.filter(scope=BackupScope.PROVINCE).first()
    plan = backup_plan(province=province, today=today)
    units = org_unit_names(org_unit_ids={run.org_unit_id for run in page if run.org_unit_id is not None})
    return render(request, "backups/list.html", {
        "province": province, "today": today, "banner": _banner(plan, latest), "page": page,
        "rows": [(run, units.get(run.org_unit_id, f"#{run.org_unit_id}") if run.org_unit_id is not None else "")
                 for run in page],
    })


@signed_in_page
@require_POST
def backup_run_now(request: HttpRequest) -> HttpResponse:
    province = _province_for_doha(request)
    run = backup_run(acting_user=acting(request), province=province)
    if run.status == BackupStatus.OK:
        messages.success(request, f"Đã sao lưu dữ liệu {province.name} lúc {timezone.localtime(run.started_at):%H:%M %d/%m/%Y}.")
    else:
        messages.error(request, f"Sao lưu thất bại: {run.error}")
    return redirect("frontend:backups")
