"""Accounts, roles and written consents: who may act on, or read, which part of the province."""

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from axes.models import AccessAttempt
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.dates import DATE_OUT_OF_RANGE, date_in_bounds
from core.base.errors import ApplicationError, PermissionDeniedError, StateError
from core.models import ConsentGrant, OrgUnit, Person, Role, RoleGrant
from core.permissions import (
    ADMIN_ROLES,
    CONSENT_ROLES,
    NOT_ALLOWED,
    account_is_doha_admin,
    account_role_grants,
    grant_over,
    role_can_grant,
    role_require,
)
from rules.domain.registry import RuleKey
from rules.domain.ruleset import EffectiveRuleSet
from rules.domain.types import Citation
from rules.selectors import rules_effective

# Agency accounts are named, not numbered: 12 digits are reserved for people's ID numbers.
AGENCY_USERNAME = re.compile(r"^[a-z][a-z0-9._-]{2,49}$")


@dataclass(frozen=True)
class GrantBasis:
    """The documents a grant rests on, as the granter records them; which are required depends
    on the role and the province's rules (`_grant_rules_require`)."""

    # The approver is the unit's head; otherwise they act on the head's written authorisation.
    is_head: bool = False
    authorisation: str = ""
    authorisation_date: date | None = None
    # The scanned authorisation (PDF, JPEG or PNG), optional.
    authorisation_file: File | None = None
    # The DoHA's written agreement to a sub-unit account.
    doha_agreement: str = ""
    doha_agreement_date: date | None = None
    # The head's decision giving the unit's admin account to its data administrator.
    appointment_decision: str = ""
    appointment_date: date | None = None
    # The competent agency's written request for the access change, and its optional scan.
    access_request: str = ""
    access_request_date: date | None = None
    access_request_file: File | None = None

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> "GrantBasis":
        """The basis from a page's or an endpoint's validated fields of the same names."""
        names = {field.name for field in fields(cls)}
        return cls(**{name: value for name, value in data.items() if name in names and value is not None})


NO_BASIS = GrantBasis()


@dataclass(frozen=True)
class AccountCreateResult:
    account: Account
    # Shown once to whoever issued the account; the holder must change it at first sign-in.
    password: str


def role_grant(
    *, acting_user: Account, account: Account, role: str, org_unit: OrgUnit, basis: GrantBasis = NO_BASIS,
) -> RoleGrant:
    """Give `account` a role over `org_unit`'s subtree, within the granter's tier and subtree,
    on the documents the province's rules ask for."""
    with transaction.atomic():
        _require_can_grant(acting_user, role=role, org_unit=org_unit)
        _grant_rules_require(role=role, org_unit=org_unit, basis=basis)
        grant = _grant_insert(acting_user=acting_user, account=account, role=role,
                              org_unit=org_unit, basis=basis)
        return grant


def role_grant_ensure(*, acting_user: Account | None, account: Account, role: str, org_unit: OrgUnit) -> RoleGrant:
    """The system's own grant (onboarding, demo data): made once, no tier check."""
    with transaction.atomic():
        existing = RoleGrant.objects.filter(account=account, role=role, org_unit=org_unit,
                                            revoked_at__isnull=True).first()
        return existing or _grant_insert(acting_user=acting_user, account=account, role=role,
                                         org_unit=org_unit, basis=NO_BASIS)


LAST_DOHA_ADMIN = ("Không thể thu hồi quyền hoặc đóng tài khoản quản trị Sở Nội vụ cuối cùng của tỉnh: "
                   "hãy cấp quyền quản trị Sở Nội vụ cho một tài khoản khác trước.")


def doha_admin_keep(*, losing: RoleGrant | None = None, closing_account_id: int | None = None) -> None:
    """Refuse to leave the province without an active DoHA admin: no way back through the
    product would remain. Locks every DoHA admin grant, so two revocations cannot pass together.
    Callers run it inside their transaction."""
    grants = list(RoleGrant.objects.select_for_update().filter(role=Role.DOHA_ADMIN, revoked_at__isnull=True,
                                                               account__is_active=True).order_by("id"))
    remaining = [g for g in grants
                 if (losing is None or g.pk != losing.pk) and g.account_id != closing_account_id]
    if grants and not remaining:
        raise StateError(LAST_DOHA_ADMIN, code="last_doha_admin")


