"""Every career list, in every demo province, counts what a direct ORM count of the same people
gives: the page (its count and its table's rows), the API, the XLSX and the PDF (rows read back
with pdftotext), against plain querysets written here from the law's own figures, not through
the selectors.

The session's demo people (the personas) have no salary history, appointment, discipline or
evaluation round, so each test first adds, with the factories, people who fall into the list and
people just outside it, relative to today (the lists are today's).

The figures, as this module reads the law (the rules hold the same values as cited versions):
- regular raise: the salary scale catalogue's months on a step (Nghị định 204/2004: A 36, B and C
  24, chuyên gia cao cấp 60), later by 3 months per khiển trách, 6 per cảnh cáo, 12 per giáng
  chức or cách chức decided since the step's year (Thông tư 08/2013 as amended by 03/2021);
- on the top step, the beyond-top-step allowance after 36 months (A) or 24 (B, C), then each
  12 months (Thông tư 04/2005);
- early raise: at most 12 months short, with an award since the step's year at a level that
  gives one (Nhà nước, Thủ tướng Chính phủ, Bộ, Tỉnh, Cơ sở: Thông tư 03/2021 Art. 3);
- retirement: men 60 y 3 m in 2021 and 3 months more a year to 62 y, women 55 y 4 m in 2021 and
  4 months more a year to 60 y (Bộ luật Lao động 2019 Art. 169, Nghị định 135/2020 Phụ lục I,
  II), from the month in which the age is reached; an unknown day is the 1st, an unknown month
  January;
- appointment term: 5 years from the latest appointment unless its end is recorded (Nghị định
  138/2020 Art. 41);
- discipline bars: 12 months (khiển trách, cảnh cáo, hạ bậc lương) or 24 (giáng chức, cách
  chức) after the discipline's year, or to its recorded end of effect (Luật Cán bộ, công chức
  2008 as amended by Luật 52/2019, Art. 82.2).
"""

import io
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from html import unescape
from urllib.parse import parse_qs

import pytest
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from core.base.accounts.models import Account
from core.careers.models import (
    EarlyRaiseProposal,
    EvaluationEntry,
    EvaluationRound,
    RaiseProposal,
    StepPause,
)
from core.catalogues.models import ProfessionalTitle, Rank, SalaryScale
from core.models import (
    Appointment,
    Discipline,
    Evaluation,
    Gender,
    OrgUnit,
    Person,
    PersonStatus,
    Reward,
    SalaryHistory,
)
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from tests.conftest import _province, sign_in
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db

PASSWORD = "hoso-demo-2026"
CODES = ["lai-chau", "tuyen-quang", "lao-cai", "son-la", "binh-thuan"]
DELAY_MONTHS = {"Khiển trách": 3, "Cảnh cáo": 6, "Giáng chức": 12, "Cách chức": 12}
OVER_FRAME_AFTER = {"A": 36, "B": 24, "C": 24}
AWARD_LEVELS = ["Nhà nước", "Thủ tướng Chính phủ", "Bộ", "Tỉnh", "Cơ sở"]
BAR_MONTHS = {"Khiển trách": 12, "Cảnh cáo": 12, "Hạ bậc lương": 12, "Giáng chức": 24, "Cách chức": 24}
NATIONAL_ID = re.compile(r"(?<!\d)\d{12}(?!\d)")
UNIT_CODE = re.compile(r"\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}")


