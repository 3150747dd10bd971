"""People: created by an admin of their unit, given a personal account (sign-in: the ID
number), and, when they leave, kept read-only in the archive."""

import secrets
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError
from core.dossier_values import IDENTITY, dossier_fresh, dossier_snapshot, values_clean
from core.models import (
    Dossier,
    DossierVersion,
    ObligationKind,
    OrgUnit,
    Person,
    PersonCategory,
    PersonStatus,
    Placement,
)
from core.permissions import ADMIN_ROLES, role_require
from core.services.access import doha_admin_keep
from core.services.obligations import obligation_open


@dataclass(frozen=True)
class PersonAccountResult:
    account: Account
    # Shown once to the admin who issued it; the person changes it at first sign-in.
    password: str


def person_create(
    *,
    acting_user: Account,
    org_unit: OrgUnit,
    national_id: str,
    full_name: str,
    gender: str,
    category: str,
    start: date,
    birth_date: date | None = None,
    birth_year: int | None = None,
    birth_month: int | None = None,
    position: str = "",
) -> Person:
    """A new person working in `org_unit` from `start`, with an empty dossier (version 1)."""
    national_id = national_id.strip()
    with transaction.atomic():
        role_require(acting_user, roles=ADMIN_ROLES, org_unit=org_unit)
        errors = {}
        if category not in PersonCategory.values:
            errors["category"] = "Đối tượng không hợp lệ."
        if not org_unit.is_active:
            errors["org_unit"] = f"“{org_unit.name}” đã chấm dứt hoạt động."
        if Person.objects.filter(national_id=national_id).exists():
            errors["national_id"] = f"Số định danh cá nhân {national_id} đã có hồ sơ trong tỉnh."
        person = Person(national_id=national_id, category=category, org_unit=org_unit, birth_year=0)
        try:
            values_clean(person, IDENTITY, {
                "full_name": full_name.strip(), "gender": gender, "birth_date": birth_date,
                "birth_year": birth_year if birth_date is None else birth_date.year,
                "birth_month": birth_month,
            }, complete=True)
        except ApplicationError as error:
            for name, message in error.extra.get("fields", {}).items():
                errors.setdefault(name, message)
        if errors:
            raise ApplicationError.for_fields(errors, "Chưa thể tạo hồ sơ: dữ liệu chưa hợp lệ.")
        person.save()
        Dossier.objects.create(person=person)
        Placement.objects.create(person=person, org_unit=org_unit, start=start, position=position,
                                 reason="Tạo hồ sơ")
        _version_record(person, acting_user=acting_user)
        audit_record(acting_user=acting_user, action="person.create", target=f"person:{person.pk}",
                     detail={"org_unit": org_unit.pk, "category": category})
        return person


def person_account_create(*, acting_user: Account, person: Person) -> PersonAccountResult:
    """The person's personal account; its sign-in name is the ID number. Starts the clock for
    the first entry of the dossier."""
    with transaction.atomic():
        person = Person.objects.select_for_update().select_related("org_unit").get(pk=person.pk)
        role_require(acting_user, roles=ADMIN_ROLES, org_unit=person.org_unit)
        if person.account_id is not None:
            raise ApplicationError(f"{person.full_name} đã có tài khoản cá nhân.")
        if person.is_archived:
            raise ApplicationError("Không cấp tài khoản cho hồ sơ đã lưu trữ.")
        if Account.objects.filter(username=person.national_id).exists():
            raise ApplicationError(f"Tên đăng nhập {person.national_id} đã được sử dụng.")
        password = secrets.token_urlsafe(12)
        account = Account.objects.create_user(username=person.national_id, password=password,
                                              full_name=person.full_name, must_change_password=True)
        person.account = account
        person.save(update_fields=["account"])
        obligation_open(kind=ObligationKind.FIRST_ENTRY, deadline_event=ObligationKind.FIRST_ENTRY, person=person, account=account,
                        event_date=timezone.localdate())
        audit_record(acting_user=acting_user, action="account.create", target=account.username,
                     detail={"role": "employee", "person": person.pk})
        return PersonAccountResult(account=account, password=password)


LEAVING_STATUSES = (PersonStatus.MOVED_OUT, PersonStatus.RETIRED, PersonStatus.RESIGNED, PersonStatus.DECEASED)


def person_leave(*, acting_user: Account, person: Person, status: str, on: date, reason: str = "") -> Person:
    """Record that a person left (moved out, retired, resigned, died) on `on`: their last
    placement ends, their account closes, and the dossier stays, read-only, in the archive of
    the unit they left."""
    with transaction.atomic():
        person = Person.objects.select_for_update().select_related("org_unit").get(pk=person.pk)
        role_require(acting_user, roles=ADMIN_ROLES, org_unit=person.org_unit)
        if status not in LEAVING_STATUSES:
            raise ApplicationError.for_fields({"status": "Tình trạng không hợp lệ."})
        if person.is_archived:
            raise ApplicationError(f"Hồ sơ của {person.full_name} đã ở trong lưu trữ.")
        if person.change_sets.filter(state__in=["draft", "submitted", "returned"]).exists():
            raise ApplicationError("Còn đề nghị cập nhật hồ sơ chưa xử lý xong; hãy xử lý trước khi lưu trữ hồ sơ.")
        person.placements.filter(end__isnull=True).update(end=on)
        person.status = status
        person.status_changed_on = on
        person.save(update_fields=["status", "status_changed_on", "updated_at"])
        if person.account_id is not None:
            doha_admin_keep(closing_account_id=person.account_id)
            Account.objects.filter(pk=person.account_id).update(is_active=False)
        audit_record(acting_user=acting_user, action="person.leave", target=f"person:{person.pk}",
                     detail={"status": status, "on": on.isoformat(), "reason": reason})
        return person


def _version_record(person: Person, *, acting_user: Account | None, change_set_id: int | None = None) -> DossierVersion:
    """Store the dossier as it stands now as version `person.version`."""
    fresh = dossier_fresh(person.pk)
    return DossierVersion.objects.create(
        person=person, number=fresh.version, snapshot=dossier_snapshot(fresh),
        change_set_id=change_set_id, created_by=acting_user,
    )