def sign_in_unlock(*, acting_user: Account, username: str) -> int:
    """The province's DoHA admin lifts the sign-in lockout of an account name (and of the
    addresses that tried it); whether the name exists is not said."""
    if not account_is_doha_admin(acting_user):
        raise PermissionDeniedError(NOT_ALLOWED)
    username = username.strip().lower()[:150]
    with transaction.atomic():
        cleared, _ = AccessAttempt.objects.filter(username=username).delete()
        audit_record(acting_user=acting_user, action="auth.unlock", target=f"username:{username}",
                     detail={"attempts": cleared})
    return cleared


def role_revoke(*, acting_user: Account, grant: RoleGrant, request: str = "",
                request_date: date | None = None) -> RoleGrant:
    """End a grant; where the province's rules ask for it (Tuyên Quang Art. 11.4), on the
    competent agency's written request (`request`, `request_date`), recorded on the grant."""
    with transaction.atomic():
        grant = RoleGrant.objects.select_for_update().select_related("org_unit").get(pk=grant.pk)
        _require_can_grant(acting_user, role=grant.role, org_unit=grant.org_unit)
        if grant.revoked_at is None:
            rules = rules_effective(as_of=timezone.localdate())
            if rules.value(RuleKey.ACCESS_CHANGE_WRITTEN_REQUEST):
                errors = _document_errors(rules, RuleKey.ACCESS_CHANGE_WRITTEN_REQUEST, request, request_date,
                                          ("revoke_request", "revoke_request_date"), REVOKE_REQUEST)
                if errors:
                    raise ApplicationError.for_fields(errors)
        if grant.revoked_at is None and grant.role == Role.DOHA_ADMIN:
            doha_admin_keep(losing=grant)
        if grant.revoked_at is None:
            grant.revoked_at = timezone.now()
            grant.revoke_request, grant.revoke_request_date = request.strip(), request_date
            grant.save(update_fields=["revoked_at", "revoke_request", "revoke_request_date"])
            audit_record(acting_user=acting_user, action="role.revoke", target=f"account:{grant.account_id}",
                         detail={"role": grant.role, "org_unit": grant.org_unit_id,
                                 "revoke_request": grant.revoke_request,
                                 "revoke_request_date": _iso(grant.revoke_request_date)})
        return grant


GRANT_REQUEST = "văn bản đề nghị cấp quyền của cơ quan quản lý có thẩm quyền"
REVOKE_REQUEST = "văn bản đề nghị thu hồi quyền của cơ quan quản lý có thẩm quyền"


def account_active_set(*, acting_user: Account, account: Account, active: bool, reason: str) -> Account:
    """Disable or re-enable an account (Tuyên Quang Art. 5.1, 11.4; Sơn La Art. 5; Bình Thuận
    Art. 15.2), by an admin above it: one who could grant every role it holds, or who keeps its
    person's unit; logged with the reason or the written request. A disabled account signs in
    no more, by page or by token; its grants and history stay."""
    reason = reason.strip()
    if not reason:
        raise ApplicationError.for_fields({"reason": "Nêu lý do hoặc số văn bản đề nghị."})
    if account.pk == acting_user.pk:
        raise ApplicationError("Không thể tự khóa hoặc mở khóa tài khoản của chính mình.", code="own_account")
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=account.pk)
        person = _account_above_require(acting_user, account)
        if active and person is not None and person.is_archived:
            raise ApplicationError(f"Hồ sơ của {person.full_name} đã ở trong lưu trữ: không mở lại tài khoản.",
                                   code="person_archived")
        if account.is_active == active:
            return account
        if not active:
            doha_admin_keep(closing_account_id=account.pk)
        account.is_active = active
        account.save(update_fields=["is_active"])
        audit_record(acting_user=acting_user, action="account.enable" if active else "account.disable",
                     target=f"account:{account.pk}", detail={"username": account.username, "reason": reason})
        return account


