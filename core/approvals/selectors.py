"""Reading approvals: what waits for an approver, the month's per-unit status for the DoHA,
the province's trusted CAs, and one approval by id within the reader's scope."""

import hashlib
import json
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from core.approvals.models import (
    ApprovalLevel,
    ApprovalStatus,
    ExceptionalWindow,
    MonthlyApproval,
    SignatureRequest,
    SyncEndpoint,
    SyncPacket,
    SyncStatus,
    TrustedCA,
)
from core.base.accounts.models import Account
from core.base.errors import NotFoundError
from core.models import ChangeSet, ChangeSetState, OrgUnit, Role, RoleGrant
from core.permissions import account_is_doha_admin, account_role_grants

if TYPE_CHECKING:
    from core.approvals.signing import TrustAnchor

APPROVAL_NOT_FOUND = "Không tìm thấy lần phê duyệt này."


def approval_candidates_for_user(*, user: Account) -> QuerySet[ChangeSet]:
    """Reviewed change sets of the people in `user`'s approver subtrees, not yet approved,
    oldest review first; never the approver's own dossier."""
    grants = account_role_grants(user, [Role.APPROVER])
    if not grants:
        return ChangeSet.objects.none()
    scope = reduce(or_, (Q(person__org_unit__path__startswith=g.org_unit.path) for g in grants))
    return (
        ChangeSet.objects.filter(scope, state=ChangeSetState.REVIEWED).exclude(person__account_id=user.pk)
        .select_related("person__org_unit", "created_by", "reviewed_by").order_by("reviewed_at", "id")
    )


def approval_list_for_user(*, user: Account) -> QuerySet[MonthlyApproval]:
    """Approvals the user may read: all of them for the DoHA, those of their subtrees for an
    approver."""
    grants = account_role_grants(user, [Role.APPROVER, Role.DOHA_ADMIN])
    if not grants:
        return MonthlyApproval.objects.none()
    scope = reduce(or_, (Q(org_unit__path__startswith=g.org_unit.path) for g in grants))
    return (MonthlyApproval.objects.filter(scope).select_related("org_unit", "approver", "approver_grant")
            .annotate(change_set_count=Count("change_sets")).order_by("-approved_at", "-id"))


def approval_get_for_user(*, user: Account, approval_id: object) -> MonthlyApproval:
    """One approval within the reader's scope; missing and forbidden answer alike."""
    try:
        pk = int(str(approval_id))
    except ValueError:
        raise NotFoundError(APPROVAL_NOT_FOUND) from None
    approval = approval_list_for_user(user=user).filter(pk=pk).first()
    if approval is None:
        raise NotFoundError(APPROVAL_NOT_FOUND)
    return approval


@dataclass(frozen=True)
class UnitMonthStatus:
    """Whether one top-level unit approved its data of a month."""

    org_unit: OrgUnit
    approvals: int
    approved_change_sets: int
    waiting_change_sets: int
    taken_up_by_province: bool

    @property
    def label(self) -> str:
        if self.waiting_change_sets:
            return "Chưa phê duyệt"
        if self.approvals:
            return "Đã phê duyệt"
        return "Không có thay đổi"

    @property
    def approved(self) -> bool:
        return self.approvals > 0 and not self.waiting_change_sets


def unit_status_for_month(*, month: str) -> list[UnitMonthStatus]:
    """Each active unit right under the province (agencies, communes): its unit approvals of
    `month` and the reviewed change sets still waiting in its subtree. Three queries."""
    units = list(OrgUnit.objects.filter(parent__parent__isnull=True, parent__isnull=False,
                                        dissolved_on__isnull=True).order_by("path"))
    approvals = list(MonthlyApproval.objects.filter(level=ApprovalLevel.UNIT, month=month)
                     .select_related("org_unit").annotate(sets=Count("change_sets")))
    waiting = list(ChangeSet.objects.filter(state=ChangeSetState.REVIEWED).values_list("person__org_unit__path", flat=True))
    statuses = []
    for unit in units:
        mine = [a for a in approvals if a.org_unit.path.startswith(unit.path)]
        statuses.append(UnitMonthStatus(
            org_unit=unit, approvals=len(mine), approved_change_sets=sum(a.sets for a in mine),  # type: ignore[attr-defined]
            waiting_change_sets=sum(1 for path in waiting if path.startswith(unit.path)),
            taken_up_by_province=bool(mine) and all(a.status == ApprovalStatus.PROVINCE_APPROVED for a in mine),
        ))
    return statuses


@dataclass(frozen=True)
class UnitWaiting:
    """Reviewed change sets waiting for one unit's approver."""

    org_unit: OrgUnit
    change_sets: int


def approval_waiting_by_unit() -> dict[int, UnitWaiting]:
    """The reviewed change sets not yet approved, by the unit that owes their approval: the
    nearest unit at or above the person's that has an approver; with none, the unit right under
    the province (where the DoHA's dashboard counts it). Three queries."""
    approver_units = {g.org_unit.path: g.org_unit for g in RoleGrant.objects.filter(
        role=Role.APPROVER, revoked_at__isnull=True, account__is_active=True).select_related("org_unit")}
    tops = {u.pk: u for u in OrgUnit.objects.filter(depth__lte=1)}
    found: dict[int, UnitWaiting] = {}
    for path in ChangeSet.objects.filter(state=ChangeSetState.REVIEWED).values_list("person__org_unit__path", flat=True):
        over = [unit for prefix, unit in approver_units.items() if path.startswith(prefix)]
        ids = path.strip("/").split("/")
        unit = max(over, key=lambda u: u.depth) if over else tops.get(int(ids[1] if len(ids) > 1 else ids[0]))
        if unit is not None:
            seen = found.get(unit.pk)
            found[unit.pk] = UnitWaiting(org_unit=unit, change_sets=(seen.change_sets if seen else 0) + 1)
    return found


