"""No page grows with the rows it could list: every role's home page and every main list page,
measured with 5 and with 1,000 rows of what it lists, runs the same queries and answers with
the same number of bytes up to the digits of its counts, ids and row names.

The measurements shrink every page to SHOWN rows (the shared pager's size, the people list's,
the review queue's and the home page's lists): with 5 rows, then, each list already fills its
first page and shows its page links or its "first N of M" line, so 1,000 rows may add only
digits. A list capped elsewhere at more than SHOWN rows, or not capped, shows more rows with
1,000 than with 5 and exceeds the bound.

The bound, GROWTH_BYTES: the counts of the list gain three digits (9 → 1,004) in at most four
places (the total, the last page's number, the "Xem tất cả" link, the header's unread count),
the names of the rows shown gain at most three digits each ("Mẫu 3" → "Mẫu 994", each name
printed at most twice: 4 × 2 × 3) and the pages' numbers a digit or two: under 100 bytes. One
more row of any list here is 150 bytes or more, and 1,000 rows of a list capped at 200 or not at
all add tens of kilobytes."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import count

import pytest
from django.db import connection
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.backups.models import BackupRun, BackupScope, BackupStatus
from core.base.accounts.models import Account
from core.careers.dates import months_add
from core.careers.models import EvaluationRound
from core.careers.selectors import retirement_forecast
from core.models import (
    Appointment,
    ChangeSet,
    ChangeSetState,
    Discipline,
    Gender,
    Obligation,
    ObligationKind,
    OrgUnit,
    OrgUnitKind,
    Person,
    Reward,
    SalaryHistory,
)
from core.privacy.models import DataSubjectRequest, RequestKind
from core.reports.models import ReportRecipient, ReportState, ScheduledReport
from core.tech_agency.models import CheckResult, CheckSubject, TechCheck
from core.transfers.models import Notification, Transfer, TransferKind, TransferState
from tenants.models import Province
from tests.budgets import Cost, measured, steady_caches
from tests.conftest import sign_in
from tests.core.conftest import Personas, personas_of
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db

PASSWORD = "hoso-demo-2026"
SHOWN = 4  # rows a list shows in these measurements: fewer than the 5 of the smaller count
GROWTH_BYTES = 256
_serial = count(1)


@pytest.fixture(autouse=True)
def _small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    from core.selectors import home
    from frontend.change_sets import review
    from frontend.common import paging
    from frontend.people import views

    steady_caches(monkeypatch)
    monkeypatch.setattr(paging, "PER_PAGE", SHOWN)
    monkeypatch.setattr(views, "PEOPLE_PER_PAGE", SHOWN)
    monkeypatch.setattr(review, "QUEUE_SHOWN", SHOWN)
    monkeypatch.setattr(home, "QUEUE_SHOWN", SHOWN)


# --- Rows, made in bulk (inside the province's schema) --------------------------------------------

def _unit_of(personas: Personas, persona: str) -> OrgUnit:
    person = Person.objects.filter(account=getattr(personas, persona)).select_related("org_unit").first()
    return person.org_unit if person is not None else OrgUnit.objects.get(parent__isnull=True)


def _people(personas: Personas, n: int) -> list[Person]:
    """`n` people in Sở Tài chính, the officer's and the approver's unit."""
    return PersonFactory.build_many(n, org_unit=_unit_of(personas, "approver"))


def _change_sets(personas: Personas, n: int, state: str) -> None:
    """`n` change sets in `state`, all submitted (and reviewed) at one moment after the demo's,
    so the first page shows the same ones with 5 or 1,000."""
    at = timezone.make_aware(datetime(2030, 1, 1, 8))
    reviewed = state == ChangeSetState.REVIEWED
    ChangeSet.objects.bulk_create([
        ChangeSet(person=person, state=state, changed_on=date(2026, 1, 1), base_version=person.version,
                  created_by=personas.employee, submitted_by=personas.employee, submitted_at=at,
                  reviewed_by=personas.officer if reviewed else None, reviewed_at=at if reviewed else None)
        for person in _people(personas, n)])


def _duties(account: Account, personas: Personas, persona: str, n: int) -> None:
    """`n` open duties owed by `account`, late since one day (the first the lists show)."""
    unit = _unit_of(personas, persona)
    due = timezone.localdate() - timedelta(days=400)
    Obligation.objects.bulk_create([
        Obligation(kind=ObligationKind.PERSONAL_UPDATE, account=account, org_unit=unit, event_date=due,
                   due=due, subject="Cập nhật hồ sơ (thử)") for _ in range(n)])


def _retiring(personas: Personas, n: int) -> None:
    """`n` women retiring in about six months, one birth date for all."""
    today = timezone.localdate()
    birth = today.replace(year=today.year - 65, day=1)  # retired already: later births retire later
    while retirement_forecast(birth=birth, gender=Gender.FEMALE, today=today).forecast.retire_on < today + timedelta(days=180):
        birth = (birth + timedelta(days=31)).replace(day=1)
    people = _people(personas, n)
    Person.objects.filter(pk__in=[p.pk for p in people]).update(birth_date=birth, birth_year=birth.year)


def _stepped(personas: Personas, n: int, *, months_short: int) -> list[Person]:
    """`n` people on step 3 of A1 (a raise every 36 months) whose next raise is `months_short`
    months from today, each with a provincial award during the step."""
    since = months_add(timezone.localdate(), months_short - 36)
    people = _people(personas, n)
    SalaryHistory.objects.bulk_create([SalaryHistory(person=p, effective_on=since, rank_code="01.003", step=3,
                                                     coefficient=Decimal("3.00")) for p in people])
    Reward.objects.bulk_create([Reward(person=p, year=since.year, form="Bằng khen", level="Tỉnh") for p in people])
    return people


def _disciplined(personas: Personas, n: int) -> None:
    """`n` people reprimanded this year, barred for the months ahead."""
    today = timezone.localdate()
    Discipline.objects.bulk_create([
        Discipline(person=p, year=today.year, form="Khiển trách", reason="Vi phạm (thử)", decision="QĐ thử",
                   effect_until=today + timedelta(days=200)) for p in _people(personas, n)])


def _terms(personas: Personas, n: int) -> None:
    """`n` heads of office whose term ends in three months."""
    today = timezone.localdate()
    Appointment.objects.bulk_create([
        Appointment(person=p, position="Trưởng phòng", decision="QĐ thử", start=months_add(today, -57),
                    term_end=today + timedelta(days=90)) for p in _people(personas, n)])


def _units(n: int) -> list[OrgUnit]:
    """`n` agencies right under the province, named alike (their ids give each its path)."""
    root = OrgUnit.objects.get(parent__isnull=True)
    made = OrgUnit.objects.bulk_create([
        OrgUnit(kind=OrgUnitKind.AGENCY, name=f"Sở Thử {next(_serial):06d}", parent=root, path="", depth=root.depth + 1,
                established_on=root.established_on) for _ in range(n)])
    OrgUnit.objects.filter(pk__in=[u.pk for u in made]).update(
        path=Concat(Value(root.path), Cast("id", CharField()), Value("/")))
    return made


def _rounds(personas: Personas, n: int) -> None:
    """This year's evaluation rounds of `n` new agencies."""
    EvaluationRound.objects.bulk_create([
        EvaluationRound(org_unit=unit, year=timezone.localdate().year, opened_by=personas.doha) for unit in _units(n)])