def _account_above_require(acting_user: Account, account: Account) -> Person | None:
    """Refuse unless `acting_user` is above `account`: able to grant each of its active roles, and
    an admin over its person's unit; an account with neither is the DoHA's. Its person, if any."""
    grants = list(RoleGrant.objects.filter(account=account, revoked_at__isnull=True).select_related("org_unit"))
    person = Person.objects.filter(account=account).select_related("org_unit").first()
    for grant in grants:
        _require_can_grant(acting_user, role=grant.role, org_unit=grant.org_unit)
    if person is not None:
        role_require(acting_user, roles=ADMIN_ROLES, org_unit=person.org_unit)
    if not grants and person is None and not account_is_doha_admin(acting_user):
        raise PermissionDeniedError(NOT_ALLOWED)
    return person


def account_create(
    *, acting_user: Account, username: str, full_name: str, role: str, org_unit: OrgUnit,
    basis: GrantBasis = NO_BASIS,
) -> AccountCreateResult:
    """An agency or unit account (tài khoản cơ quan) holding `role` over `org_unit`.

    Tiers: DoHA creates agency accounts; an agency creates its sub-units' accounts, where the
    province's rules allow them and on the documents they ask for.
    """
    username = username.strip().lower()
    with transaction.atomic():
        _require_can_grant(acting_user, role=role, org_unit=org_unit)
        _grant_rules_require(role=role, org_unit=org_unit, basis=basis)
        errors = {}
        if not AGENCY_USERNAME.match(username):
            errors["username"] = ("Tên đăng nhập gồm 3–50 ký tự: chữ thường không dấu, chữ số, dấu chấm, "
                                  "gạch ngang hoặc gạch dưới, bắt đầu bằng chữ.")
        elif Account.objects.filter(username=username).exists():
            errors["username"] = f"Tên đăng nhập “{username}” đã được sử dụng."
        if not full_name.strip():
            errors["full_name"] = "Tên tài khoản không được để trống."
        if errors:
            raise ApplicationError.for_fields(errors)
        password = secrets.token_urlsafe(12)
        account = Account.objects.create_user(username=username, password=password,
                                              full_name=full_name.strip(), must_change_password=True)
        audit_record(acting_user=acting_user, action="account.create", target=username,
                     detail={"role": role, "org_unit": org_unit.pk})
        _grant_insert(acting_user=acting_user, account=account, role=role, org_unit=org_unit, basis=basis)
        return AccountCreateResult(account=account, password=password)


def consent_grant_create(
    *,
    acting_user: Account,
    grantee: Account,
    reason: str,
    document_number: str,
    valid_until: date,
    person: Person | None = None,
    org_unit: OrgUnit | None = None,
) -> ConsentGrant:
    """Record the managing agency's written consent (Lai Châu 2.1, Lào Cai Art. 4.4, Sơn La
    Art. 9.3, Bình Thuận Art. 4.5): `grantee` may read one person's dossier, or a unit's, until
    `valid_until`. Recorded by the head or an admin over the dossiers concerned."""
    errors = {}
    if (person is None) == (org_unit is None):
        errors["person"] = "Chọn một người hoặc một đơn vị được khai thác."
    if not reason.strip():
        errors["reason"] = "Nêu lý do khai thác."
    if not document_number.strip():
        errors["document_number"] = "Nhập số văn bản đồng ý."
    if valid_until < timezone.localdate():
        errors["valid_until"] = "Thời hạn phải từ hôm nay trở đi."
    if errors:
        raise ApplicationError.for_fields(errors)
    scope = person.org_unit if person is not None else org_unit
    assert scope is not None
    with transaction.atomic():
        role_require(acting_user, roles=CONSENT_ROLES, org_unit=scope)
        consent = ConsentGrant.objects.create(
            grantee=grantee, person=person, org_unit=org_unit, reason=reason.strip(),
            document_number=document_number.strip(), valid_until=valid_until, granted_by=acting_user,
        )
        audit_record(acting_user=acting_user, action="consent.grant", target=f"account:{grantee.pk}",
                     detail={"person": person.pk if person else None,
                             "org_unit": org_unit.pk if org_unit else None,
                             "document_number": consent.document_number,
                             "valid_until": valid_until.isoformat()})
        return consent


