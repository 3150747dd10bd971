"""How people sign, as a page tells them before anyone signs: the kind of signer the
province's rules name, and whether the server's key store holds someone's key. Without the
signing libraries (cryptography's X.509 and the signers' clients, core/approvals/signers.py),
which only signing needs: the approvals list every approver opens reads this module alone
(issue 15)."""

from pathlib import Path

from django.conf import settings
from django.utils import timezone

from core.base.accounts.models import Account
from rules.domain.registry import RuleKey
from rules.domain.signing import BROWSER_KINDS, SOFTWARE, SignerChoice
from rules.selectors import rules_effective
from tenants.context import current_schema_name

PERSON_SERVER, PERSON_REMOTE, PERSON_BROWSER = "server", "remote", "browser"


def signer_kind(purpose: str) -> str:
    """The kind of signer the province's rules name for `purpose` today (rules/domain/signing.py
    PURPOSE_LABELS); the development keys when the rules name none."""
    choice = rules_effective(as_of=timezone.localdate())[RuleKey.SIGNERS].value
    kind = choice.kind_for(purpose) if isinstance(choice, SignerChoice) else None
    return kind or SOFTWARE


def person_signing_method(purpose: str = "unit_approval") -> str:
    """How people sign `purpose`: in their browser (their official-duty USB token), through a
    remote service that waits for their confirmation, or with a server-held development key."""
    kind = signer_kind(purpose)
    if kind in BROWSER_KINDS:
        return PERSON_BROWSER
    return PERSON_SERVER if kind == SOFTWARE else PERSON_REMOTE


def key_store_folder(schema_name: str | None = None) -> Path:
    """The province's folder of server-held keys (core/approvals/key_store.py)."""
    base = Path(getattr(settings, "HOSO_SIGNING_DIR", "") or Path(settings.STATIC_ROOT).parent / "signing")
    return base / (schema_name or current_schema_name())


def agency_key_name(org_unit_id: int) -> str:
    """The file stem of an agency's seal in the key store."""
    return f"co-quan-{org_unit_id}"


def key_pair_stored(folder: Path, stem: str) -> bool:
    """Whether the key store holds the key `stem` and its certificate."""
    return (folder / f"{stem}.key.pem").exists() and (folder / f"{stem}.pem").exists()


def person_key_stored(account: Account) -> bool:
    """Whether the server holds `account`'s key in this province (key_store.signer_for_account
    loads it, when they sign)."""
    return key_pair_stored(key_store_folder(), account.username)