def _backups(personas: Personas, n: int) -> None:
    """`n` province backups, all older than the demo's, so the first page shows the same ones."""
    at = timezone.make_aware(datetime(2020, 1, 1, 2))
    BackupRun.objects.bulk_create([
        BackupRun(province=connection.tenant, scope=BackupScope.PROVINCE, status=BackupStatus.OK, started_at=at,
                  finished_at=at, duration=timedelta(minutes=1), size_bytes=1000, requested_by="Lịch tự động")
        for _ in range(n)])


def _transfers(personas: Personas, n: int) -> None:
    unit = _unit_of(personas, "approver")
    Transfer.objects.bulk_create([
        Transfer(kind=TransferKind.MOVE_WITHIN_UNIT, state=TransferState.STARTED, person=person, from_unit=unit,
                 to_unit=unit, effective_on=date(2026, 1, 1), started_by=personas.doha)
        for person in _people(personas, n)])


def _reports(personas: Personas, n: int) -> None:
    """`n` reports of the root unit due on the year's first day, codes in creation order."""
    root = OrgUnit.objects.get(parent__isnull=True)
    year = timezone.localdate().year
    ScheduledReport.objects.bulk_create([
        ScheduledReport(code=f"THU{next(_serial):06d}", org_unit=root, recipient=ReportRecipient.DOHA,
                        period_from=date(year - 1, 1, 1), period_to=date(year - 1, 12, 31), due=date(year, 1, 1),
                        state=ReportState.DRAFTED)  # a pending one not in the rules is dropped by the list
        for _ in range(n)])


