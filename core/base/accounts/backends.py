"""The sign-in lockout (django-axes), first of the authentication backends."""

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


def lockout_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str | None:
    """The name axes counts failures under, written the way sign-in reads it ("  ABC " is "abc"),
    so spaces or capitals do not buy more attempts."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = request.POST.get("username")
    return raw.strip().lower() if isinstance(raw, str) else None


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked-out account or address before any password is checked.

    Every sign-in over HTTP passes its request (the page's form, the API's token service, the
    console). A sign-in without one (a management command, a test's `Client.login`) has no
    address to count and is left to the next backend.
    """

    def authenticate(self, request: HttpRequest | None, username: str | None = None,  # type: ignore[override]
                     password: str | None = None, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