def _add(day: date, months: int) -> date:
    """`months` after `day`, the day kept or, past the month's end, its last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    days = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, days))


def _quarter(today: date) -> tuple[date, date]:
    first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return first, _add(first, 3) - timedelta(days=1)


# --- What the province holds: the people added for each list -----------------------------------

def _salary(person: Person, since: date, *, rank: str = "01.003", step: int = 3) -> None:
    SalaryHistory.objects.create(person=person, effective_on=since, rank_code=rank, step=step,
                                 coefficient=Decimal("3.00"))


def _seed(today: date) -> None:
    """People in and just outside each list (ranks 01.003 Chuyên viên, A1, 9 steps; 01.005 Nhân viên, B)."""
    start, end = _quarter(today)
    mid = date(start.year, start.month + 1, 15)
    # Due raises this quarter.
    _salary(PersonFactory(), _add(mid, -36))                                   # in: A1, 36 months
    _salary(PersonFactory(), _add(mid, -24), rank="01.005", step=5)            # in: B, 24 months
    delayed_out, delayed_in = PersonFactory(), PersonFactory()
    _salary(delayed_out, _add(mid, -36), step=2)                               # out: +3 months
    Discipline.objects.create(person=delayed_out, year=_add(mid, -36).year, form="Khiển trách", reason="Thử")
    _salary(delayed_in, _add(mid, -39), step=2)                                # in: 39 months with the delay
    Discipline.objects.create(person=delayed_in, year=_add(mid, -39).year, form="Khiển trách", reason="Thử")
    _salary(PersonFactory(), _add(start, -36) - timedelta(days=1), step=4)     # out: due the day before the quarter
    _salary(PersonFactory(), _add(end.replace(day=28), -36), step=9)           # top step: 5 % on the 28th of the last month
    _salary(PersonFactory(), _add(today.replace(day=min(today.day, 28)), -36), step=9)  # top step: 5 % by today
    # Early-raise candidates.
    for months_short, level, award_lag in ((8, "Tỉnh", 0), (11, "Cơ sở", 0), (13, "Tỉnh", 0), (8, None, 0),
                                            (8, "Tỉnh", 1), (8, "Huyện", 0)):
        person = PersonFactory()
        since = _add(today.replace(day=min(today.day, 28)), months_short - 36)
        _salary(person, since)
        if level is not None:
            Reward.objects.create(person=person, year=since.year - award_lag, form="Bằng khen", level=level)
    # Retirements in the next 12 months, and the month after them.
    for gender, months_ahead in ((Gender.MALE, 1), (Gender.FEMALE, 5), (Gender.MALE, 11), (Gender.FEMALE, 12)):
        birth = _born_to_retire_in(gender, _add(today.replace(day=1), months_ahead))
        PersonFactory(gender=gender, birth_year=birth.year, birth_month=birth.month, birth_date=birth.replace(day=20))
    birth = _born_to_retire_in(Gender.FEMALE, _add(today.replace(day=1), 3))
    PersonFactory(gender=Gender.FEMALE, birth_year=birth.year, birth_month=birth.month, birth_date=None)
    # Terms ending in the next 6 months.
    for start_on, term_end in ((_add(today.replace(day=15), 3 - 60), None), (date(2019, 5, 1), today + timedelta(days=30)),
                               (_add(today.replace(day=15), 7 - 60), None), (date(2019, 5, 1), today - timedelta(days=1))):
        Appointment.objects.create(person=PersonFactory(), position="Trưởng phòng", decision="QĐ 1",
                                   start=start_on, term_end=term_end)
    renewed = PersonFactory()
    Appointment.objects.create(person=renewed, position="Phó Giám đốc", decision="QĐ 2",
                               start=_add(today.replace(day=15), 2 - 60))
    Appointment.objects.create(person=renewed, position="Phó Giám đốc", decision="QĐ 3",
                               start=today - timedelta(days=10), reappointment=True)
    # Barred by discipline.
    for year, form, effect_until in ((today.year, "Khiển trách", None), (today.year - 2, "Cách chức", None),
                                     (today.year - 2, "Cảnh cáo", None), (today.year - 3, "Giáng chức", None),
                                     (today.year - 3, "Khiển trách", today + timedelta(days=10)),
                                     (today.year, "Phê bình", None)):
        Discipline.objects.create(person=PersonFactory(), year=year, form=form, reason="Thử",
                                  effect_until=effect_until)
    # Evaluation rounds of the year: two units, entries in one.
    admin = Account.objects.get(username=DOHA_ADMIN_USERNAME)
    root = OrgUnit.objects.get(parent__isnull=True)
    other = OrgUnit.objects.filter(parent=root).order_by("path").first()
    assert other is not None
    evaluated = EvaluationRound.objects.create(org_unit=root, year=today.year, opened_by=admin)
    EvaluationRound.objects.create(org_unit=other, year=today.year, opened_by=admin)
    EvaluationRound.objects.create(org_unit=other, year=today.year - 1, opened_by=admin)
    for person, grade in zip(Person.objects.filter(org_unit=root)[:2], ("good", "excellent"), strict=True):
        EvaluationEntry.objects.create(round=evaluated, person=person, grade=grade, entered_by=admin)


# --- The law's figures, read by hand -----------------------------------------------------------

def _retirement_age_months(gender: str, year: int) -> int:
    if gender == Gender.MALE:
        return 720 if year <= 2020 else min(723 + 3 * (year - 2021), 744)
    return 660 if year <= 2020 else min(664 + 4 * (year - 2021), 720)


def _retirement_month(gender: str, birth: date) -> date:
    """The first of the month in which `birth` reaches the age of that month's year."""
    reached = _add(birth.replace(day=1), _retirement_age_months(gender, 2020))
    if reached.year <= 2020:
        return reached
    year = 2021
    while True:
        reached = _add(birth.replace(day=1), _retirement_age_months(gender, year))
        if reached.year <= year:
            return reached
        year += 1


