from typing import Any

from core.base.accounts.models import Account
from core.base.audit.models import AuditEvent


def audit_record(
    *, acting_user: Account | None, action: str, target: str = "", detail: dict[str, Any] | None = None
) -> AuditEvent:
    """Write one audit row in the current schema; callers run it inside their transaction."""
    label = "hệ thống" if acting_user is None else acting_user.username
    return AuditEvent.objects.create(
        actor=acting_user, actor_label=label, action=action, target=target, detail=detail or {}
    )
