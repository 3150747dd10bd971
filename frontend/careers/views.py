"""The career lists for a unit, its subtree or the province: due raises this quarter,
retirements in the next twelve months, terms ending in the next six; each as a page and XLSX."""

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta

from django.contrib import messages
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone

from core.base.accounts.models import Account
from core.base.errors import ApplicationError, NotFoundError
from core.base.spreadsheet import rows_xlsx
from core.careers import export, selectors, services
from core.careers.dates import months_add
from core.models import Person
from core.selectors.people import dossier_reads_record, person_id_for_account
from frontend.careers.forms import DecisionForm, PayDateForm
from frontend.common.paging import PAGE_PARAMETER, page_of
from frontend.common.views import acting, errors_attach, int_or_none, signed_in_page

# The second and third lists of a page take their own page number; `trang` pages the first.
PROPOSALS_PAGE = "trang_de_nghi"
EARLY_PAGE = "trang_truoc_han"


def _unit_id(request: HttpRequest) -> int | None:
    raw = request.GET.get("unit", "")
    # ASCII digits only ("²" is a digit to str.isdigit, not to int) and within bigint.
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None


def _page(request: HttpRequest, *, title: str, span: tuple[date, date], rows: list[list[object]],
          page: Page) -> HttpResponse:
    """One page of the list: `rows` are the header and the rows of `page`'s entries."""
    return render(request, "careers/list.html", {
        "title": title, "start": span[0], "end": span[1], "header": rows[0], "rows": rows[1:],
        "count": page.paginator.count, "page": page, "query": _without_page(request),
    })


def _without_page(request: HttpRequest) -> str:
    """The request's parameters but the page: the file links give the whole list."""
    query = request.GET.copy()
    query.pop(PAGE_PARAMETER, None)
    return query.urlencode()


def _file(rows: list[list[object]], title: str, name: str, kind: str) -> HttpResponse:
    """The list as an XLSX or PDF attachment; a PDF the server cannot make is refused in Vietnamese."""
    if kind == "pdf":
        try:
            body, content_type = export.rows_pdf(rows, title), export.PDF_CONTENT_TYPE
        except ApplicationError as error:
            return HttpResponse(error.message, status=400, content_type="text/plain; charset=utf-8")
    else:
        body, content_type = rows_xlsx(rows, title=title), export.XLSX_CONTENT_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


def _people(found: list) -> list[Person]:  # type: ignore[type-arg]
    return [row.person if hasattr(row, "person") else row.appointment.person for row in found]


def _barred(*, user: Account, start: date, end: date, unit_id: int | None, today: date) -> list[selectors.Barred]:
    return selectors.barred_for_user(user=user, as_of=today, unit_id=unit_id)


