"""Onboarding: creating a province is one idempotent action, safe to run again."""

import re
import secrets
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_exists, tenant_context

from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError, NotFoundError
from core.models import Role
from core.operations.first_sign_in import first_sign_in_token_issue
from core.services.access import role_grant_ensure
from core.services.org_units import org_unit_root_ensure, province_root_code
from rules.domain.presets import PRESET_CODES
from rules.domain.registry import RuleKey
from rules.selectors import rules_effective
from rules.services import rule_value_set, rules_apply_preset, rules_copy_from_province
from tenants.models import Domain, Province, ProvinceStatus
from tenants.services import province_create, province_domain, schema_name_for
from tenants.spares import spare_schema_name_reserved, spares_fill_later
from tenants.template import template_ensure, template_schema_name

SUBDOMAIN_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9-]{1,40}$")
RESERVED_SUBDOMAINS = frozenset({"www", "api", "admin", "public", "static", "media", "mail"})
DOHA_ADMIN_USERNAME = "snv.quantri"
RULE_PRESETS = ("baseline", *PRESET_CODES)


@dataclass(frozen=True)
class OnboardResult:
    province: Province
    created: bool
    admin_username: str
    # The admin's one-time sign-in token (core.operations.first_sign_in), present only when the admin
    # account was created by this call: the link is the only way in until a password is set.
    admin_sign_in_token: str | None





def _validate(*, code: str, name: str, subdomain: str, rule_preset: str, tech_agency: str = "") -> None:
    errors: dict[str, str] = {}
    copy_source = rule_preset.removeprefix("copy:") if rule_preset.startswith("copy:") else None
    if copy_source is not None:
        if not Province.objects.filter(code=copy_source).exclude(schema_name=get_public_schema_name()).exists():
            errors["rule_preset"] = f"Không có tỉnh “{copy_source}” để sao chép quy chế."
    elif rule_preset not in RULE_PRESETS:
        errors["rule_preset"] = f"Không có bộ quy tắc mẫu “{rule_preset}”; chọn một trong: {', '.join(RULE_PRESETS)}."
    if not CODE_PATTERN.match(code):
        errors["code"] = "Mã tỉnh chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, bắt đầu bằng chữ (ví dụ: lao-cai)."
    elif schema_name_for(code) in (get_public_schema_name(), template_schema_name()) or \
            spare_schema_name_reserved(schema_name_for(code)):
        errors["code"] = f"Mã “{code}” được dành riêng cho hệ thống."
    if len(name) > 100:
        errors["name"] = "Tên tỉnh tối đa 100 ký tự."
    if len(tech_agency) > 200:
        errors["tech_agency"] = "Tên cơ quan tối đa 200 ký tự."
    if not name.strip():
        errors["name"] = "Tên tỉnh không được để trống."
    if not SUBDOMAIN_PATTERN.match(subdomain):
        errors["subdomain"] = "Tên miền con chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, tối đa 63 ký tự."
    elif subdomain in RESERVED_SUBDOMAINS:
        errors["subdomain"] = f"Tên miền con “{subdomain}” được dành riêng cho hệ thống."
    if errors:
        raise ApplicationError.for_fields(errors, "Không thể khởi tạo tỉnh: dữ liệu chưa hợp lệ.")


def _check_not_taken(*, code: str, subdomain: str) -> Province | None:
    existing = Province.objects.filter(code=code).first()
    domain = Domain.objects.filter(domain=province_domain(subdomain)).select_related("tenant").first()
    if domain and (existing is None or domain.tenant_id != existing.pk):
        raise ApplicationError.for_fields(
            {"subdomain": f"Tên miền con “{subdomain}” đã được tỉnh {domain.tenant.name} sử dụng."}
        )
    if existing is None and schema_exists(schema_name_for(code)):
        # A schema left without its province row: refuse rather than adopt unknown data.
        raise ApplicationError.for_fields(
            {"code": f"Đã có schema “{schema_name_for(code)}” trong cơ sở dữ liệu; cần người vận hành kiểm tra."}
        )
    return existing


