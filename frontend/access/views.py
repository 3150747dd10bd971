"""Accounts and roles, for admins: a person's own account, an agency account, granting and
revoking roles within what the admin may grant, and written consents to read dossiers.
What may be granted, to whom and where is core.services.access's answer."""

from pathlib import PurePath
from typing import Any

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.base.accounts.models import Account
from core.base.errors import ApplicationError, NotFoundError
from core.models import OrgUnit
from core.permissions import (
    ADMIN_ROLES,
    CONSENT_ROLES,
    GRANTABLE_ROLES,
    account_role_grants,
    account_roles,
)
from core.selectors.access import (
    account_get_for_user,
    consent_grant_get_for_user,
    consent_grant_list_for_user,
    role_grant_document_for_user,
    role_grant_get_for_user,
    role_grant_list_for_user,
    roles_offered,
)
from core.selectors.org_units import org_unit_get, org_unit_list
from core.selectors.people import person_find_for_user
from core.services.access import (
    GrantBasis,
    account_active_set,
    account_create,
    consent_grant_create,
    consent_grant_revoke,
    role_grant,
    role_revoke,
)
from core.services.people import person_account_create
from frontend.access.forms import (
    AccountActiveForm,
    AgencyAccountForm,
    ConsentForm,
    PersonAccountForm,
    RoleGrantForm,
    RoleRevokeForm,
)
from frontend.common.views import acting, errors_attach, signed_in_page

PERSON_NOT_FOUND = "Không tìm thấy hồ sơ đang công tác có số định danh này trong phạm vi bạn quản lý."


def _require_manager(user: Account) -> None:
    """The page exists only for admins and those who record consents; to others it is not found."""
    if not account_role_grants(user, {*ADMIN_ROLES, *CONSENT_ROLES}):
        raise Http404


def _grant_scope(user: Account) -> tuple[list[str], list[OrgUnit]]:
    """The roles `user` may grant and the units where (the service has the final word)."""
    grants = account_role_grants(user, ADMIN_ROLES)
    roles = sorted({role for g in grants for role in GRANTABLE_ROLES.get(g.role, frozenset())})
    return roles_offered(roles), _units_under(grants)


def _units_under(grants: list[Any]) -> list[OrgUnit]:
    units: dict[int, OrgUnit] = {}
    for grant in grants:
        for version in org_unit_list(root=grant.org_unit):
            units.setdefault(version.org_unit_id, version.org_unit)
    return sorted(units.values(), key=lambda u: u.path)


def _forms(user: Account, bound: dict[str, forms.Form]) -> dict[str, forms.Form]:
    roles, units = _grant_scope(user)
    consent_units = _units_under(account_role_grants(user, CONSENT_ROLES))
    return {
        "person_form": bound.get("person_form") or PersonAccountForm(prefix="ca-nhan"),
        "agency_form": bound.get("agency_form") or AgencyAccountForm(prefix="co-quan", roles=roles, units=units),
        "grant_form": bound.get("grant_form") or RoleGrantForm(prefix="phan-quyen", roles=roles, units=units),
        "consent_form": bound.get("consent_form") or ConsentForm(prefix="dong-y", units=consent_units),
        "active_form": bound.get("active_form") or AccountActiveForm(prefix="khoa"),
    }


def _render(request: HttpRequest, *, status: int = 200, issued: dict[str, str] | None = None,
            **bound: forms.Form) -> HttpResponse:
    user = acting(request)
    return render(request, "access/accounts.html", {
        **_forms(user, bound), "issued": issued, "roles": account_roles(user),
        "grants": role_grant_list_for_user(user=user), "consents": consent_grant_list_for_user(user=user),
        "can_grant": bool(account_role_grants(user, ADMIN_ROLES)),
    }, status=status)


@signed_in_page
def accounts(request: HttpRequest) -> HttpResponse:
    _require_manager(acting(request))
    return _render(request)


@require_POST
@signed_in_page
def person_account(request: HttpRequest) -> HttpResponse:
    """A person's own account (sign-in: the ID number); its first password is shown once."""
    user = acting(request)
    _require_manager(user)
    form = PersonAccountForm(request.POST, prefix="ca-nhan")
    if not form.is_valid():
        return _render(request, status=400, person_form=form)
    try:
        person = person_find_for_user(user=user, national_id=form.cleaned_data["national_id"])
    except ApplicationError as error:
        errors_attach(error, form)
        return _render(request, status=error.status, person_form=form)
    if person is None:
        form.add_error("national_id", PERSON_NOT_FOUND)
        return _render(request, status=400, person_form=form)
    try:
        result = person_account_create(acting_user=user, person=person)
    except ApplicationError as error:
        errors_attach(error, form)
        return _render(request, status=error.status, person_form=form)
    return _render(request, issued={"who": person.full_name, "username": result.account.username,
                                    "password": result.password})


@require_POST
@signed_in_page
def agency_account(request: HttpRequest) -> HttpResponse:
    """An agency or unit account holding one role; its first password is shown once."""
    user = acting(request)
    _require_manager(user)
    roles, units = _grant_scope(user)
    form = AgencyAccountForm(request.POST, request.FILES, prefix="co-quan", roles=roles, units=units)
    if not form.is_valid():
        return _render(request, status=400, agency_form=form)
    data = form.cleaned_data
    try:
        result = account_create(acting_user=user, username=data["username"], full_name=data["full_name"],
                                role=data["role"], org_unit=org_unit_get(org_unit_id=data["org_unit"]),
                                basis=GrantBasis.from_data(data))
    except ApplicationError as error:
        errors_attach(error, form)
        return _render(request, status=error.status, agency_form=form)
    return _render(request, issued={"who": result.account.full_name, "username": result.account.username,
                                    "password": result.password})


