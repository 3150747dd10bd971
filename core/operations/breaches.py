"""An operator of the platform records a personal data breach that touched one or more
provinces: one incident in each province's schema (core.privacy.breaches.breach_record, its
notice and the DoHA's duty there), all or none, and an audit row in `public` naming the
operator."""

from django.db import transaction
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError
from core.privacy.breaches import BreachInput, breach_record
from core.privacy.models import BreachIncident
from tenants.models import Province
from tenants.selectors import province_list_for_console

PROVINCES_REQUIRED = "Hãy chọn ít nhất một tỉnh bị ảnh hưởng."
PROVINCES_UNKNOWN = "Không có tỉnh đang hoạt động mang mã: {codes}."


def breach_record_for_provinces(*, operator: Account, province_codes: list[str],
                                data: BreachInput) -> list[tuple[Province, BreachIncident]]:
    codes = sorted(set(province_codes))
    if not codes:
        raise ApplicationError.for_fields({"provinces": PROVINCES_REQUIRED})
    provinces = list(province_list_for_console().filter(code__in=codes, merged_into__isnull=True))
    missing = sorted(set(codes) - {p.code for p in provinces})
    if missing:
        raise ApplicationError.for_fields({"provinces": PROVINCES_UNKNOWN.format(codes=", ".join(missing))})
    recorded = []
    with transaction.atomic():
        for province in provinces:
            with tenant_context(province):
                recorded.append((province, breach_record(acting_user=None, data=data, operator_label=operator.username)))
        audit_record(acting_user=operator, action="privacy.breach_record", target="provinces:" + ",".join(codes),
                     detail={"incidents": {p.code: incident.pk for p, incident in recorded}})
    return recorded
