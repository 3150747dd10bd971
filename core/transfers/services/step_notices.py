"""Telling people about each step of a change: submitted, reviewed, returned (with its reason),
approved by the unit, approved by the province, synced to the national database. Each notice
is a header notification and, for an account with an address, an e-mail sent after commit.
The services of each step call these inside their transaction, so a refused step tells no one.
(Window openings and duty reminders are told by the daily run: core.approvals.services.duties,
core.transfers.services.reminders.)"""

from collections.abc import Iterable

from django.urls import NoReverseMatch, reverse

from core.base.accounts.models import Account
from core.models import ChangeSet, OrgUnit, Person, Role, RoleGrant
from core.transfers.models import Notification
from core.transfers.services.notifications import notification_mail_queue


def _link(name: str, *args: object) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # a host without the pages (the public console)
        return ""


def _holders(role: str, unit: OrgUnit) -> list[Account]:
    """Active accounts holding `role` over `unit` (a grant on it or on a unit above it)."""
    prefixes = [unit.path[:i] for i in range(1, len(unit.path) + 1) if unit.path[i - 1] == "/"]
    grants = (RoleGrant.objects.filter(role=role, revoked_at__isnull=True, account__is_active=True)
              .filter(org_unit__path__in=prefixes).select_related("account"))
    return [g.account for g in grants]


def notices_send(*, accounts: Iterable[Account | None], title: str, body: str, link: str = "",
                 acting_user: Account | None = None) -> int:
    """One notification (and e-mail) to each account once, never to the one who acted."""
    seen: set[int] = set()
    for account in accounts:
        if account is None or account.pk in seen or (acting_user is not None and account.pk == acting_user.pk):
            continue
        seen.add(account.pk)
        Notification.objects.create(account=account, title=title[:300], body=body, link=link)
        notification_mail_queue(account=account, title=title, body=body)
    return len(seen)


def _owner(change_set: ChangeSet) -> list[Account | None]:
    """The person whose dossier it is, and whoever wrote the change for them."""
    return [change_set.person.account, change_set.created_by]


def change_set_submitted_notify(*, change_set: ChangeSet, acting_user: Account) -> int:
    person = change_set.person
    return notices_send(
        accounts=_holders(Role.UNIT_OFFICER, person.org_unit), acting_user=acting_user,
        title=f"Đề nghị cập nhật số {change_set.pk} của {person.full_name} chờ kiểm tra",
        body=f"{person.full_name} ({person.org_unit.name}) đã gửi đề nghị cập nhật hồ sơ số {change_set.pk}.",
        link=_link("frontend:change-set", change_set.pk))


def change_set_reviewed_notify(*, change_set: ChangeSet, acting_user: Account) -> int:
    person = change_set.person
    link = _link("frontend:change-set", change_set.pk)
    told = notices_send(
        accounts=_owner(change_set), acting_user=acting_user,
        title=f"Đề nghị cập nhật số {change_set.pk} đã được kiểm tra",
        body="Đề nghị đã được kiểm tra và chờ thủ trưởng phê duyệt trong kỳ phê duyệt hằng tháng.", link=link)
    return told + notices_send(
        accounts=_holders(Role.APPROVER, person.org_unit), acting_user=acting_user,
        title=f"Đề nghị cập nhật số {change_set.pk} của {person.full_name} chờ phê duyệt",
        body=f"Đề nghị của {person.full_name} ({person.org_unit.name}) đã được kiểm tra, chờ phê duyệt.",
        link=_link("frontend:approvals:home"))


def change_set_returned_notify(*, change_set: ChangeSet, acting_user: Account, reason: str) -> int:
    return notices_send(
        accounts=_owner(change_set), acting_user=acting_user,
        title=f"Đề nghị cập nhật số {change_set.pk} bị trả lại",
        body=f"Lý do trả lại: {reason}", link=_link("frontend:change-set", change_set.pk))


def change_sets_approved_notify(*, change_sets: Iterable[ChangeSet], acting_user: Account | None,
                                by_province: bool) -> int:
    """The unit's approval (the change is in the dossier) or the province's (it goes to the
    national database): each person hears about their change."""
    told = 0
    for change_set in change_sets:
        told += notices_send(
            accounts=_owner(change_set), acting_user=acting_user,
            title=(f"Đề nghị cập nhật số {change_set.pk} đã được Sở Nội vụ phê duyệt" if by_province
                   else f"Đề nghị cập nhật số {change_set.pk} đã được phê duyệt"),
            body=("Dữ liệu đã được Sở Nội vụ phê duyệt và sẽ được đồng bộ về CSDL quốc gia." if by_province
                  else "Thủ trưởng cơ quan, đơn vị đã phê duyệt; hồ sơ của bạn đã được cập nhật."),
            link=_link("frontend:change-set", change_set.pk))
    return told


def person_synced_notify(*, person: Person) -> int:
    """The national database took the person's approved data in."""
    return notices_send(
        accounts=[person.account],
        title="Hồ sơ của bạn đã được đồng bộ về CSDL quốc gia",
        body="CSDL quốc gia về cán bộ, công chức, viên chức đã tiếp nhận dữ liệu đã phê duyệt của bạn.",
        link=_link("frontend:my-dossier"))
