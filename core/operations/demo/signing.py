"""Signing keys for the demo provinces, so every journey signs out of the box on `make run`:
each province's throwaway CA (trusted by the province), a server-held key for every approver,
DoHA admin and unit admin (who sign the scheduled reports), and a seal for the province and
every agency and public service unit (departments use their agency's). Elliptic-curve keys: dozens are made in well under a second.

Never for production (the keys sit on the server; infra/signing.md)."""

from django_tenants.utils import tenant_context

from core.approvals.key_store import (
    key_store_locked,
    person_key_issue,
    province_ca_ensure,
    seal_issue,
)
from core.base.accounts.models import Account
from core.models import OrgUnit, OrgUnitKind, Role
from tenants.context import Province

# Approvers and the DoHA sign the months; they and the units' admins sign scheduled reports
# (core.reports REPORT_ROLES).
SIGNING_ROLES = (Role.APPROVER, Role.DOHA_ADMIN, Role.AGENCY_ADMIN, Role.SUBUNIT_ADMIN)


def demo_signing_keys_ensure(province: Province) -> int:
    """Make what is missing or about to expire; how many keys were made (0 on a re-run)."""
    with tenant_context(province), key_store_locked(province.schema_name):
        ca = province_ca_ensure(province_name=province.name, schema_name=province.schema_name)
        accounts = Account.objects.filter(role_grants__role__in=SIGNING_ROLES).distinct().order_by("pk")
        units = OrgUnit.objects.filter(dissolved_on__isnull=True).exclude(kind=OrgUnitKind.DEPARTMENT).order_by("pk")
        made = sum(person_key_issue(ca=ca, account=account, elliptic=True, schema_name=province.schema_name)
                   for account in accounts)
        return made + sum(seal_issue(ca=ca, unit=unit, elliptic=True, schema_name=province.schema_name)
                          for unit in units)