def consent_grant_revoke(*, acting_user: Account, consent: ConsentGrant) -> ConsentGrant:
    with transaction.atomic():
        consent = ConsentGrant.objects.select_for_update(of=("self",)).select_related("person__org_unit", "org_unit").get(pk=consent.pk)
        scope = consent.person.org_unit if consent.person is not None else consent.org_unit
        assert scope is not None
        role_require(acting_user, roles=CONSENT_ROLES, org_unit=scope)
        if consent.revoked_at is None:
            consent.revoked_at = timezone.now()
            consent.save(update_fields=["revoked_at"])
            audit_record(acting_user=acting_user, action="consent.revoke", target=f"account:{consent.grantee_id}",
                         detail={"consent": consent.pk})
        return consent


def _require_can_grant(acting_user: Account, *, role: str, org_unit: OrgUnit) -> None:
    if role not in Role.values or role == Role.EMPLOYEE:
        raise ApplicationError.for_fields({"role": "Vai trò không hợp lệ."})
    grants = account_role_grants(acting_user, roles=ADMIN_ROLES)
    allowed = [g for g in grants if role_can_grant(g.role, role)]
    grant = grant_over(allowed, org_unit)
    # Below DoHA, an admin grants inside its subtree, and an admin role only strictly below itself.
    if grant is None or (grant.role != Role.DOHA_ADMIN and role in ADMIN_ROLES and grant.org_unit_id == org_unit.pk):
        raise PermissionDeniedError(NOT_ALLOWED)


def _cited(citation: Citation | None) -> str:
    return f" ({citation.document}, {citation.article})" if citation else ""


def _grant_rules_require(*, role: str, org_unit: OrgUnit, basis: GrantBasis) -> None:
    """Refuse a grant the province's rules forbid, or one missing the documents they ask for:
    a non-head approver's written authorisation (Sơn La Art. 7), the DoHA's agreement to a
    sub-unit account (Lai Châu 2.4), no sub-unit tier and one account per unit (Tuyên Quang
    Art. 5.2), the head's decision appointing a unit's data administrator (Lai Châu 2.1, 2.4;
    Sơn La Art. 12, 13.2). A rule the province's text does not set leaves the grant as it was."""
    rules = rules_effective(as_of=timezone.localdate())
    errors: dict[str, str] = {}
    if role == Role.UNIT_READER and not rules.value(RuleKey.UNIT_READER_ROLE):
        raise ApplicationError.for_fields({"role": UNIT_READER_UNAVAILABLE})
    if role == Role.TECH_AGENCY and org_unit.parent_id is not None:
        raise ApplicationError.for_fields({"org_unit": TECH_AGENCY_PROVINCE_ONLY})
    if role == Role.APPROVER:
        _approver_require(rules, org_unit, basis, errors)
    if rules.value(RuleKey.ONE_ACCOUNT_PER_UNIT):
        _one_account_per_unit_require(rules, role, org_unit)
    if role == Role.SUBUNIT_ADMIN and rules.value(RuleKey.SUBUNIT_ACCOUNT_DOHA_AGREEMENT):
        errors.update(_document_errors(
            rules, RuleKey.SUBUNIT_ACCOUNT_DOHA_AGREEMENT, basis.doha_agreement, basis.doha_agreement_date,
            ("doha_agreement", "doha_agreement_date"), "văn bản thống nhất của Sở Nội vụ về tài khoản đơn vị trực thuộc"))
    if role in (Role.AGENCY_ADMIN, Role.SUBUNIT_ADMIN) and rules.value(RuleKey.DATA_ADMIN_BY_HEAD_DECISION):
        errors.update(_data_admin_errors(rules, role, org_unit, basis))
    if rules.value(RuleKey.ACCESS_CHANGE_WRITTEN_REQUEST):
        errors.update(_document_errors(rules, RuleKey.ACCESS_CHANGE_WRITTEN_REQUEST, basis.access_request,
                                       basis.access_request_date, ("access_request", "access_request_date"),
                                       GRANT_REQUEST))
    if basis.authorisation_file is not None and not _document_file_accepted(basis.authorisation_file):
        errors["authorisation_file"] = WRONG_FILE
    if basis.access_request_file is not None and not _document_file_accepted(basis.access_request_file):
        errors["access_request_file"] = WRONG_REQUEST_FILE
    if errors:
        raise ApplicationError.for_fields(errors)


