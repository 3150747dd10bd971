"""Keys held on the server for development (`manage.py signing_keys_create`): one folder per
province under HOSO_VAR_DIR/signing/<schema>/. Production signs with the person's token or a
remote signing service instead (infra/signing.md); this store is the development slot."""

from pathlib import Path

from django.conf import settings

from core.approvals.signing import Signer, SoftwareSigner
from core.base.accounts.models import Account
from tenants.context import current_schema_name


def key_store_folder(schema_name: str | None = None) -> Path:
    base = Path(getattr(settings, "HOSO_SIGNING_DIR", "") or Path(settings.STATIC_ROOT).parent / "signing")
    return base / (schema_name or current_schema_name())


def signer_for_account(account: Account) -> Signer | None:
    """The account's development key in this province, or None when it has none."""
    folder = key_store_folder()
    key, cert = folder / f"{account.username}.key.pem", folder / f"{account.username}.pem"
    if not (key.exists() and cert.exists()):
        return None
    return SoftwareSigner.from_pem(key, cert)
