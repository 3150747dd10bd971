"""Demo data for one province: its personas (a person everyone knows per role)."""

from django_tenants.utils import tenant_context

from core.accounts.models import Account
from tenants.demo import DEMO_PASSWORD
from tenants.models import Province
from tenants.services import DOHA_ADMIN_USERNAME


def demo_populate(province: Province) -> list[str]:
    """Give the demo personas the demo password (once) and describe their sign-ins."""
    with tenant_context(province):
        admin = Account.objects.get(username=DOHA_ADMIN_USERNAME)
        if admin.must_change_password and not admin.password_changed_at:
            admin.set_password(DEMO_PASSWORD)
            admin.must_change_password = False
            admin.save(update_fields=["password", "must_change_password"])
    return [f"Quản trị Sở Nội vụ: {DOHA_ADMIN_USERNAME}"]
