"""The monthly reminder about incomplete dossiers (issue 19 item 6; Lào Cai Art. 14.4, Bình Thuận
Art. 14.2a, Sơn La Art. 12.2: the unit urges its people to complete every field): once a month,
at the month's first daily run, each working person whose dossier lacks a required item of its
résumé form hears what it lacks, and each unit officer hears how many dossiers of its subtree are
incomplete. Each message goes once per account and month (an `Announcement` key per month), so
the later runs of the month send nothing."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.urls import NoReverseMatch, reverse

from core.base.audit.services import audit_record
from core.base.planning import jit_off_in_transaction
from core.models import Person, PersonStatus, RoleGrant
from core.permissions import REVIEW_ROLES
from core.resumes.incomplete import IncompleteWorking, incomplete_dossiers_working
from core.transfers.models import Announcement
from core.transfers.selectors import role_grants_active
from core.transfers.services.notifications import (
    Message,
    announcements_send,
    announcements_send_each,
)

PERSON_KEY = "incomplete-dossier:{month}"
OFFICER_KEY = "incomplete-dossier-unit:{month}"
PERSON_TITLE = "Hồ sơ của anh/chị chưa đầy đủ (tháng {month:%m/%Y}): còn thiếu {count} mục"
OFFICER_TITLE = "Hồ sơ chưa đầy đủ trong đơn vị (tháng {month:%m/%Y}): {count} hồ sơ"
MISSING_SHOWN = 10


@dataclass(frozen=True)
class IncompleteRemindResult:
    people: int
    officers: int


def incomplete_dossiers_remind(*, today: date) -> IncompleteRemindResult:
    """Send this month's reminders not sent yet: to each person with an incomplete dossier and an
    active account, and to each unit officer whose subtree holds any."""
    month = today.replace(day=1)
    keys = (PERSON_KEY.format(month=f"{month:%Y-%m}"), OFFICER_KEY.format(month=f"{month:%Y-%m}"))
    if Announcement.objects.filter(key__in=keys).exists():
        # This month's round went out: the later runs of the month do not measure every dossier again.
        return IncompleteRemindResult(people=0, officers=0)
    grants = [grant for grant in role_grants_active() if grant.role in REVIEW_ROLES]
    if not grants and not Person.objects.filter(status=PersonStatus.WORKING, account__is_active=True).exists():
        # No one could be told: measuring every dossier would send nothing (a province before
        # its accounts are made), so the days until then cost two queries.
        return IncompleteRemindResult(people=0, officers=0)
    with transaction.atomic():
        jit_off_in_transaction()
        found = incomplete_dossiers_working()
        people = _people_remind(found, month)
        officers = _officers_remind(found, grants, month)
        if people or officers:
            audit_record(acting_user=None, action="incomplete_dossiers.remind", detail={
                "month": f"{month:%Y-%m}", "people": people, "officers": officers})
    return IncompleteRemindResult(people=people, officers=officers)


def _people_remind(found: list[IncompleteWorking], month: date) -> int:
    key = PERSON_KEY.format(month=f"{month:%Y-%m}")
    link = _link("frontend:my-dossier")
    # The text depends on what the dossier lacks only, and people who lack the same items share
    # one Completeness (core.resumes.incomplete): written once each, not once a person.
    texts: dict[int, tuple[str, str]] = {}
    messages = []
    for one in found:
        if one.account_id is None or not one.account_active:
            continue
        text = texts.get(id(one.completeness))
        if text is None:
            missing = one.completeness.missing_labels
            listed = "; ".join(missing[:MISSING_SHOWN]) + ("; …" if len(missing) > MISSING_SHOWN else "")
            text = texts[id(one.completeness)] = (
                PERSON_TITLE.format(month=month, count=len(missing)),
                f"Theo {one.completeness.form_label}, hồ sơ của anh/chị còn thiếu: {listed}.\n"
                "Anh/chị vui lòng cập nhật đầy đủ (kèm văn bản chứng minh) để đơn vị kiểm tra, phê duyệt.")
        messages.append(Message(account_id=one.account_id, email=one.account_email, title=text[0], body=text[1],
                                link=link))
    return announcements_send_each(key=key, messages=messages)


def _officers_remind(found: list[IncompleteWorking], grants: list[RoleGrant], month: date) -> int:
    key = OFFICER_KEY.format(month=f"{month:%Y-%m}")
    counts: dict[int, int] = {}
    officers = {}
    # By unit first: a province has hundreds of units against tens of thousands of people.
    by_unit = Counter(one.unit_path for one in found)
    for grant in grants:
        count = sum(n for path, n in by_unit.items() if path.startswith(grant.org_unit.path))
        if count:
            counts[grant.account_id] = counts.get(grant.account_id, 0) + count
            officers[grant.account_id] = grant.account
    sent = 0
    for account_id, count in counts.items():
        body = (f"Đơn vị có {count} hồ sơ của người đang công tác còn thiếu mục bắt buộc của mẫu sơ yếu lý lịch. "
                "Danh sách kèm các mục còn thiếu ở trang “Hồ sơ chưa đầy đủ”; đề nghị đôn đốc cá nhân cập nhật.")
        sent += announcements_send(key=key, accounts=[officers[account_id]],
                                   title=OFFICER_TITLE.format(month=month, count=count), body=body,
                                   link=_link("frontend:incomplete-dossiers"))
    return sent


def _link(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:  # pages not mounted (the worker of a deployment without them)
        return ""