def _notifications(personas: Personas, n: int) -> None:
    Notification.objects.bulk_create([
        Notification(account=personas.employee, title="Thông báo thử", body="Nội dung thử.") for _ in range(n)])


def _checks(personas: Personas, n: int) -> None:
    TechCheck.objects.bulk_create([
        TechCheck(checked_on=date(2020, 1, 1), subjects=[CheckSubject.BACKUPS], result=CheckResult.OK,
                  notes="Kiểm tra thử.", recorded_by=personas.tech) for _ in range(n)])


def _privacy_requests(personas: Personas, n: int) -> None:
    """`n` open requests of people in Sở Tài chính, all due on one past day."""
    DataSubjectRequest.objects.bulk_create([
        DataSubjectRequest(person=person, requested_by=personas.employee, kind=RequestKind.ACCESS,
                           detail="Yêu cầu thử.", received_on=date(2026, 1, 5), due=date(2026, 1, 7))
        for person in _people(personas, n)])


@dataclass(frozen=True)
class Listing:
    persona: str
    path: str
    grow: Callable[[Personas, int], None]


def _owed_by(persona: str) -> Callable[[Personas, int], None]:
    return lambda personas, n: _duties(getattr(personas, persona), personas, persona, n)


LISTINGS: dict[str, Listing] = {
    "home, employee: duties": Listing("employee", "/trang-cua-toi/", _owed_by("employee")),
    "home, officer: submitted change sets": Listing(
        "officer", "/trang-cua-toi/", lambda p, n: _change_sets(p, n, ChangeSetState.SUBMITTED)),
    "home, officer: duties": Listing("officer", "/trang-cua-toi/", _owed_by("officer")),
    "home, approver: reviewed change sets": Listing(
        "approver", "/trang-cua-toi/", lambda p, n: _change_sets(p, n, ChangeSetState.REVIEWED)),
    "home, DoHA: duties": Listing("doha", "/trang-cua-toi/", _owed_by("doha")),
    "home, DoHA: reports": Listing("doha", "/trang-cua-toi/", _reports),
    "home, agency admin: duties": Listing("agency_admin", "/trang-cua-toi/", _owed_by("agency_admin")),
    "people list": Listing("officer", "/can-bo/", lambda p, n: _people(p, n) and None),
    "review queue": Listing("officer", "/duyet-ho-so/", lambda p, n: _change_sets(p, n, ChangeSetState.SUBMITTED)),
    "duties": Listing("officer", "/nghia-vu/", _owed_by("officer")),
    "approvals": Listing("approver", "/phe-duyet/", lambda p, n: _change_sets(p, n, ChangeSetState.REVIEWED)),
    "careers: retirements": Listing("doha", "/su-nghiep/nghi-huu/", _retiring),
    "transfers": Listing("doha", "/chuyen-cong-tac/", _transfers),
    "reports": Listing("doha", "/bao-cao/", _reports),
    "notifications": Listing("employee", "/thong-bao/", _notifications),
    "technical agency's checks": Listing("tech", "/ky-thuat/kiem-tra/", _checks),
    "privacy requests to answer": Listing("officer", "/yeu-cau-du-lieu/", _privacy_requests),
    "home, DoHA: units": Listing("doha", "/trang-cua-toi/", lambda p, n: _units(n) and None),
    "careers: raises due": Listing("doha", "/su-nghiep/nang-luong/",
                                   lambda p, n: _stepped(p, n, months_short=0) and None),
    "careers: raise round": Listing("doha", "/su-nghiep/xet-nang-luong/",
                                    lambda p, n: _stepped(p, n, months_short=0) and None),
    "careers: early raises": Listing("doha", "/su-nghiep/nang-luong-truoc-han/",
                                     lambda p, n: _stepped(p, n, months_short=6) and None),
    "careers: barred": Listing("doha", "/su-nghiep/ky-luat/", _disciplined),
    "careers: terms": Listing("doha", "/su-nghiep/het-nhiem-ky/", _terms),
    "careers: evaluations": Listing("doha", "/su-nghiep/danh-gia/", _rounds),
    "backups": Listing("doha", "/sao-luu/", _backups),
}


