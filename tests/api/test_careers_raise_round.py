"""The raise round through the API: GET the round (those due a page at a time, the proposals
counted and paged at raise-round/proposals/ and raise-round/early/), POST a proposal, POST the
decision; every refusal in the one error shape, never a 500."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.careers import selectors
from core.careers.models import EarlyRaiseProposal
from core.careers.selectors import quarter_of
from core.models import DossierReadLog, Person, SalaryHistory
from tenants.models import Province
from tests.api.conftest import Caller
from tests.core.careers.builders_round import due_this_quarter
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(lao_cai: Province, lc: Personas) -> Person:
    with tenant_context(lao_cai):
        return due_this_quarter(lc)


def test_round_propose_decide(lao_cai: Province, due: Person, as_: Callable[[str], Caller]) -> None:
    doha, approver = as_("doha"), as_("approver")
    assert due.pk in [row["id"] for row in doha.get("/api/v1/careers/raise-round/").json()["results"]]
    created = doha.post("/api/v1/careers/raise-proposals/", {"person": due.pk})
    assert created.status_code == 201 and (created.json()["new_step"], created.json()["new_coefficient"]) == (4, "3.33")
    path = f"/api/v1/careers/raise-proposals/{created.json()['id']}/decision/"
    missing = approver.post(path, {"approve": True})
    assert missing.status_code == 400 and missing.json()["extra"]["fields"] == {
        "decision_number": "Nhập số quyết định nâng bậc lương."}
    decided = approver.post(path, {"approve": True, "decision_number": "9/QĐ-STC"})
    assert decided.status_code == 200 and decided.json()["state"] == "approved" and decided.json()["change_set"]
    with tenant_context(lao_cai):
        assert SalaryHistory.objects.filter(person=due, step=4).count() == 1
    assert approver.post(path, {"approve": False, "reason": "x"}).json()["code"] == "decided"


@pytest.mark.parametrize(("body", "status"), [({}, 400), ({"approve": "maybe"}, 400), ([], 400),
                                              ({"approve": True, "decision_number": "1", "decision_date": "9999-01-01"}, 400)])
def test_bad_decisions_never_500(due: Person, as_: Callable[[str], Caller], body: object, status: int) -> None:
    created = as_("doha").post("/api/v1/careers/raise-proposals/", {"person": due.pk}).json()
    response = as_("approver").post(f"/api/v1/careers/raise-proposals/{created['id']}/decision/", body)
    assert response.status_code == status and response.json()["message"]


def test_a_stranger_gets_the_same_404(due: Person, as_: Callable[[str], Caller]) -> None:
    created = as_("doha").post("/api/v1/careers/raise-proposals/", {"person": due.pk}).json()
    teacher = as_("teacher")
    hidden = teacher.post(f"/api/v1/careers/raise-proposals/{created['id']}/decision/", {"approve": True,
                                                                                          "decision_number": "1"})
    missing = teacher.post("/api/v1/careers/raise-proposals/999999999/decision/", {"approve": True,
                                                                                    "decision_number": "1"})
    assert hidden.status_code == missing.status_code == 404 and hidden.json() == missing.json()


# --- A page at a time ---------------------------------------------------------------------------

ROUND = "/api/v1/careers/raise-round/"
DUE = 5  # people of the clerk's unit due this quarter, beyond whoever the demo has


@pytest.fixture
def many_due(lao_cai: Province, lc: Personas) -> list[Person]:
    with tenant_context(lao_cai):
        return [due_this_quarter(lc) for _ in range(DUE)]


def _forecasts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many step forecasts run from now on (every raise forecast goes through `_step`)."""
    made = [0]
    step = selectors._step

    def counted(*args: Any) -> Any:
        made[0] += 1
        return step(*args)

    monkeypatch.setattr(selectors, "_step", counted)
    return made


