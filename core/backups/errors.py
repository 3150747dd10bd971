from core.base.errors import ApplicationError


class BackupError(ApplicationError):
    """A backup, restore or verification that cannot go on; the message says why (Vietnamese)."""

    code = "backup_failed"