# Where a page says how many rows its list holds: the pager's total, the home page's "Xem tất
# cả" links and first lines, the people list's and the careers lists' counts.
TOTALS = re.compile(r"trong tổng số (\d+)|Xem tất cả (\d+)|Tất cả (\d+) đề nghị|(\d+) đề nghị đã kiểm tra"
                    r"|id=\"(?:result|career)-count\">(\d+)<|\((\d+) quá hạn")


@dataclass(frozen=True)
class Measure:
    cost: Cost
    size: int
    totals: frozenset[int]  # the counts the page gives


def _measure(province: Province, listing: Listing, browser: Client) -> Measure:
    assert browser.get(listing.path).status_code == 200  # warm: the host, catalogues, templates
    with measured() as cost:
        response = browser.get(listing.path)
    assert response.status_code == 200
    html = response.content.decode()
    totals = frozenset(int(number) for match in TOTALS.findall(html) for number in match if number)
    return Measure(cost, len(response.content), totals)


def growth(province: Province, listing: Listing) -> tuple[Measure, Measure]:
    """The page with 5 rows of what it lists, then with 1,000."""
    with tenant_context(province):
        personas = personas_of(province)
        listing.grow(personas, 5)
    browser = sign_in(province, getattr(personas, listing.persona).username, PASSWORD)
    few = _measure(province, listing, browser)
    with tenant_context(province):
        listing.grow(personas, 995)
    return few, _measure(province, listing, browser)


@pytest.mark.parametrize("listing", LISTINGS.values(), ids=LISTINGS.keys())
def test_the_page_does_not_grow_with_the_rows_it_lists(listing: Listing, lao_cai: Province) -> None:
    """With 1,000 rows the page runs the same queries as with 5 and is the same size but for
    digits (GROWTH_BYTES)."""
    few, many = growth(lao_cai, listing)
    # The rows were listed: the page counts 995 more of them.
    assert any(total - 995 in few.totals for total in many.totals), (few.totals, many.totals)
    assert many.cost.queries == few.cost.queries, "\n".join(many.cost.statements)
    assert abs(many.size - few.size) <= GROWTH_BYTES, (few.size, many.size)


# --- Walking a paginated list -------------------------------------------------------------------

def _duty_ids(html: str) -> list[str]:
    return [part.split("</td>", 1)[0] for part in html.split('<td>Cập nhật hồ sơ (thử) ')[1:]]


