"""What every dossier page shares: the signed-in account, refusals rendered beside fields,
and "not found" for anything a reader may not see."""

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponseBase

from core.base.accounts.models import Account
from core.base.errors import ApplicationError, NotFoundError


def acting(request: HttpRequest) -> Account:
    return cast(Account, request.user)


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def signed_in_page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Sign-in required; a NotFoundError (missing or forbidden alike) is the 404 page."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except NotFoundError:
            raise Http404 from None

    return wrapper


def errors_attach(error: ApplicationError, form: forms.Form, *, fields: dict[str, str] | None = None) -> None:
    """A service's refusal on the form: each field's message beside its field (a name the form
    lacks goes above it), and the message itself above the form when no field is named.
    `fields` narrows the named fields to those meant for this form, on a page of two forms."""
    named = (error.extra.get("fields") or {}) if fields is None else fields
    for name, message in named.items():
        form.add_error(name if name in form.fields else None, message)
    if fields is None and not named:
        form.add_error(None, error.message)


def version_of(request: HttpRequest) -> int:
    """The draft version the form was rendered with; nonsense reads as 0, which the service
    refuses as stale."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0


BIGINT_MAX = 2**63 - 1


def int_or_none(raw: object) -> int | None:
    """A row id from a form, or None; beyond bigint it could never match a row."""
    try:
        value = int(str(raw))
    except (TypeError, ValueError):
        return None
    return value if 0 <= value <= BIGINT_MAX else None