def test_the_due_are_read_page_by_page_under_one_count(lao_cai: Province, lc: Personas, many_due: list[Person],
                                                       as_: Callable[[str], Caller],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Two a page: the pages in turn give the whole list in its order under one count; each
    forecasts and logs as read only its own people; the quarter and the proposals' counts come too."""
    doha = as_("doha")
    whole = doha.get(ROUND, {"limit": 100}).json()
    assert DUE <= whole["count"] <= 100 and len(whole["results"]) == whole["count"] and whole["next"] is None
    assert {p.pk for p in many_due} <= {row["id"] for row in whole["results"]}
    start, end = quarter_of(timezone.localdate())
    assert (whole["from"], whole["to"]) == (start.isoformat(), end.isoformat())
    assert (whole["proposals_count"], whole["early_count"]) == (0, 0)
    made = _forecasts(monkeypatch)
    pages = []
    for offset in range(0, whole["count"], 2):
        with tenant_context(lao_cai):
            DossierReadLog.objects.all().delete()
        before = made[0]
        page = doha.get(ROUND, {"limit": 2, "offset": offset}).json()
        ids = [row["id"] for row in page["results"]]
        assert made[0] - before == len(ids), offset  # only the page's people are forecast
        with tenant_context(lao_cai):
            read = list(DossierReadLog.objects.filter(reader=lc.doha).values_list("person_id", "purpose"))
        assert sorted(read) == sorted((pk, "api.careers.raise_round") for pk in ids), offset
        pages.append(page)
    assert {page["count"] for page in pages} == {whole["count"]}
    assert [row for page in pages for row in page["results"]] == whole["results"]
    assert pages[0]["next"] is not None and pages[0]["previous"] is None and pages[-1]["next"] is None
    default = doha.get(ROUND).json()
    assert len(default["results"]) == min(20, whole["count"]) and "proposals" not in default


def test_the_proposals_are_read_page_by_page(lao_cai: Province, lc: Personas, many_due: list[Person],
                                             as_: Callable[[str], Caller]) -> None:
    """Proposed, they leave the due list; the round counts them and raise-round/proposals/ pages
    them by raise date. The early raises' proposals page the same way at raise-round/early/."""
    doha = as_("doha")
    made = [doha.post("/api/v1/careers/raise-proposals/", {"person": p.pk}).json()["id"] for p in many_due[:3]]
    with tenant_context(lao_cai):
        EarlyRaiseProposal.objects.bulk_create([EarlyRaiseProposal(
            person=p, org_unit=p.org_unit, year=2026, step_since=date(2023, 1, 1), step=3,
            regular_due=date(2026, 1, 1), months_early=6, raise_on=date(2025, 7, 1), proposed_by=lc.doha)
            for p in many_due[3:]])
        early = list(EarlyRaiseProposal.objects.order_by("raise_on", "id").values_list("pk", flat=True))
    round_ = doha.get(ROUND, {"limit": 100}).json()
    assert not {p.pk for p in many_due[:3]} & {row["id"] for row in round_["results"]}
    assert (round_["proposals_count"], round_["early_count"]) == (3, DUE - 3)
    for path, expected in ((f"{ROUND}proposals/", made), (f"{ROUND}early/", early)):
        pages = [doha.get(path, {"limit": 1, "offset": offset}).json() for offset in range(len(expected))]
        assert {page["count"] for page in pages} == {len(expected)}, path
        assert [row["id"] for page in pages for row in page["results"]] == expected, path
        assert pages[0]["next"] is not None and pages[-1]["next"] is None, path
    assert doha.get(f"{ROUND}proposals/").json()["results"][0]["person"] == {
        "id": many_due[0].pk, "full_name": many_due[0].full_name}
    assert as_("teacher").get(f"{ROUND}proposals/").json() == {"count": 0, "next": None, "previous": None,
                                                               "results": []}


@pytest.mark.parametrize("path", [ROUND, f"{ROUND}proposals/", f"{ROUND}early/"])
@pytest.mark.parametrize(("params", "message"), [
    ({"limit": 0}, "limit phải là một số nguyên từ 1 đến 100."),
    ({"limit": 101}, "limit phải là một số nguyên từ 1 đến 100."),
    ({"limit": "x"}, "limit phải là một số nguyên từ 1 đến 100."),
    ({"offset": -1}, "offset phải là một số nguyên từ 0 đến 10000000."),
])
def test_a_bad_page_is_refused_by_name(as_: Callable[[str], Caller], path: str, params: dict[str, object],
                                       message: str) -> None:
    """As every paged list refuses it (api.v1.common.views.Page): the parameter named with its bounds."""
    response = as_("doha").get(path, params)
    assert response.status_code == 400, response.content
    assert response.json()["message"] == "Dữ liệu gửi lên chưa hợp lệ."
    assert response.json()["extra"]["fields"] == {next(iter(params)): [message]}


def test_the_schema_bounds_the_pages(as_: Callable[[str], Caller]) -> None:
    paths = as_("anonymous").get("/api/v1/schema/?format=json").json()["paths"]
    for path in (ROUND, f"{ROUND}proposals/", f"{ROUND}early/"):
        params = {p["name"]: p["schema"] for p in paths[f"/api{path.removeprefix('/api')}"]["get"]["parameters"]}
        assert {name: {k: params[name][k] for k in ("type", "minimum", "maximum")} for name in ("limit", "offset")} == {
            "limit": {"type": "integer", "minimum": 1, "maximum": 100},
            "offset": {"type": "integer", "minimum": 0, "maximum": 10_000_000}}, path
        assert set(params) == {"unit", "limit", "offset"}, path