def test_the_duties_list_pages_through_every_duty(lao_cai: Province) -> None:
    """/nghia-vu/ shows SHOWN duties a page, page 2 the next ones, the last page no "Trang sau",
    and a page number that is not one (or beyond the last) the first (or the last) page."""
    with tenant_context(lao_cai):
        personas = personas_of(lao_cai)
        owed = Obligation.objects.filter(account=personas.officer, state="open").count()
        unit = _unit_of(personas, "officer")
        due = timezone.localdate() - timedelta(days=400)
        made = Obligation.objects.bulk_create([
            Obligation(kind=ObligationKind.PERSONAL_UPDATE, account=personas.officer, org_unit=unit,
                       event_date=due, due=due, subject=f"Cập nhật hồ sơ (thử) {i}") for i in range(2 * SHOWN + 1)])
        from core.transfers.selectors import duty_list_for_user

        total = duty_list_for_user(user=personas.officer).count()
    assert total >= owed + len(made)
    browser = sign_in(lao_cai, personas.officer.username, PASSWORD)
    pages = -(-total // SHOWN)
    first = browser.get("/nghia-vu/").content.decode()
    second = browser.get("/nghia-vu/?trang=2").content.decode()
    assert f"Trang 1/{pages}" in first and 'href="?trang=2" rel="next">Trang sau' in first
    assert "Trang trước" not in first
    assert f"Trang 2/{pages}" in second and 'href="?trang=1" rel="prev">← Trang trước' in second
    # The made duties are due first (late since 400 days), in the order they were made.
    assert [int(i) for i in _duty_ids(first)] == list(range(SHOWN))
    assert [int(i) for i in _duty_ids(second)] == list(range(SHOWN, 2 * SHOWN))
    last = browser.get(f"/nghia-vu/?trang={pages}").content.decode()
    assert f"Trang {pages}/{pages}" in last and "Trang sau" not in last and "Trang trước" in last
    assert f"trong tổng số {total} việc" in last
    for wrong, shown in (("abc", 1), ("0", pages), ("-3", pages), ("99999999999999999999", pages)):
        response = browser.get(f"/nghia-vu/?trang={wrong}")
        assert response.status_code == 200, wrong
        assert f"Trang {shown}/{pages}" in response.content.decode(), wrong


def test_the_filters_stay_on_every_page(lao_cai: Province) -> None:
    """The page links keep the list's other parameters (the duties' state filter)."""
    with tenant_context(lao_cai):
        personas = personas_of(lao_cai)
        _duties(personas.officer, personas, "officer", 2 * SHOWN)
    browser = sign_in(lao_cai, personas.officer.username, PASSWORD)
    html = browser.get("/nghia-vu/?state=late").content.decode()
    assert 'href="?state=late&amp;trang=2" rel="next"' in html


# --- The careers lists forecast only who can appear ----------------------------------------------

def _bystanders(personas: Personas, n: int) -> None:
    """`n` people in scope whom no careers list of the coming year can show: born in 1990, their
    next raise two years away, their term ending in three years."""
    today = timezone.localdate()
    people = _people(personas, n)
    SalaryHistory.objects.bulk_create([SalaryHistory(person=p, effective_on=months_add(today, -12), rank_code="01.003",
                                                     step=3, coefficient=Decimal("3.00")) for p in people])
    Appointment.objects.bulk_create([
        Appointment(person=p, position="Trưởng phòng", decision="QĐ thử", start=months_add(today, -24),
                    term_end=months_add(today, 36)) for p in people])


CAREER_LISTS: dict[str, Listing] = {name: LISTINGS[name] for name in (
    "careers: retirements", "careers: raises due", "careers: raise round", "careers: early raises", "careers: terms")}


def _forecast_count(browser: Client, path: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """The forecasts (a step's, a term's) that one request of `path` computes, and its queries."""
    from core.careers import selectors

    made = [0]

    def counted(compute: Callable[..., object]) -> Callable[..., object]:
        def wrapper(*args: object) -> object:
            made[0] += 1
            return compute(*args)
        return wrapper

    assert browser.get(path).status_code == 200  # warm
    with monkeypatch.context() as patch:
        patch.setattr(selectors, "_step", counted(selectors._step))
        patch.setattr(selectors, "term_ending", counted(selectors.term_ending))
        with measured() as cost:
            assert browser.get(path).status_code == 200
    return made[0], cost.queries


@pytest.mark.parametrize("listing", CAREER_LISTS.values(), ids=CAREER_LISTS.keys())
def test_a_careers_list_forecasts_only_who_can_appear(listing: Listing, lao_cai: Province,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """With 1,000 more people in scope who cannot appear in the list, the page computes the same
    forecasts and runs the same queries as with 5: its time follows the list, not the province
    (counted, not timed: a wall clock on a loaded machine would flake). Every list orders itself
    from a few columns and forecasts only the page it shows, with 5 people in it or 1,000."""
    with tenant_context(lao_cai):
        personas = personas_of(lao_cai)
        listing.grow(personas, 5)
        _bystanders(personas, 5)
    browser = sign_in(lao_cai, getattr(personas, listing.persona).username, PASSWORD)
    few = _forecast_count(browser, listing.path, monkeypatch)
    with tenant_context(lao_cai):
        _bystanders(personas, 995)
    many = _forecast_count(browser, listing.path, monkeypatch)
    assert many == few
    assert few[0] == SHOWN  # ordered from a few columns: only the page's people are forecast
    with tenant_context(lao_cai):
        listing.grow(personas, 995)
    assert _forecast_count(browser, listing.path, monkeypatch)[0] == SHOWN  # 1,000 in the list, one page read
