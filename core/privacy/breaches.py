"""The breach workflow: a DoHA admin (or an operator of the platform, for this province)
records an incident; hoso drafts the notice due to the authority within the rules' hours of
its discovery (`privacy.breach_notice_hours`: 72 under Nghị định 356/2025/NĐ-CP) and opens the
DoHA's duty, which the daily run reminds about; the notice is edited until it is sent. Every
step is audited."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError, NotFoundError
from core.models import Obligation, ObligationKind, OrgUnit, Person, Role
from core.permissions import role_require
from core.privacy.models import BreachIncident, BreachState
from core.services.obligations import obligation_close
from rules.domain.registry import RuleKey
from rules.selectors import rules_effective
from tenants.context import current_province

NOT_DOHA = "Chỉ quản trị Sở Nội vụ ghi nhận và xử lý sự cố dữ liệu cá nhân."
NOT_FOUND = "Không tìm thấy sự cố."
SUMMARY_REQUIRED = "Hãy mô tả sự cố."
DISCOVERED_REQUIRED = "Hãy ghi thời điểm phát hiện sự cố."
DISCOVERED_FUTURE = "Thời điểm phát hiện không được sau thời điểm hiện tại."
OCCURRED_AFTER = "Thời điểm xảy ra không được sau thời điểm phát hiện."
UNKNOWN_PEOPLE = "Không có người nào mang số định danh: {numbers}."
COUNT_BELOW = "Số người bị ảnh hưởng không được ít hơn số người đã nêu ({count})."
NOTICE_REQUIRED = "Nội dung thông báo không được để trống."
ALREADY_NOTIFIED = "Thông báo về sự cố này đã được gửi; không sửa được nữa."
NO_RULE = "Quy chế hiện hành không quy định thời hạn thông báo vi phạm dữ liệu cá nhân."
AUTHORITY = "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao (A05), Bộ Công an"


@dataclass(frozen=True)
class BreachInput:
    summary: str
    discovered_at: datetime | None
    occurred_at: datetime | None = None
    data_kinds: str = ""
    affected_count: int = 0
    national_ids: tuple[str, ...] = ()
    measures: str = ""


def _doha_require(user: Account) -> None:
    role_require(user, roles=(Role.DOHA_ADMIN,), org_unit=OrgUnit.objects.get(parent__isnull=True), message=NOT_DOHA)


def breach_list(*, user: Account) -> QuerySet[BreachIncident]:
    _doha_require(user)
    return BreachIncident.objects.select_related("obligation").prefetch_related("people")


def breach_get(*, user: Account, incident_id: int) -> BreachIncident:
    _doha_require(user)
    incident = BreachIncident.objects.filter(pk=incident_id).prefetch_related("people").first()
    if incident is None:
        raise NotFoundError(NOT_FOUND)
    return incident


def _people(national_ids: Iterable[str]) -> tuple[list[Person], dict[str, str]]:
    wanted = sorted({n.strip() for n in national_ids if n.strip()})
    found = list(Person.objects.filter(national_id__in=wanted))
    missing = sorted(set(wanted) - {p.national_id for p in found})
    return found, ({"national_ids": UNKNOWN_PEOPLE.format(numbers=", ".join(missing))} if missing else {})


def _checked(data: BreachInput) -> list[Person]:
    errors: dict[str, str] = {}
    if not data.summary.strip():
        errors["summary"] = SUMMARY_REQUIRED
    if data.discovered_at is None:
        errors["discovered_at"] = DISCOVERED_REQUIRED
    elif data.discovered_at > timezone.now():
        errors["discovered_at"] = DISCOVERED_FUTURE
    elif data.occurred_at is not None and data.occurred_at > data.discovered_at:
        errors["occurred_at"] = OCCURRED_AFTER
    people, unknown = _people(data.national_ids)
    errors.update(unknown)
    if data.affected_count < len(people):
        errors["affected_count"] = COUNT_BELOW.format(count=len(people))
    if errors:
        raise ApplicationError.for_fields(errors)
    return people


def breach_notice_draft(incident: BreachIncident, *, province_name: str) -> str:
    """The notice to the authority, in the order the decree's form asks (to be checked against
    the form in the decree's appendix)."""
    local = timezone.localtime
    lines = [
        f"Kính gửi: {AUTHORITY}.",
        "",
        f"Sở Nội vụ tỉnh {province_name} thông báo vi phạm quy định về bảo vệ dữ liệu cá nhân trong Cơ sở dữ liệu "
        "cán bộ, công chức, viên chức và người lao động của tỉnh như sau:",
        f"1. Mô tả sự cố: {incident.summary}",
        f"2. Thời điểm phát hiện: {local(incident.discovered_at):%H:%M ngày %d/%m/%Y}"
        + (f"; thời điểm xảy ra: {local(incident.occurred_at):%H:%M ngày %d/%m/%Y}" if incident.occurred_at else ""),
        f"3. Loại dữ liệu cá nhân bị ảnh hưởng: {incident.data_kinds or 'đang xác định'}",
        f"4. Số người bị ảnh hưởng (ước tính): {incident.affected_count}",
        f"5. Biện pháp đã thực hiện: {incident.measures or 'đang thực hiện'}",
        "6. Đầu mối liên hệ: Sở Nội vụ (quản trị Cơ sở dữ liệu).",
        "",
        f"Thông báo được gửi trong thời hạn đến {local(incident.notice_due_at):%H:%M ngày %d/%m/%Y}"
        + (f" ({incident.citation})." if incident.citation else "."),
    ]
    return "\n".join(lines)


