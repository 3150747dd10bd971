"""hoso's one error vocabulary: services raise these; the API handler and pages render them."""

from typing import Any


class ApplicationError(Exception):
    """A refusal a user can act on. `message` is shown as is (Vietnamese); `code` is stable."""

    code = "invalid"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, extra: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.extra = extra or {}

    @classmethod
    def for_fields(cls, fields: dict[str, str], message: str = "Dữ liệu chưa hợp lệ.") -> "ApplicationError":
        return cls(message, extra={"fields": fields})


class NotFoundError(ApplicationError):
    """Missing and forbidden answer alike, so existence never leaks."""

    code = "not_found"
    status = 404


class PermissionDeniedError(ApplicationError):
    code = "permission_denied"
    status = 403


class StateError(ApplicationError):
    """Well-formed input the data's present state refuses (the province's last administrator, a
    report not yet drafted, an approval window not open, a draft already open): a 409, so a client
    tells it from input to correct (400)."""

    status = 409


class ConflictError(ApplicationError):
    """Someone else changed the row first: the second save is refused, never merged silently."""

    code = "conflict"
    status = 409