@require_POST
@signed_in_page
def grant(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    _require_manager(user)
    roles, units = _grant_scope(user)
    form = RoleGrantForm(request.POST, request.FILES, prefix="phan-quyen", roles=roles, units=units)
    if not form.is_valid():
        return _render(request, status=400, grant_form=form)
    data = form.cleaned_data
    try:
        account = account_get_for_user(user=user, username=data["username"])
        role_grant(acting_user=user, account=account, role=data["role"],
                   org_unit=org_unit_get(org_unit_id=data["org_unit"]), basis=GrantBasis.from_data(data))
    except NotFoundError as error:
        form.add_error("username", error.message)
        return _render(request, status=400, grant_form=form)
    except ApplicationError as error:
        errors_attach(error, form)
        return _render(request, status=error.status, grant_form=form)
    messages.success(request, f"Đã phân quyền cho tài khoản {account.username}.")
    return redirect("frontend:accounts")


@require_POST
@signed_in_page
def account_active(request: HttpRequest) -> HttpResponse:
    """Disable or re-enable an account below the admin, with the reason."""
    user = acting(request)
    _require_manager(user)
    form = AccountActiveForm(request.POST, prefix="khoa")
    if not form.is_valid():
        return _render(request, status=400, active_form=form)
    data = form.cleaned_data
    try:
        account = account_get_for_user(user=user, username=data["username"], disabled_too=True)
        account_active_set(acting_user=user, account=account, active=data["active"], reason=data["reason"])
    except NotFoundError as error:
        form.add_error("username", error.message)
        return _render(request, status=400, active_form=form)
    except ApplicationError as error:
        errors_attach(error, form)
        return _render(request, status=error.status, active_form=form)
    done = "mở lại" if data["active"] else "khóa"
    messages.success(request, f"Đã {done} tài khoản {account.username}.")
    return redirect("frontend:accounts")


@signed_in_page
def grant_document(request: HttpRequest, grant_id: int) -> FileResponse:
    """The scanned authorisation, always as a download (an upload must not run on the host)."""
    found = role_grant_document_for_user(user=acting(request), grant_id=grant_id)
    try:
        handle = found.authorisation_file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    suffix = PurePath(found.authorisation_file.name or "").suffix
    return FileResponse(handle, as_attachment=True, filename=f"uy-quyen-{found.pk}{suffix}")


@require_POST
@signed_in_page
def revoke(request: HttpRequest, grant_id: int) -> HttpResponse:
    user = acting(request)
    found = role_grant_get_for_user(user=user, grant_id=grant_id)
    form = RoleRevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("frontend:accounts")
    try:
        role_revoke(acting_user=user, grant=found, request=form.cleaned_data["revoke_request"],
                    request_date=form.cleaned_data["revoke_request_date"])
    except ApplicationError as error:
        messages.error(request, " ".join(error.extra.get("fields", {}).values()) or error.message)
    else:
        messages.success(request, f"Đã thu hồi vai trò “{found.get_role_display()}” của {found.account.username}.")
    return redirect("frontend:accounts")


@require_POST
@signed_in_page
def consent(request: HttpRequest) -> HttpResponse:
    """Record the managing agency's written consent for an account to read dossiers."""
    user = acting(request)
    _require_manager(user)
    form = ConsentForm(request.POST, prefix="dong-y", units=_units_under(account_role_grants(user, CONSENT_ROLES)))
    if not form.is_valid():
        return _render(request, status=400, consent_form=form)
    data = form.cleaned_data
    person = None
    national_id = data["national_id"].strip()
    if national_id:
        try:
            person = person_find_for_user(user=user, national_id=national_id)
        except ApplicationError as error:
            errors_attach(error, form)
            return _render(request, status=error.status, consent_form=form)
        if person is None:
            form.add_error("national_id", PERSON_NOT_FOUND)
            return _render(request, status=400, consent_form=form)
    try:
        grantee = account_get_for_user(user=user, username=data["grantee"])
    except NotFoundError as error:
        form.add_error("grantee", error.message)
        return _render(request, status=400, consent_form=form)
    try:
        consent_grant_create(
            acting_user=user, grantee=grantee, reason=data["reason"], document_number=data["document_number"],
            valid_until=data["valid_until"], person=person,
            org_unit=org_unit_get(org_unit_id=data["org_unit"]) if data["org_unit"] else None)
    except ApplicationError as error:
        errors_attach(error, form)
        return _render(request, status=error.status, consent_form=form)
    messages.success(request, f"Đã ghi nhận văn bản đồng ý {data['document_number'].strip()}.")
    return redirect("frontend:accounts")


@require_POST
@signed_in_page
def consent_revoke(request: HttpRequest, consent_id: int) -> HttpResponse:
    user = acting(request)
    found = consent_grant_get_for_user(user=user, consent_id=consent_id)
    try:
        consent_grant_revoke(acting_user=user, consent=found)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã thu hồi văn bản đồng ý {found.document_number}.")
    return redirect("frontend:accounts")