def _list(loader: Callable[..., Sequence], rows: Callable[[list], list[list[object]]], *, title: str, slug: str,
          span: Callable[[date], tuple[date, date]]) -> Callable[..., HttpResponseBase]:
    @signed_in_page
    def view(request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        start, end = span(today)
        found = loader(user=acting(request), start=start, end=end, unit_id=_unit_id(request), today=today)
        # Names, ID numbers and career dates are personal data: each person listed is a read
        # (in a file, the whole list; on the page, the page's rows).
        fmt = request.GET.get("format", "")
        if fmt in ("xlsx", "pdf"):
            found = list(found)  # the whole list, forecast once
            dossier_reads_record(user=acting(request), people=_people(found), purpose=f"Danh sách {slug} ({fmt})")
            return _file(rows(found), title, f"{slug}-{start:%Y%m%d}", fmt)
        page = page_of(request, found)
        shown = list(page.object_list)
        dossier_reads_record(user=acting(request), people=_people(shown), purpose=f"Danh sách {slug}")
        return _page(request, title=title, span=(start, end), rows=rows(shown), page=page)

    return view


raises_due = _list(selectors.raises_due_for_user, export.raise_rows, title="Nâng bậc lương đến hạn trong quý",
                   slug="nang-luong", span=selectors.quarter_of)
retirements = _list(selectors.retirements_for_user, export.retirement_rows, title="Nghỉ hưu trong 12 tháng tới",
                    slug="nghi-huu", span=lambda today: (today, months_add(today, 12) - timedelta(days=1)))
barred = _list(_barred, export.barred_rows, title="Đang trong thời hạn không nâng ngạch, quy hoạch, đào tạo, bổ nhiệm do kỷ luật",
               slug="ky-luat", span=lambda today: (today, today))
terms_ending = _list(selectors.terms_ending_for_user, export.term_rows, title="Hết nhiệm kỳ bổ nhiệm trong 6 tháng tới",
                     slug="het-nhiem-ky", span=lambda today: (today, months_add(today, 6) - timedelta(days=1)))


# --- Salary on a date -------------------------------------------------------------------------

@signed_in_page
def pay(request: HttpRequest, person_id: int) -> HttpResponse:
    """A person's monthly salary and allowances on a chosen date (today by default)."""
    on = timezone.localdate()
    form = PayDateForm(request.GET or {"on": on.isoformat()})
    answer = None
    bad_input = not form.is_valid()
    if not bad_input:
        on = form.cleaned_data["on"] or on
        try:
            answer = selectors.person_pay_on(user=acting(request), person_id=person_id, on=on)
        except NotFoundError:
            raise
        except ApplicationError as error:
            errors_attach(error, form)
    return render(request, "careers/pay.html", {"form": form, "answer": answer, "on": on,
                                                "person_id": person_id},
                  status=400 if bad_input else 200)


@signed_in_page
def my_pay(request: HttpRequest) -> HttpResponseBase:
    return pay(request, person_id_for_account(user=acting(request)))


# --- Early raises -----------------------------------------------------------------------------

@signed_in_page
def early_raises(request: HttpRequest) -> HttpResponse:
    """Who may be raised early today, each unit's quota for the year, the proposals made; an
    admin proposes from here (the refusal, e.g. a full quota, shown above the list)."""
    today = timezone.localdate()
    refusal, status = "", 200
    if request.method == "POST":
        try:
            proposal = services.early_raise_propose(acting_user=acting(request),
                                                    person_id=int_or_none(request.POST.get("person")) or 0, as_of=today)
        except NotFoundError:
            raise
        except ApplicationError as error:
            refusal, status = error.message, 400
        else:
            messages.success(request, f"Đã đề nghị nâng bậc lương trước thời hạn cho {proposal.person.full_name}, "
                                      f"hưởng bậc mới từ {proposal.raise_on:%d/%m/%Y}.")
            return redirect(request.get_full_path())
    found = selectors.early_raise_candidates_for_user(user=acting(request), as_of=today, unit_id=_unit_id(request))
    fmt = request.GET.get("format", "")
    if fmt in ("xlsx", "pdf"):
        found = replace(found, cases=list(found.cases))  # the whole list, forecast once
        dossier_reads_record(user=acting(request), people=[c.career.person for c in found.cases],
                             purpose=f"Danh sách nang-luong-truoc-han ({fmt})")
        return _file(export.early_raise_rows(found), "Nâng bậc lương trước thời hạn", f"nang-luong-truoc-han-{today:%Y%m%d}",
                     fmt)
    cases = page_of(request, found.cases)
    dossier_reads_record(user=acting(request), people=[c.career.person for c in cases.object_list],
                         purpose="Danh sách nang-luong-truoc-han")
    return render(request, "careers/early_raises.html", {
        "found": found, "cases": cases, "proposals": page_of(request, found.proposals, parameter=PROPOSALS_PAGE),
        "today": today, "refusal": refusal, "query": _without_page(request), "quotas": list(found.quotas.values()),
    }, status=status)


# --- The raise round --------------------------------------------------------------------------

@signed_in_page
def raise_round(request: HttpRequest) -> HttpResponse:
    """The quarter's round: who is due (an admin proposes), the proposals waiting (the approver
    decides with a decision number, or refuses with a reason)."""
    today = timezone.localdate()
    refusal, status, failed = "", 200, None
    if request.method == "POST":
        action = request.POST.get("action", "")
        form = DecisionForm(request.POST)
        try:
            if action == "propose":
                services.raise_propose(acting_user=acting(request), as_of=today,
                                       person_id=int_or_none(request.POST.get("person")) or 0)
                messages.success(request, "Đã đề nghị nâng bậc lương.")
            elif action in ("approve", "reject") and form.is_valid():
                decide = services.early_raise_decide if request.POST.get("kind") == "early" else services.raise_decide
                decide(acting_user=acting(request), proposal_id=int_or_none(request.POST.get("proposal")) or 0,
                       decision=services.Decision(approve=action == "approve", number=form.cleaned_data["decision_number"],
                                                  on=form.cleaned_data["decision_date"], reason=form.cleaned_data["reason"]))
                messages.success(request, "Đã ghi quyết định.")
            elif action not in ("approve", "reject"):
                raise ApplicationError("Thao tác không hợp lệ.")
            if form.is_bound and form.errors:
                raise ApplicationError("Dữ liệu chưa hợp lệ.")
            return redirect(request.get_full_path())
        except NotFoundError:
            raise
        except ApplicationError as error:
            errors_attach(error, form)
            refusal, status = error.message, 400
            failed = (request.POST.get("kind", ""), request.POST.get("proposal", ""), form)
    found = selectors.raise_round_for_user(user=acting(request), as_of=today, unit_id=_unit_id(request))
    due = page_of(request, found.due)
    dossier_reads_record(user=acting(request), people=[c.person for c in due.object_list],
                         purpose="Danh sách xet-nang-luong")
    return render(request, "careers/raise_round.html", {
        "found": found, "due": due, "proposals": page_of(request, found.proposals, parameter=PROPOSALS_PAGE),
        "early": page_of(request, found.early, parameter=EARLY_PAGE),
        "today": today, "refusal": refusal, "failed": failed,
        "decision_fields": [("decision_number", "Số quyết định", "text"), ("decision_date", "Ngày quyết định", "date"),
                            ("reason", "Lý do không nâng", "text")],
    }, status=status)


# --- Evaluation rounds ------------------------------------------------------------------------

@signed_in_page
def evaluations(request: HttpRequest) -> HttpResponse:
    """The year's evaluation rounds of the units the user holds a role over: progress by level;
    the approver confirms a round here (refused, with the cap's message, over 20 % xuất sắc)."""
    raw = request.GET.get("year", "")
    valid = raw.isascii() and raw.isdigit() and len(raw) == 4 and 2000 <= int(raw) <= 2100
    year = int(raw) if valid else timezone.localdate().year
    refusal, status = "", 200
    if request.method == "POST":
        try:
            services.evaluation_round_confirm(acting_user=acting(request),
                                              round_id=int_or_none(request.POST.get("round")) or 0)
        except NotFoundError:
            raise
        except ApplicationError as error:
            refusal, status = error.message, 400
        else:
            messages.success(request, "Đã phê duyệt kết quả đánh giá, xếp loại.")
            return redirect(request.get_full_path())
    progress = selectors.evaluation_progress_for_user(user=acting(request), year=year)
    fmt = request.GET.get("format", "")
    if request.method == "GET" and fmt in ("xlsx", "pdf"):
        return _file(export.evaluation_rows(progress), f"Tiến độ đánh giá, xếp loại năm {year}", f"danh-gia-{year}",
                     fmt)
    return render(request, "careers/evaluations.html", {"progress": page_of(request, progress), "year": year,
                                                        "refusal": refusal}, status=status)