UNIT_READER_UNAVAILABLE = ("Quy chế của tỉnh không quy định vai trò chỉ xem toàn bộ dữ liệu của đơn vị "
                           "(cấp phó, trưởng bộ phận tổ chức cán bộ): không cấp được vai trò này.")


TECH_AGENCY_PROVINCE_ONLY = ("Vai trò cơ quan kỹ thuật được cấp trên toàn tỉnh (đơn vị gốc), không cấp cho "
                             "từng cơ quan, đơn vị.")


WRONG_FILE = "Tệp văn bản ủy quyền phải là bản số hóa PDF, JPEG hoặc PNG, không quá 10 MB."
WRONG_REQUEST_FILE = "Tệp văn bản đề nghị phải là bản số hóa PDF, JPEG hoặc PNG, không quá 10 MB."


def _document_file_accepted(file: File) -> bool:
    # Imported here: core.services.attachments, through change_sets, imports this module.
    from core.services.attachments import ATTACHMENT_MAX_BYTES

    return (file.size or 0) <= ATTACHMENT_MAX_BYTES and _file_suffix(file) != ""


def _file_suffix(file: File) -> str:
    """The suffix of a scan by its first bytes (PDF, JPEG, PNG), or "" for anything else."""
    from core.services.attachments import MAGIC_BYTES

    file.seek(0)
    head = file.read(16)
    file.seek(0)
    return next((suffix for magic, _, suffix in MAGIC_BYTES if head.startswith(magic)), "")


def _approver_require(rules: EffectiveRuleSet, org_unit: OrgUnit, basis: GrantBasis, errors: dict[str, str]) -> None:
    """One head per unit; anyone else on the head's written authorisation where the rules say so."""
    if basis.is_head:
        head = _active(org_unit, Role.APPROVER).filter(is_head=True).select_related("account").first()
        if head is not None:
            raise ApplicationError(f"“{org_unit.name}” đã có thủ trưởng phê duyệt (tài khoản "
                                   f"{head.account.username}): người khác chỉ phê duyệt khi được ủy quyền.",
                                   code="head_exists")
    elif rules.value(RuleKey.APPROVER_WRITTEN_AUTHORISATION):
        errors.update(_document_errors(
            rules, RuleKey.APPROVER_WRITTEN_AUTHORISATION, basis.authorisation, basis.authorisation_date,
            ("authorisation", "authorisation_date"), "văn bản ủy quyền phê duyệt của thủ trưởng"))


def _one_account_per_unit_require(rules: EffectiveRuleSet, role: str, org_unit: OrgUnit) -> None:
    cited = _cited(rules[RuleKey.ONE_ACCOUNT_PER_UNIT].citation)
    if role == Role.SUBUNIT_ADMIN:
        raise ApplicationError("Tỉnh không phân cấp tài khoản đơn vị trực thuộc: mỗi cơ quan, tổ chức, "
                               f"đơn vị được cấp 01 tài khoản{cited}.", code="subunit_tier_forbidden")
    if role == Role.AGENCY_ADMIN and _active(org_unit, Role.AGENCY_ADMIN).exists():
        raise ApplicationError(f"“{org_unit.name}” đã có tài khoản: mỗi cơ quan, tổ chức, đơn vị được cấp "
                               f"01 tài khoản{cited}.", code="one_account_per_unit")