def province_onboard(
    *,
    code: str,
    name: str,
    official_name: str,
    subdomain: str,
    rule_preset: str = "baseline",
    tech_agency: str = "",
    acting_user: Account | None = None,
) -> OnboardResult:
    """Create the province's schema, its host and its first DoHA admin; a re-run changes nothing.

    All or nothing: schema (a clone of the template), domain, admin, rules and the audit row are
    made in one transaction; a failure anywhere leaves none of them.
    """
    tech_agency = tech_agency.strip()
    _validate(code=code, name=name, subdomain=subdomain, rule_preset=rule_preset, tech_agency=tech_agency)
    if not Province.objects.filter(code=code).exists():
        template_ensure()  # its own step: the template is platform infrastructure, not the province's
    with transaction.atomic():
        province = _check_not_taken(code=code, subdomain=subdomain)
        if province is not None and province.status == ProvinceStatus.MERGED:
            # Merged into another province (core.operations.merger.services): nothing of it is set up again.
            return OnboardResult(province=province, created=False, admin_username=DOHA_ADMIN_USERNAME,
                                 admin_sign_in_token=None)
        created = province is None
        if province is None:
            province = province_create(code=code, name=name, official_name=official_name, subdomain=subdomain)
        password = _doha_admin_ensure(province)
        # Inside the province its own log names the system: the acting operator is a `public`
        # account, which no foreign key in the province's schema may point to.
        with tenant_context(province):
            _rules_start(rule_preset, acting_user=None)
            if created and tech_agency:
                _tech_agency_set(tech_agency, operator=acting_user)
            token = _admin_lock_and_link() if password is not None else None
        if not province.is_ready:
            province.is_ready = True
            province.save(update_fields=["is_ready"])
        if created:
            spares_fill_later()  # the next onboarding finds a spare ready again
            audit_record(acting_user=acting_user, action="province.onboard", target=code,
                         detail={"subdomain": subdomain, "name": name, "rule_preset": rule_preset,
                                 "tech_agency": tech_agency})
    return OnboardResult(province=province, created=created, admin_username=DOHA_ADMIN_USERNAME,
                         admin_sign_in_token=token)


def province_admin_link_issue(*, code: str, acting_user: Account | None) -> tuple[Province, str]:
    """A new one-time link for the province's DoHA admin (lost or expired): the admin's password
    stops working and every earlier link dies. It also restores the province's administrator:
    the account is reopened, holds doha_admin over the whole province again and its sign-in
    lockout is lifted, so a province left without one gets its way back (issue 13)."""
    province = Province.objects.exclude(schema_name=get_public_schema_name()).filter(code=code).first()
    if province is None:
        raise NotFoundError(f"Không có tỉnh “{code}”.")
    with transaction.atomic():
        _doha_admin_ensure(province)
        with tenant_context(province):
            Account.objects.filter(username=DOHA_ADMIN_USERNAME).update(is_active=True)
            AccessAttempt.objects.filter(username=DOHA_ADMIN_USERNAME).delete()
            token = _admin_lock_and_link()
            audit_record(acting_user=None, action="account.sign_in_link_issue", target=DOHA_ADMIN_USERNAME)
        audit_record(acting_user=acting_user, action="province.admin_link_issue", target=province.code)
    return province, token


def _admin_lock_and_link() -> str:
    """In the province: the DoHA admin's password becomes unusable; the link sets a new one."""
    admin = Account.objects.select_for_update().get(username=DOHA_ADMIN_USERNAME)
    admin.set_unusable_password()
    admin.must_change_password = True
    admin.save(update_fields=["password", "must_change_password"])
    return first_sign_in_token_issue(account=admin)


def _tech_agency_set(tech_agency: str, *, operator: Account | None) -> None:
    """The agency running the province's IT as declared at onboarding: a rule version with the
    onboarding as its basis, unless the rules in force already name that agency."""
    if rules_effective(as_of=timezone.localdate())[RuleKey.TECH_AGENCY].value == tech_agency:
        return
    by = f" (người vận hành {operator.username})" if operator is not None else ""
    rule_value_set(acting_user=None, key=str(RuleKey.TECH_AGENCY), value=tech_agency,
                   effective_from=timezone.localdate(), document="Hồ sơ khởi tạo tỉnh trên nền tảng hoso",
                   article="Khai báo của người vận hành khi khởi tạo", note=f"Khai báo khi khởi tạo tỉnh{by}.")


def _rules_start(rule_preset: str, *, acting_user: Account | None) -> None:
    """A preset ("lao-cai", "baseline") or a copy of another province ("copy:lao-cai")."""
    if rule_preset.startswith("copy:"):
        source = Province.objects.get(code=rule_preset.removeprefix("copy:"))
        rules_copy_from_province(acting_user=acting_user, source_schema=source.schema_name,
                                 effective_from=timezone.localdate())
    else:
        rules_apply_preset(acting_user=acting_user, preset_code=rule_preset)


def _doha_admin_ensure(province: Province) -> str | None:
    """The province's root unit and its DoHA admin, who holds doha_admin over the whole tree."""
    with tenant_context(province):
        root = org_unit_root_ensure(acting_user=None, name=province.official_name,
                                    electronic_code=province_root_code(province.code))
        admin = Account.objects.filter(username=DOHA_ADMIN_USERNAME).first()
        password = None
        if admin is None:
            password = secrets.token_urlsafe(12)
            admin = Account.objects.create_user(
                username=DOHA_ADMIN_USERNAME,
                password=password,
                full_name=f"Quản trị Sở Nội vụ {province.name}",
                must_change_password=True,
            )
            audit_record(acting_user=None, action="account.create", target=DOHA_ADMIN_USERNAME,
                         detail={"role": "doha_admin"})
        role_grant_ensure(acting_user=None, account=admin, role=Role.DOHA_ADMIN, org_unit=root)
        return password