def _born_to_retire_in(gender: str, month: date) -> date:
    """Someone who retires in `month` or, where the roadmap's rising age leaves no one retiring
    then (men in January–March of a year up to 2028), in the first month after it with someone."""
    birth = date(month.year - 70, 1, 1)
    while _retirement_month(gender, birth) < month:
        birth = _add(birth, 1)
    return birth


# --- Direct ORM counts --------------------------------------------------------------------------

def _working() -> QuerySet[Person]:
    return Person.objects.filter(status=PersonStatus.WORKING)


def _with_current_step(today: date) -> QuerySet[Person]:
    """Working people with their latest salary row on or before today, its scale's steps and
    months on a step (the catalogue), and the months of delay their disciplines since the
    row's year add."""
    latest = SalaryHistory.objects.filter(person=OuterRef("pk"), effective_on__lte=today).order_by("-effective_on", "-id")
    group_of_rank = Rank.objects.filter(code=OuterRef("rank_code")).exclude(salary_group="").values("salary_group")[:1]
    group_of_title = ProfessionalTitle.objects.filter(code=OuterRef("rank_code")).exclude(
        salary_group="").values("salary_group")[:1]
    delay = Case(*(When(form=form, then=Value(months)) for form, months in DELAY_MONTHS.items()),
                 default=Value(0), output_field=IntegerField())
    delays = (Discipline.objects.filter(person=OuterRef("pk"), year__gte=OuterRef("since__year"))
              .values("person").annotate(months=Sum(delay)).values("months"))
    people = _working().annotate(
        since=Subquery(latest.values("effective_on")[:1]), step=Subquery(latest.values("step")[:1]),
        rank_code=Subquery(latest.values("rank_code")[:1]),
    ).filter(since__isnull=False)
    rank_group = Rank.objects.filter(code=OuterRef("dossier__rank_code")).exclude(salary_group="").values("salary_group")[:1]
    people = people.annotate(scale=Coalesce(NullIf("dossier__salary_scale_code", Value("")), Subquery(group_of_rank),
                                            Subquery(group_of_title), Subquery(rank_group)))
    scales = SalaryScale.objects.filter(code=OuterRef("scale"))
    return people.annotate(steps=Subquery(scales.values("steps")[:1]),
                           interval=Subquery(scales.values("step_interval_months")[:1]),
                           delay=Coalesce(Subquery(delays), Value(0))).filter(steps__isnull=False)


def _regular_due_between(first: date | None, last: date) -> Q:
    """On a step below the top, the raise (with its delays) falls in [first, last]."""
    found = Q(pk__in=[])
    for interval in set(SalaryScale.objects.values_list("step_interval_months", flat=True)):
        for delay in range(0, 121, 3):
            months = interval + delay
            window = Q(since__lte=_add(last, -months))
            if first is not None:
                window &= Q(since__gte=_add(first, -months))
            found |= Q(interval=interval, delay=delay) & window
    return found & Q(step__lt=F("steps"))


def _raises_due(today: date) -> int:
    start, end = _quarter(today)
    top = Q(pk__in=[])
    for group, after in OVER_FRAME_AFTER.items():
        for years in range(40):
            months = after + 12 * years
            top |= Q(scale__startswith=group, since__gt=_add(today, -months), since__lte=_add(end, -months))
    top &= Q(step__gte=F("steps"), delay=0)
    return _with_current_step(today).filter(_regular_due_between(start, end) | top).count()


