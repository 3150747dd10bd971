"""One way to page through a list: Django's paginator over a selector's ordered rows, the page
number in `?trang=` (another name for a second list on the same page), and
`frontend/_pager.html` for the links ("Trang trước", "Trang x/y",
"Trang sau" and the total). A page shows at most `per_page` rows however many the list holds,
so its size and its queries do not grow with the rows (tests/frontend/test_page_growth.py)."""

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_PARAMETER = "trang"
PER_PAGE = 50


def page_of(request: HttpRequest, rows: QuerySet[Any] | Sequence[Any], *, per_page: int | None = None,
            parameter: str = PAGE_PARAMETER) -> Page:
    """The page of `rows` that `?trang=` (or `parameter`, for a second list on the same page)
    asks for. A number that is not one, or beyond the last page, gives the first or the last
    page rather than an error (`Paginator.get_page`)."""
    return Paginator(rows, per_page or PER_PAGE).get_page(request.GET.get(parameter))


def page_query(request: HttpRequest, number: int, parameter: str = PAGE_PARAMETER) -> str:
    """The request's query string with `parameter` set to `number`: the filters, and the other
    list's page, stay on every page."""
    query = request.GET.copy()
    query[parameter] = str(number)
    return query.urlencode()
