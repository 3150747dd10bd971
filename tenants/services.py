"""Onboarding: creating a province is one idempotent action, safe to run again."""

import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, tenant_context

from core.accounts.models import Account
from core.audit.services import audit_record
from core.exceptions import ApplicationError
from rules.domain.presets import PRESET_CODES
from rules.services import rules_apply_preset, rules_copy_from_province
from tenants.models import Domain, Province

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
    # The one-time password, present only when the admin account was created by this call.
    admin_password: str | None


def province_domain(subdomain: str) -> str:
    return f"{subdomain}.{settings.BASE_DOMAIN}"


def platform_ensure() -> Province:
    """The `public` row and its host (BASE_DOMAIN) that django-tenants routes the console by."""
    public, _ = Province.objects.get_or_create(
        schema_name=get_public_schema_name(),
        defaults={"code": "public", "name": "hoso", "official_name": "Nền tảng hoso", "is_ready": True},
    )
    for host in (settings.BASE_DOMAIN, "127.0.0.1"):
        Domain.objects.get_or_create(domain=host, defaults={"tenant": public, "is_primary": host == settings.BASE_DOMAIN})
    return public


def _validate(*, code: str, name: str, subdomain: str, rule_preset: str) -> None:
    errors: dict[str, str] = {}
    copy_source = rule_preset.removeprefix("copy:") if rule_preset.startswith("copy:") else None
    if copy_source is not None:
        if not Province.objects.filter(code=copy_source).exclude(schema_name=get_public_schema_name()).exists():
            errors["rule_preset"] = f"Không có tỉnh “{copy_source}” để sao chép quy chế."
    elif rule_preset not in RULE_PRESETS:
        errors["rule_preset"] = f"Không có bộ quy tắc mẫu “{rule_preset}”; chọn một trong: {', '.join(RULE_PRESETS)}."
    if not CODE_PATTERN.match(code):
        errors["code"] = "Mã tỉnh chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, bắt đầu bằng chữ (ví dụ: lao-cai)."
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
    return existing


def province_onboard(
    *,
    code: str,
    name: str,
    official_name: str,
    subdomain: str,
    rule_preset: str = "baseline",
    acting_user: Account | None = None,
) -> OnboardResult:
    """Create the province's schema, its host and its first DoHA admin; a re-run changes nothing.

    All or nothing: schema, migrations, domain and admin are made in one transaction.
    """
    _validate(code=code, name=name, subdomain=subdomain, rule_preset=rule_preset)
    with transaction.atomic():
        province = _check_not_taken(code=code, subdomain=subdomain)
        created = province is None
        if province is None:
            province = Province(
                code=code, name=name, official_name=official_name, schema_name=code.replace("-", "_")
            )
            province.save(verbosity=0)  # creates and migrates the schema (auto_create_schema)
            Domain.objects.create(domain=province_domain(subdomain), tenant=province, is_primary=True)
        password = _doha_admin_ensure(province)
        with tenant_context(province):
            _rules_start(rule_preset, acting_user=acting_user)
        if not province.is_ready:
            province.is_ready = True
            province.save(update_fields=["is_ready"])
        if created:
            audit_record(acting_user=acting_user, action="province.onboard", target=code,
                         detail={"subdomain": subdomain, "name": name})
    return OnboardResult(province=province, created=created, admin_username=DOHA_ADMIN_USERNAME,
                         admin_password=password)


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
    from core.models import Role
    from core.services.access import role_grant_ensure
    from core.services.org_units import org_unit_root_ensure, province_root_code

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
