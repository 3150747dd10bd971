"""The monthly approval: the unit's approver approves (all or some of) the reviewed change
sets of the unit, each then written into its dossier; the DoHA approves the month's unit
approvals, which queues one sync packet per changed person for the national database.

A signing act is one transaction: if the window is closed, the certificate is refused, or a
set cannot be applied, nothing is written.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from core.approvals.models import ApprovalLevel, ApprovalStatus, MonthlyApproval
from core.approvals.selectors import approval_candidates_for_user, trust_anchors
from core.approvals.services.duties import approval_duties_settle
from core.approvals.signing import (
    SIGNATURE_REQUIRED,
    Signer,
    VerifiedSignature,
    manifest_bytes,
    sha256_hex,
    signature_verify,
)
from core.approvals.windows import OpenWindow, approval_window_require
from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError, NotFoundError, PermissionDeniedError
from core.models import ChangeSet, ChangeSetState, OrgUnit, Role, RoleGrant
from core.permissions import NOT_ALLOWED, account_role_grants, grant_over, role_require
from core.services.change_sets import change_set_apply
from rules.domain.registry import RuleKey
from rules.selectors import rules_effective
from tenants.context import current_schema_name

MANIFEST_FORMAT = "hoso.approval/1"
NOT_WAITING = "Không tìm thấy đề nghị số {ids} trong danh sách chờ phê duyệt của bạn."
NOTHING_SELECTED = "Chọn ít nhất một đề nghị để phê duyệt."
NO_UNIT_APPROVALS = "Chưa có cơ quan, đơn vị nào phê duyệt dữ liệu tháng {month} để Sở Nội vụ phê duyệt."


def unit_approval_sign(
    *, acting_user: Account, change_set_ids: Iterable[int], signer: Signer | None, on: date | None = None,
) -> list[MonthlyApproval]:
    """Approve the chosen reviewed sets of the approver's subtrees: one signed approval per
    unit the approver holds, each set applied to its dossier."""
    on = on or timezone.localdate()
    with transaction.atomic():
        groups = _unit_groups(acting_user, change_set_ids, on)
        approvals = [_unit_approve(acting_user, grant, group, signer, on) for grant, group in groups]
        approval_duties_settle()  # the units with nothing left waiting have done their duty
        return approvals


def unit_approval_manifests(*, acting_user: Account, change_set_ids: Iterable[int], on: date) -> list[bytes]:
    """What `unit_approval_sign` on `on` would have the approver sign, one manifest per unit,
    refused for the same reasons; nothing is written."""
    with transaction.atomic():
        return [manifest_bytes(_manifest(approval_window_require(level=ApprovalLevel.UNIT, on=on,
                                                                 org_unit=grant.org_unit),
                                         ApprovalLevel.UNIT, grant.org_unit, acting_user, on, group))
                for grant, group in _unit_groups(acting_user, change_set_ids, on)]


def unit_approval_return(
    *, acting_user: Account, change_set_id: int, reason: str, on: date | None = None,
) -> ChangeSet:
    """The approver sends a reviewed set back to its author instead of approving it.

    `core.services.change_sets.change_set_return` is the unit officer's action on a submitted
    set (it requires the officer's role and the submitted state), so the approver's return of a
    reviewed set is done here, with the same effect: state returned, reason, version counted.
    """
    reason = reason.strip()
    if not reason:
        raise ApplicationError.for_fields({"reason": "Nêu lý do trả lại."})
    with transaction.atomic():
        change_set = (approval_candidates_for_user(user=acting_user).filter(pk=change_set_id)
                      .select_for_update(of=("self",)).first())
        if change_set is None:
            raise NotFoundError(NOT_WAITING.format(ids=change_set_id))
        change_set.state = ChangeSetState.RETURNED
        change_set.return_reason = reason
        change_set.version += 1
        change_set.save(update_fields=["state", "return_reason", "version"])
        audit_record(acting_user=acting_user, action="change_set.return", target=f"change_set:{change_set.pk}",
                     detail={"person": change_set.person_id, "reason": reason, "by": "approver",
                             "on": (on or timezone.localdate()).isoformat()})
        return change_set


def province_approval_sign(*, acting_user: Account, signer: Signer | None, on: date | None = None) -> MonthlyApproval:
    """The DoHA approves every unit approval of the window's month not yet taken up, and the
    changed people go to the national database's outbox."""
    from core.approvals.services.sync import sync_packets_create

    on = on or timezone.localdate()
    with transaction.atomic():
        window, grant, units, sets, data = _province_month(acting_user, on)
        approval = _approval_record(acting_user, window, ApprovalLevel.PROVINCE, grant, data, signer, on,
                                    status=ApprovalStatus.PROVINCE_APPROVED)
        approval.change_sets.set(sets)
        MonthlyApproval.objects.filter(pk__in=[a.pk for a in units]).update(
            status=ApprovalStatus.PROVINCE_APPROVED, province_approval=approval)
        packets = sync_packets_create(approval=approval, change_sets=sets)
        approval_duties_settle()  # the DoHA's duty for the month is done
        audit_record(acting_user=acting_user, action="approval.province_sign", target=f"approval:{approval.pk}",
                     detail={"month": window.month, "unit_approvals": [a.pk for a in units],
                             "change_sets": [s.pk for s in sets], "signed": approval.is_signed,
                             "sync_packets": len(packets)})
        return approval


def province_approval_manifest(*, acting_user: Account, on: date) -> bytes:
    """What `province_approval_sign` on `on` would have the DoHA sign; nothing is written."""
    with transaction.atomic():
        return manifest_bytes(_province_month(acting_user, on)[4])


# --- internals -------------------------------------------------------------------------------


def _unit_groups(
    acting_user: Account, change_set_ids: Iterable[int], on: date,
) -> list[tuple[RoleGrant, list[ChangeSet]]]:
    """The chosen sets, locked, grouped by the approver's grant whose unit covers each (in a
    transaction); each grant one the province's rules on `on` let sign."""
    ids = sorted({int(i) for i in change_set_ids})
    if not ids:
        raise ApplicationError.for_fields({"change_sets": NOTHING_SELECTED})
    grants = account_role_grants(acting_user, [Role.APPROVER])
    if not grants:
        raise PermissionDeniedError(NOT_ALLOWED)
    sets = list(approval_candidates_for_user(user=acting_user).filter(pk__in=ids)
                .select_for_update(of=("self",)).prefetch_related("items"))
    missing = sorted(set(ids) - {s.pk for s in sets})
    if missing:
        raise NotFoundError(NOT_WAITING.format(ids=", ".join(map(str, missing))), extra={"missing": missing})
    by_grant: dict[int, tuple[RoleGrant, list[ChangeSet]]] = {}
    for change_set in sets:
        grant = grant_over(grants, change_set.person.org_unit)
        assert grant is not None  # the candidates come from these grants
        by_grant.setdefault(grant.pk, (grant, []))[1].append(change_set)
    for grant, _ in by_grant.values():
        _approver_capacity_require(grant, on)
    return list(by_grant.values())


def _approver_capacity_require(grant: RoleGrant, on: date) -> None:
    """Where the province's text asks for the head's authorisation in writing (Sơn La Art. 7),
    an approver who is not the head signs only with its number and date recorded on the grant
    (a grant made before the rule, or without them, must be recorded again)."""
    rule = rules_effective(as_of=on)[RuleKey.APPROVER_WRITTEN_AUTHORISATION]
    if not rule.value or grant.is_head or (grant.authorisation and grant.authorisation_date):
        return
    cited = f" ({rule.citation.document}, {rule.citation.article})" if rule.citation else ""
    raise ApplicationError(f"Chưa thể phê duyệt cho “{grant.org_unit.name}”: bạn không phải thủ trưởng và chưa có "
                           f"văn bản ủy quyền phê duyệt (số, ngày) được ghi nhận{cited}.",
                           code="authorisation_required")


def _director_capacity_require(grant: RoleGrant, on: date) -> None:
    """Where the province's text has the Director of the DoHA sign the province's month (Sơn La
    Art. 7, Bình Thuận Art. 7.2), a DoHA admin signs only as the Director (the grant recorded as
    the head) or with the Director's written authorisation (number and date) on the grant."""
    rule = rules_effective(as_of=on)[RuleKey.DOHA_DIRECTOR_SIGNS]
    if not rule.value or grant.is_head or (grant.authorisation and grant.authorisation_date):
        return
    cited = f" ({rule.citation.document}, {rule.citation.article})" if rule.citation else ""
    raise ApplicationError("Chưa thể phê duyệt cấp tỉnh: Giám đốc Sở Nội vụ hoặc người được Giám đốc ủy quyền bằng "
                           "văn bản ký phê duyệt; tài khoản của bạn chưa được ghi là Giám đốc Sở và chưa có văn bản "
                           f"ủy quyền (số, ngày){cited}.", code="director_required")


def _province_month(
    acting_user: Account, on: date,
) -> tuple[OpenWindow, RoleGrant, list[MonthlyApproval], list[ChangeSet], dict[str, Any]]:
    """The window, the DoHA grant over the root, the month's unit approvals (locked), their sets,
    and the manifest."""
    root = OrgUnit.objects.get(parent__isnull=True)
    grant = role_require(acting_user, roles=[Role.DOHA_ADMIN], org_unit=root)
    _director_capacity_require(grant, on)
    window = approval_window_require(level=ApprovalLevel.PROVINCE, on=on)
    units = list(MonthlyApproval.objects.select_for_update().filter(
        level=ApprovalLevel.UNIT, month=window.month, status=ApprovalStatus.UNIT_APPROVED,
    ).select_related("org_unit").order_by("id"))
    if not units:
        raise ApplicationError(NO_UNIT_APPROVALS.format(month=window.month), code="nothing_to_approve")
    sets = list(ChangeSet.objects.filter(pk__in=MonthlyApproval.change_sets.through.objects.filter(
        monthlyapproval__in=units).values("changeset_id")).select_related("person").order_by("id"))
    data = _manifest(window, ApprovalLevel.PROVINCE, root, acting_user, on, sets, hashes=_stored_hashes(units))
    data["unit_approvals"] = [{"id": a.pk, "unit": a.org_unit.electronic_code or str(a.org_unit_id),
                               "manifest_sha256": a.manifest_sha256} for a in units]
    return window, grant, units, sets, data


def _unit_approve(
    acting_user: Account, grant: RoleGrant, sets: list[ChangeSet], signer: Signer | None, on: date,
) -> MonthlyApproval:
    unit = grant.org_unit
    window = approval_window_require(level=ApprovalLevel.UNIT, on=on, org_unit=unit)
    data = _manifest(window, ApprovalLevel.UNIT, unit, acting_user, on, sets)
    approval = _approval_record(acting_user, window, ApprovalLevel.UNIT, grant, data, signer, on,
                                status=ApprovalStatus.UNIT_APPROVED)
    for change_set in sets:
        change_set_apply(acting_user=acting_user, change_set=change_set)
    approval.change_sets.set(sets)
    audit_record(acting_user=acting_user, action="approval.unit_sign", target=f"approval:{approval.pk}",
                 detail={"month": window.month, "org_unit": unit.pk, "change_sets": [s.pk for s in sets],
                         "signed": approval.is_signed})
    return approval


def _approval_record(
    acting_user: Account, window: OpenWindow, level: str, grant: RoleGrant, data: dict[str, Any],
    signer: Signer | None, on: date, *, status: str,
) -> MonthlyApproval:
    """The signing act, with the grant it was made under (the head's, or an authorised
    person's with the authorisation shown beside the signature)."""
    manifest = manifest_bytes(data)
    verified: VerifiedSignature | None = None
    cms = b""
    certificate = ""
    if signer is None and window.signature_required:
        raise ApplicationError(SIGNATURE_REQUIRED, code="signature_required")
    if signer is not None:
        signed = signer.sign(manifest)
        verified = signature_verify(manifest=manifest, cms_der=signed.cms_der, anchors=trust_anchors(),
                                    at=timezone.now(), expected_username=acting_user.username)
        cms, certificate = signed.cms_der, signed.certificate_pem
    return MonthlyApproval.objects.create(
        month=window.month, level=level, org_unit=grant.org_unit, approver=acting_user, approver_grant=grant,
        approved_on=on,
        exceptional_window=window.exceptional, manifest=manifest.decode("utf-8"), manifest_sha256=sha256_hex(manifest),
        signature=cms, certificate=certificate, certificate_subject=verified.subject if verified else "",
        certificate_serial=verified.serial if verified else "", status=status,
    )


def change_set_content_sha256(change_set: ChangeSet) -> str:
    """SHA-256 of what the set changes, as reviewed (a new row's id is not known yet)."""
    items = [{"group": i.group, "operation": i.operation, "row_id": None if i.operation == "add" else i.row_id,
              "values": i.values, "previous": i.previous} for i in change_set.items.all()]
    content = {"person": change_set.person.national_id, "changed_on": change_set.changed_on.isoformat(),
               "base_version": change_set.base_version, "items": items}
    return sha256_hex(manifest_bytes(content))


def _manifest(
    window: OpenWindow, level: str, unit: OrgUnit, acting_user: Account, on: date, sets: list[ChangeSet],
    hashes: dict[int, str] | None = None,
) -> dict[str, Any]:
    province = getattr(connection, "tenant", None)
    hashes = hashes or {}
    return {
        "format": MANIFEST_FORMAT,
        "province": getattr(province, "code", current_schema_name()),
        "month": window.month,
        "level": level,
        "unit": {"id": unit.pk, "code": unit.electronic_code, "name": unit.name},
        "approver": acting_user.username,
        "approved_on": on.isoformat(),
        "change_sets": [{"id": s.pk, "national_id": s.person.national_id,
                         "sha256": hashes.get(s.pk) or change_set_content_sha256(s)} for s in sorted(sets, key=lambda s: s.pk)],
    }


def _stored_hashes(unit_approvals: list[MonthlyApproval]) -> dict[int, str]:
    """The content hashes the units signed: the province signs what the units approved."""
    import json

    found: dict[int, str] = defaultdict(str)
    for approval in unit_approvals:
        for entry in json.loads(approval.manifest)["change_sets"]:
            found[entry["id"]] = entry["sha256"]
    return dict(found)