def _data_admin_errors(rules: EffectiveRuleSet, role: str, org_unit: OrgUnit, basis: GrantBasis) -> dict[str, str]:
    """One data administrator per unit, appointed by the head's decision."""
    key = RuleKey.DATA_ADMIN_BY_HEAD_DECISION
    holder = _active(org_unit, role).select_related("account").first()
    if holder is not None:
        raise ApplicationError(f"“{org_unit.name}” đã có người quản trị dữ liệu (tài khoản "
                               f"{holder.account.username}): mỗi cơ quan, đơn vị 01 người quản trị"
                               f"{_cited(rules[key].citation)}; thu hồi quyền của người cũ trước.",
                               code="one_data_admin")
    return _document_errors(rules, key, basis.appointment_decision, basis.appointment_date,
                            ("appointment_decision", "appointment_date"),
                            "quyết định của thủ trưởng giao quản trị dữ liệu")


def _document_errors(rules: EffectiveRuleSet, key: RuleKey, number: str, day: date | None,
                     fields: tuple[str, str], what: str) -> dict[str, str]:
    """The document's number and date (named by `fields`) given, the date a real one, not ahead
    of today; each refusal cites the rule's article."""
    number_field, date_field = fields
    cited = _cited(rules[key].citation)
    errors = {}
    if not number.strip():
        errors[number_field] = f"Nhập số {what}{cited}."
    if day is None:
        errors[date_field] = f"Nhập ngày {what}{cited}."
    elif not date_in_bounds(day):
        errors[date_field] = DATE_OUT_OF_RANGE
    elif day > timezone.localdate():
        errors[date_field] = "Ngày văn bản không được sau hôm nay."
    return errors


def _active(org_unit: OrgUnit, role: str) -> QuerySet[RoleGrant]:
    """The unit's own active grants of `role`. The unit's row is locked first, so two grants on
    one unit run one after the other and cannot both pass a "one per unit" check."""
    OrgUnit.objects.select_for_update().filter(pk=org_unit.pk).exists()
    return RoleGrant.objects.filter(org_unit=org_unit, role=role, revoked_at__isnull=True)


def _grant_insert(*, acting_user: Account | None, account: Account, role: str, org_unit: OrgUnit,
                  basis: GrantBasis) -> RoleGrant:
    if RoleGrant.objects.filter(account=account, role=role, org_unit=org_unit, revoked_at__isnull=True).exists():
        raise ApplicationError(f"Tài khoản {account.username} đã có vai trò này tại “{org_unit.name}”.")
    grant = RoleGrant(
        account=account, role=role, org_unit=org_unit, granted_by=acting_user,
        is_head=basis.is_head and role == Role.APPROVER,
        authorisation=basis.authorisation.strip(), authorisation_date=basis.authorisation_date,
        doha_agreement=basis.doha_agreement.strip(), doha_agreement_date=basis.doha_agreement_date,
        appointment_decision=basis.appointment_decision.strip(), appointment_date=basis.appointment_date,
        access_request=basis.access_request.strip(), access_request_date=basis.access_request_date,
    )
    if basis.authorisation_file is not None:
        # Stored last, just before its row: every check that can refuse has run by now.
        grant.authorisation_file.save(f"uy-quyen{_file_suffix(basis.authorisation_file)}",
                                      basis.authorisation_file, save=False)
    if basis.access_request_file is not None:
        grant.access_request_file.save(f"de-nghi{_file_suffix(basis.access_request_file)}",
                                       basis.access_request_file, save=False)
    grant.save()
    audit_record(acting_user=acting_user, action="role.grant", target=f"account:{account.pk}",
                 detail={"role": role, "org_unit": org_unit.pk, "is_head": grant.is_head,
                         "authorisation": grant.authorisation, "authorisation_date": _iso(grant.authorisation_date),
                         "authorisation_file": grant.authorisation_file.name or "",
                         "doha_agreement": grant.doha_agreement,
                         "doha_agreement_date": _iso(grant.doha_agreement_date),
                         "appointment_decision": grant.appointment_decision,
                         "appointment_date": _iso(grant.appointment_date),
                         "access_request": grant.access_request,
                         "access_request_date": _iso(grant.access_request_date),
                         "access_request_file": grant.access_request_file.name or ""})
    return grant


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