def _raise_round_due(today: date) -> int:
    _, end = _quarter(today)
    proposed = RaiseProposal.objects.filter(person=OuterRef("pk"), step_since=OuterRef("since")).exclude(
        state=RaiseProposal.State.REJECTED)
    return _with_current_step(today).filter(_regular_due_between(None, end)).exclude(Exists(proposed)).count()


def _early_raises(today: date) -> int:
    awarded = Reward.objects.filter(person=OuterRef("pk"), level__in=AWARD_LEVELS, year__gte=OuterRef("since__year"))
    proposed = EarlyRaiseProposal.objects.filter(person=OuterRef("pk"), step_since=OuterRef("since")).exclude(
        state=EarlyRaiseProposal.State.REJECTED)
    return (_with_current_step(today).filter(_regular_due_between(today + timedelta(days=1), _add(today, 12)))
            .filter(Exists(awarded)).exclude(Exists(proposed)).count())


def _born_in(year: int, month: int) -> Q:
    """Born in that month, an unknown day taken as the 1st and an unknown month as January."""
    known = Q(birth_date__year=year, birth_date__month=month)
    assumed = Q(birth_date__isnull=True, birth_year=year, birth_month=month)
    if month == 1:
        assumed |= Q(birth_date__isnull=True, birth_year=year, birth_month__isnull=True)
    return known | assumed


def _retirements(today: date) -> int:
    last = _add(today, 12) - timedelta(days=1)
    found = Q(pk__in=[])
    for gender in (Gender.MALE, Gender.FEMALE):
        birth = date(today.year - 71, 1, 1)
        while birth.year <= today.year - 50:
            month = _retirement_month(gender, birth)
            month_end = _add(month, 1) - timedelta(days=1)
            if today <= month_end <= last:
                found |= Q(gender=gender) & _born_in(birth.year, birth.month)
            birth = _add(birth, 1)
    return _working().filter(found).count()


def _terms_ending(today: date) -> int:
    last = _add(today, 6) - timedelta(days=1)
    latest = Appointment.objects.filter(person=OuterRef("pk")).order_by("-start", "-id")
    people = _working().annotate(start=Subquery(latest.values("start")[:1]),
                                 term_end=Subquery(latest.values("term_end")[:1])).filter(start__isnull=False)
    five_years = Q(term_end__isnull=True, start__gte=_add(today + timedelta(days=1), -60),
                   start__lte=_add(last + timedelta(days=1), -60))
    return people.filter(Q(term_end__gte=today, term_end__lte=last) | five_years).count()


def _barred(today: date) -> int:
    found = Q(pk__in=[])
    for form, months in BAR_MONTHS.items():
        years = months // 12
        # Barred from the year's 1 January to the day before the same months after its 31 December.
        found |= Q(form=form, year__lte=today.year) & (
            Q(year__gte=today.year - years + (0 if today <= date(today.year, 12, 30) else 1))
            | Q(effect_until__gte=today))
    return Discipline.objects.filter(person__status=PersonStatus.WORKING).filter(found).count()


def _evaluation_rounds(today: date) -> int:
    return EvaluationRound.objects.filter(year=today.year).count()


# --- What the pages, the API and the files say --------------------------------------------------

def _table_rows(html: str, table_id: str | None) -> int:
    start = html.index(f'id="{table_id}"') if table_id else html.find('<table class="grid"')
    if start < 0:
        return 0
    body = html[start:html.index("</table>", start)]
    return body.split("<tbody>", 1)[1].count("<tr") if "<tbody>" in body else 0


def _all_pages_rows(client: Client, path: str, table_id: str | None) -> tuple[str, int]:
    """The first page's HTML, and the rows of the list's table on all its pages (`?trang=`)."""
    first = html = client.get(path).content.decode()
    rows = _table_rows(html, table_id)
    for _ in range(1000):
        pages = [unescape(link) for link in re.findall(r'href="\?([^"]*)" rel="next"', html)]
        following = next((link for link in pages if "trang" in parse_qs(link)), None)
        if following is None:
            return first, rows
        html = client.get(f"{path}?{following}").content.decode()
        rows += _table_rows(html, table_id)
    raise AssertionError("more than 1,000 pages")


def _pdf_rows(content: bytes, pattern: re.Pattern[str]) -> int:
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True).stdout
    return len(pattern.findall(text.decode()))