def breach_record(*, acting_user: Account | None, data: BreachInput, operator_label: str = "") -> BreachIncident:
    """Record an incident of this province, draft its notice and open the DoHA's duty, due
    `privacy.breach_notice_hours` after the discovery. `acting_user` None: an operator of the
    platform, named by `operator_label` (the console)."""
    if acting_user is not None:
        _doha_require(acting_user)
    people = _checked(data)
    assert data.discovered_at is not None
    rules = rules_effective(as_of=timezone.localdate(data.discovered_at))
    hours, cited = rules.value(RuleKey.PRIVACY_BREACH_NOTICE_HOURS), rules[RuleKey.PRIVACY_BREACH_NOTICE_HOURS].citation
    if not isinstance(hours, int):
        raise ApplicationError(NO_RULE, code="no_rule")
    citation = f"{cited.article}, {cited.document}"[:300] if cited else ""
    due_at = data.discovered_at + timedelta(hours=hours)
    province = current_province()
    label = (acting_user.full_name or acting_user.username) if acting_user is not None else f"vận hành: {operator_label}"
    with transaction.atomic():
        incident = BreachIncident(
            summary=data.summary.strip(), discovered_at=data.discovered_at, occurred_at=data.occurred_at,
            data_kinds=data.data_kinds.strip(), affected_count=data.affected_count, measures=data.measures.strip(),
            notice_due_at=due_at, citation=citation, recorded_by=acting_user, recorded_by_label=label[:200])
        incident.notice = breach_notice_draft(incident, province_name=province.name if province else "")
        incident.save()
        incident.people.set(people)
        incident.obligation = Obligation.objects.create(
            kind=ObligationKind.BREACH_NOTICE, org_unit=OrgUnit.objects.get(parent__isnull=True),
            event_date=timezone.localdate(data.discovered_at), due=timezone.localdate(due_at), citation=citation,
            reference=f"breach:{incident.pk}",
            subject=f"{data.summary.strip()[:200]} (hạn {timezone.localtime(due_at):%H:%M %d/%m/%Y})")
        incident.save(update_fields=["obligation"])
        audit_record(acting_user=acting_user, action="privacy.breach_record", target=f"breach:{incident.pk}",
                     detail={"recorded_by": label, "people": len(people), "due": due_at.isoformat()})
    return incident


def breach_notice_edit(*, acting_user: Account, incident_id: int, notice: str) -> BreachIncident:
    with transaction.atomic():
        incident = breach_get(user=acting_user, incident_id=incident_id)
        if incident.state != BreachState.OPEN:
            raise ApplicationError(ALREADY_NOTIFIED, code="already_notified")
        if not notice.strip():
            raise ApplicationError.for_fields({"notice": NOTICE_REQUIRED})
        incident.notice = notice.strip()
        incident.save(update_fields=["notice"])
        audit_record(acting_user=acting_user, action="privacy.breach_notice_edit", target=f"breach:{incident.pk}")
    return incident


def breach_notified(*, acting_user: Account, incident_id: int) -> BreachIncident:
    """The notice went to the authority: the duty is done (late if past its due time)."""
    with transaction.atomic():
        incident = breach_get(user=acting_user, incident_id=incident_id)
        if incident.state != BreachState.OPEN:
            raise ApplicationError(ALREADY_NOTIFIED, code="already_notified")
        incident.state, incident.notified_at = BreachState.NOTIFIED, timezone.now()
        incident.save(update_fields=["state", "notified_at"])
        obligation_close(incident.obligation)
        audit_record(acting_user=acting_user, action="privacy.breach_notified", target=f"breach:{incident.pk}",
                     detail={"late": incident.notified_at > incident.notice_due_at})
    return incident


def breach_notice_docx(incident: BreachIncident) -> bytes:
    """The notice as a Word document, to sign and send."""
    import io

    from docx import Document

    document = Document()
    document.add_heading("THÔNG BÁO VI PHẠM QUY ĐỊNH VỀ BẢO VỆ DỮ LIỆU CÁ NHÂN", level=1)
    for line in incident.notice.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