def trust_anchors() -> list["TrustAnchor"]:
    """The province's trusted CAs, with their CRLs."""
    # The certificate code (cryptography's X.509) only when a signature is checked: the DoHA's
    # and the notifications' readers of this module never need it (issue 15).
    from core.approvals.signing import trust_anchor_load

    return [trust_anchor_load(ca.certificate_pem, ca.crl_pem)
            for ca in TrustedCA.objects.filter(removed_at__isnull=True)]


def sync_endpoint() -> SyncEndpoint | None:
    return SyncEndpoint.objects.filter(enabled=True).order_by("id").first()


# --- the DoHA's pages: trusted CAs, exceptional windows, sync packets ------------------------------

DOHA_ONLY = "Không tìm thấy trang này."
CA_NOT_FOUND = "Không tìm thấy chứng thư số này."


@dataclass(frozen=True)
class DohaOverview:
    ca_count: int
    endpoint: SyncEndpoint | None
    window_count: int
    rejected_count: int


def _doha_check(user: Account) -> None:
    # The same answer as for a page that does not exist: others never learn what is here.
    if not account_is_doha_admin(user):
        raise NotFoundError(DOHA_ONLY)


def doha_overview_for_user(*, user: Account) -> DohaOverview:
    _doha_check(user)
    return DohaOverview(
        ca_count=TrustedCA.objects.filter(removed_at__isnull=True).count(),
        endpoint=sync_endpoint(),
        window_count=ExceptionalWindow.objects.count(),
        rejected_count=SyncPacket.objects.filter(status=SyncStatus.REJECTED).count(),
    )


def trusted_ca_list_for_user(*, user: Account) -> list[TrustedCA]:
    _doha_check(user)
    return list(TrustedCA.objects.filter(removed_at__isnull=True).select_related("added_by"))


def trusted_ca_get_for_user(*, user: Account, ca_id: int) -> TrustedCA:
    _doha_check(user)
    ca = TrustedCA.objects.filter(pk=ca_id, removed_at__isnull=True).first()
    if ca is None:
        raise NotFoundError(CA_NOT_FOUND)
    return ca


def exceptional_window_list_for_user(*, user: Account) -> QuerySet[ExceptionalWindow]:
    """The exceptional windows opened, latest first (the caller pages through them)."""
    _doha_check(user)
    return ExceptionalWindow.objects.select_related("org_unit", "opened_by").order_by("-opens", "-id")


def sync_packet_list_for_user(*, user: Account, status: str = "") -> QuerySet[SyncPacket]:
    """The sync packets, newest first, of one status when `status` is one (anything else: all)."""
    _doha_check(user)
    packets = SyncPacket.objects.select_related("person", "approval").order_by("-id")
    if status in SyncStatus.values:
        packets = packets.filter(status=status)
    return packets


@dataclass(frozen=True)
class SignatureDocument:
    """One prepared manifest as the signer sees it before signing."""

    month: str
    level: str
    unit_name: str
    approved_on: str
    change_sets: list[dict[str, Any]]
    unit_approvals: int
    sha256: str
    manifest: str


@dataclass(frozen=True)
class ResumeToSign:
    """A prepared résumé as its signer sees it before signing: whose, which version of the
    dossier, and the SHA-256 the signer's key signs (that of the PDF's signed attributes)."""

    person_id: int
    full_name: str
    national_id: str
    as_of: str | None
    version: int | None
    sha256: str


def resume_signature_shown(request: SignatureRequest) -> ResumeToSign:
    params = request.params
    return ResumeToSign(person_id=int(params["person_id"]), full_name=str(params.get("full_name") or ""),
                        national_id=str(params.get("national_id") or ""), as_of=params.get("as_of"),
                        version=params.get("version"), sha256=str(request.documents[0]))


@dataclass(frozen=True)
class ReportToSign:
    """A prepared scheduled report as its signer sees it before signing: which report, the
    period and figures' date, and the SHA-256 of the exact content signed."""

    report_id: int
    title: str
    period: tuple[str, str]
    figures_on: str | None
    remarks: str
    sha256: str
    manifest: str


def report_signature_shown(request: SignatureRequest) -> ReportToSign:
    from core.reports.selectors.scheduled import REPORT_TITLES

    text = request.documents[0]
    data = json.loads(text)
    period = data.get("period") or ["", ""]
    return ReportToSign(report_id=int(request.params["report_id"]),
                        title=REPORT_TITLES.get(str(data.get("code")), str(data.get("code") or "")), period=(str(period[0]), str(period[1])),
                        figures_on=data.get("figures_on"), remarks=str(data.get("remarks") or ""),
                        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), manifest=text)


def signature_documents(request: SignatureRequest) -> list[SignatureDocument]:
    """What the request asks its signer to sign, read from the prepared bytes themselves."""
    documents = []
    for text in request.documents:
        data = json.loads(text)
        documents.append(SignatureDocument(
            month=data.get("month", ""), level=data.get("level", ""), unit_name=data.get("unit", {}).get("name", ""),
            approved_on=data.get("approved_on", ""), change_sets=list(data.get("change_sets", [])),
            unit_approvals=len(data.get("unit_approvals", [])),
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), manifest=text))
    return documents