@dataclass(frozen=True)
class CareerList:
    page: str
    api: str
    orm: Callable[[date], int]
    table: str | None
    files: bool = True
    pdf_rows: re.Pattern[str] = NATIONAL_ID


LISTS = {
    "raises-due": CareerList("/su-nghiep/nang-luong/", "/api/v1/careers/raises-due/", _raises_due, None),
    "raise-round": CareerList("/su-nghiep/xet-nang-luong/", "/api/v1/careers/raise-round/", _raise_round_due, "due",
                              files=False),
    "early-raises": CareerList("/su-nghiep/nang-luong-truoc-han/", "/api/v1/careers/early-raises/", _early_raises,
                               "candidates"),
    "retirements": CareerList("/su-nghiep/nghi-huu/", "/api/v1/careers/retirements/", _retirements, None),
    "terms-ending": CareerList("/su-nghiep/het-nhiem-ky/", "/api/v1/careers/terms-ending/", _terms_ending, None),
    "barred": CareerList("/su-nghiep/ky-luat/", "/api/v1/careers/barred/", _barred, None),
    "evaluations": CareerList("/su-nghiep/danh-gia/", "/api/v1/careers/evaluations/", _evaluation_rounds, "rounds",
                              pdf_rows=UNIT_CODE),
}


def _counts(client: Client, found: CareerList) -> dict[str, int]:
    assert client.get(found.page).status_code == 200
    html, page_rows = _all_pages_rows(client, found.page, found.table)
    answer = client.get(found.api)
    assert answer.status_code == 200
    counts = {"page rows": page_rows, "api": answer.json()["count"]}
    shown = re.search(r'<strong id="career-count">(\d+)</strong>', html)
    if shown:
        counts["page count"] = int(shown.group(1))
    if found.files:
        xlsx = client.get(found.page, {"format": "xlsx"})
        assert xlsx.status_code == 200
        counts["xlsx"] = load_workbook(io.BytesIO(xlsx.content)).active.max_row - 1  # below the header
        pdf = client.get(found.page, {"format": "pdf"})
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        counts["pdf"] = _pdf_rows(pdf.content, found.pdf_rows)
    return counts


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("name", list(LISTS))
def test_each_career_list_counts_as_the_orm_does(name: str, code: str) -> None:
    """The page, its table, the API, the XLSX and the PDF of the list all count the people (or
    rounds) that a plain queryset finds, and the people added fall in and out as the law says."""
    province, found = _province(code), LISTS[name]
    today = timezone.localdate()
    with tenant_context(province):
        _seed(today)
        # The forecasts' other delays (years "không hoàn thành", paused days) are the computation
        # tests' business: here no one has them, so the counts above need not read them.
        assert not Evaluation.objects.filter(grade=Evaluation.Grade.NOT_COMPLETED).exists()
        assert not StepPause.objects.exists()
        # No one with a salary row is near retirement (the early raise's retirement case).
        assert not SalaryHistory.objects.filter(person__birth_year__lt=1975).exists()
        expected = found.orm(today)
    assert expected >= 2, "the list's people were not added"
    counts = _counts(sign_in(province, DOHA_ADMIN_USERNAME, PASSWORD), found)
    assert counts == dict.fromkeys(counts, expected)


def test_the_retirements_api_counts_by_month_as_the_orm_does() -> None:
    """Retirements in the next 12 months, by month: each month's count is the ORM's for it."""
    province = _province("tuyen-quang")
    today = timezone.localdate()
    with tenant_context(province):
        _seed(today)
        by_month: dict[str, int] = {}
        for gender in (Gender.MALE, Gender.FEMALE):
            birth = date(today.year - 71, 1, 1)
            while birth.year <= today.year - 50:
                month = _retirement_month(gender, birth)
                if today <= _add(month, 1) - timedelta(days=1) <= _add(today, 12) - timedelta(days=1):
                    n = _working().filter(Q(gender=gender) & _born_in(birth.year, birth.month)).count()
                    if n:
                        by_month[f"{month:%Y-%m}"] = by_month.get(f"{month:%Y-%m}", 0) + n
                birth = _add(birth, 1)
    assert len(by_month) >= 3
    body = sign_in(province, DOHA_ADMIN_USERNAME, PASSWORD).get("/api/v1/careers/retirements/").json()
    assert body["by_month"] == by_month
