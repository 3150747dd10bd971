"""People and dossiers through the API: search, filters, pages of fixed cost, sections, logs."""

from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.models import (
    ChangeSet,
    DossierReadLog,
    Obligation,
    ObligationKind,
    OrgUnit,
    OrgUnitVersion,
    Person,
    PersonStatus,
    ReadChannel,
)
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from tenants.models import Province
from tests.api.conftest import Caller
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("q", ["Nguyễn Thị Hồng", "nguyen thi hong", "NGUYEN THI HONG", "hồng nhung", "010184"])
def test_search_by_name_with_or_without_diacritics_or_by_id_number(as_: Callable[[str], Caller], q: str) -> None:
    """DoHA finds Nguyễn Thị Hồng Nhung by her name however it is typed, or by the first digits
    of her ID number."""
    results = as_("doha").get("/api/v1/people/", {"q": q}).json()["results"]
    assert [row["full_name"] for row in results] == ["Nguyễn Thị Hồng Nhung"]


def test_filters_by_unit_subtree_rank_and_category(as_: Callable[[str], Caller], unit_id: Callable[[str], int]) -> None:
    """`unit` takes the unit's whole subtree; `rank` and `category` narrow further."""
    doha = as_("doha")

    def names(**params: object) -> list[str]:
        return [row["full_name"] for row in doha.get("/api/v1/people/", params).json()["results"]]

    assert names(unit=unit_id("Sở Tài chính")) == ["Hoàng Văn Tuấn", "Phạm Minh Đức", "Trần Thị Thu Hà"]
    assert names(unit=unit_id("Sở Tài chính"), rank="01.002") == ["Hoàng Văn Tuấn"]
    assert names(category="vien_chuc") == ["Lý Văn Sơn", "Vàng Thị Mai"]
    assert names(unit=unit_id("Sở Giáo dục và Đào tạo"), category="vien_chuc") == ["Vàng Thị Mai"]


def test_the_archive_holds_the_leavers(as_: Callable[[str], Caller], lc: Personas, lao_cai: Province) -> None:
    """A retired person leaves the working list and appears with archived=true."""
    with tenant_context(lao_cai):
        Person.objects.filter(account=lc.teacher).update(status=PersonStatus.RETIRED, status_changed_on=date(2026, 1, 1))
    admin = as_("agency_admin")
    assert [r["full_name"] for r in admin.get("/api/v1/people/").json()["results"]] == ["Nguyễn Thị Hồng Nhung"]
    archive = admin.get("/api/v1/people/", {"archived": "true"}).json()["results"]
    assert [(r["full_name"], r["status_label"], r["is_archived"]) for r in archive] == [
        ("Vàng Thị Mai", "Đã nghỉ hưu", True)]


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"unit": "abc"}, "unit", "Mã cơ quan, đơn vị (unit) phải là một số nguyên dương."),
    ({"unit": "-3"}, "unit", "Mã cơ quan, đơn vị (unit) phải là một số nguyên dương."),
    ({"unit": "9" * 40}, "unit", "Mã cơ quan, đơn vị (unit) phải là một số nguyên dương."),
    ({"category": "tong_thong"}, "category",
     "Đối tượng “tong_thong” không có; chọn một trong: can_bo, cong_chuc, vien_chuc, nguoi_lao_dong, "
     "commune_official, commune_part_time."),
    ({"archived": "maybe"}, "archived", "Phải là true hoặc false."),
    ({"q": "x" * 201}, "q", "Tối đa 200 ký tự."),
    ({"q": "Nguy\x00n"}, "q", "Không được chứa ký tự NUL (\\x00)."),
])
def test_a_bad_filter_is_a_400_naming_the_field(as_: Callable[[str], Caller], params: dict[str, str],
                                                field: str, message: str) -> None:
    """Filters are checked before any query: a bad one is named, in Vietnamese."""
    response = as_("doha").get("/api/v1/people/", params)
    assert response.status_code == 400
    assert response.json() == {"message": "Dữ liệu gửi lên chưa hợp lệ.", "code": "invalid",
                               "extra": {"fields": {field: [message]}}}


@pytest.mark.parametrize(("params", "message"), [
    ({"limit": "1000"}, "limit phải là một số nguyên từ 1 đến 100."),
    ({"limit": "-1"}, "limit phải là một số nguyên từ 1 đến 100."),
    ({"limit": "x"}, "limit phải là một số nguyên từ 1 đến 100."),
    ({"limit": "0"}, "limit phải là một số nguyên từ 1 đến 100."),
    ({"limit": "١٢"}, "limit phải là một số nguyên từ 1 đến 100."),
    ({"offset": "9" * 30}, "offset phải là một số nguyên từ 0 đến 10000000."),
    ({"offset": "-5"}, "offset phải là một số nguyên từ 0 đến 10000000."),
    ({"offset": "x"}, "offset phải là một số nguyên từ 0 đến 10000000."),
])
def test_odd_pages_are_a_400_naming_the_parameter(as_: Callable[[str], Caller], params: dict[str, str],
                                                  message: str) -> None:
    """limit and offset are what the schema says (1–100, 0–10,000,000), or named in a 400: a client
    asking for 1000 rows learns it gets at most 100 rather than silently getting 100."""
    response = as_("doha").get("/api/v1/people/", params)
    assert response.status_code == 400
    (name,) = params
    assert response.json() == {"message": "Dữ liệu gửi lên chưa hợp lệ.", "code": "invalid",
                               "extra": {"fields": {name: [message]}}}


def test_a_page_holds_at_most_100_rows(as_: Callable[[str], Caller], lao_cai: Province,
                                       unit_id: Callable[[str], int]) -> None:
    """limit=100 is the largest page, with the count and the link to the next page."""
    with tenant_context(lao_cai):
        PersonFactory.build_many(120, org_unit=OrgUnit.objects.get(pk=unit_id("Sở Xây dựng")))
    body = as_("doha").get("/api/v1/people/", {"unit": unit_id("Sở Xây dựng"), "limit": 100}).json()
    assert (body["count"], len(body["results"])) == (120, 100)
    assert "offset=100" in body["next"]
    assert as_("doha").get("/api/v1/people/", {"limit": 101}).status_code == 400


@pytest.mark.parametrize(("persona", "path", "params"), [
    ("doha", "/api/v1/people/", {"unit": "{unit}"}),
    ("doha", "/api/v1/org-units/", {"root": "{unit}"}),
    ("officer", "/api/v1/change-sets/", {}),
    ("officer", "/api/v1/obligations/", {}),
])
def test_a_list_costs_the_same_queries_for_5_and_30_rows(
        as_: Callable[[str], Caller], lao_cai: Province, unit_id: Callable[[str], int],
        persona: str, path: str, params: dict[str, str]) -> None:
    """No query per row: a page of 30 rows costs exactly what a page of 5 costs."""
    caller = as_(persona)
    unit = unit_id("Phòng Quản lý ngân sách")
    params = {key: value.format(unit=unit) for key, value in params.items()} | {"limit": "100"}
    with tenant_context(lao_cai):
        _make_rows(path, 5, OrgUnit.objects.get(pk=unit))
    caller.get(path, params)  # the host's province is looked up once, then remembered (tenants/hosts.py)
    five = _cost(caller, path, params, 5)
    with tenant_context(lao_cai):
        _make_rows(path, 25, OrgUnit.objects.get(pk=unit))
    assert _cost(caller, path, params, 30) == five


def _cost(caller: Caller, path: str, params: dict[str, str], expected_rows: int) -> int:
    """The statements of one request, the search path's SET aside (set once per request, and
    once more by the test's own switch of schema)."""
    with CaptureQueriesContext(connection) as queries:
        assert len(caller.get(path, params).json()["results"]) >= expected_rows
    return sum(1 for q in queries.captured_queries if not q["sql"].startswith("SET search_path"))


def _make_rows(path: str, n: int, unit: OrgUnit) -> None:
    """`n` more rows of the list at `path`, in or under `unit`."""
    if path == "/api/v1/org-units/":
        made = OrgUnit.objects.bulk_create([
            OrgUnit(kind="department", name=f"Tổ {i}", parent=unit, path="", depth=unit.depth + 1,
                    established_on=date(2020, 1, 1)) for i in range(n)])
        for child in made:
            child.path = f"{unit.path}{child.pk}/"
        OrgUnit.objects.bulk_update(made, ["path"])
        OrgUnitVersion.objects.bulk_create([
            OrgUnitVersion(org_unit=child, name=child.name, parent=unit, valid_from=date(2020, 1, 1), change="create")
            for child in made])
        return
    people = PersonFactory.build_many(n, org_unit=unit)
    if path == "/api/v1/change-sets/":
        admin = Account.objects.get(username=DOHA_ADMIN_USERNAME)
        ChangeSet.objects.bulk_create([ChangeSet(person=p, changed_on=date(2026, 1, 1), base_version=1,
                                                 created_by=admin) for p in people])
    if path == "/api/v1/obligations/":
        Obligation.objects.bulk_create([Obligation(kind=ObligationKind.UNIT_REVIEW, person=p, org_unit=unit,
                                                    event_date=date(2026, 1, 1)) for p in people])


def test_the_dossier_whole_and_by_section(as_: Callable[[str], Caller], person_id: Callable[[str], int]) -> None:
    """The whole dossier comes with how it was reached; a section is one group of it."""
    employee = as_("employee")
    whole = employee.get(f"/api/v1/people/{person_id('employee')}/dossier/").json()
    assert whole["access"] == "self"
    assert whole["person"]["full_name"] == "Phạm Minh Đức"
    assert whole["content"]["dossier"]["current_position"] == "Chuyên viên"
    assert [row["grade"] for row in whole["content"]["rows"]["evaluation"]] == ["good"]

    section = employee.get(f"/api/v1/people/{person_id('employee')}/dossier/evaluation/").json()
    assert (section["label"], section["data"]) == ("Đánh giá, xếp loại", whole["content"]["rows"]["evaluation"])
    unknown = employee.get(f"/api/v1/people/{person_id('employee')}/dossier/salary/")
    assert unknown.status_code == 404
    assert unknown.json()["message"].startswith("Hồ sơ không có phần “salary”; các phần: identity, dossier, allowance,")


def test_reading_someone_elses_dossier_is_logged_and_ones_own_is_not(
        as_: Callable[[str], Caller], person_id: Callable[[str], int], lao_cai: Province, lc: Personas) -> None:
    """The officer's read is logged with the role it used; the employee's own read is not, and
    she can see who read her dossier."""
    employee = person_id("employee")
    as_("employee").get(f"/api/v1/people/{employee}/dossier/")
    as_("officer").get(f"/api/v1/people/{employee}/dossier/")
    with tenant_context(lao_cai):
        [log] = DossierReadLog.objects.filter(person_id=employee, purpose="api.dossier")
        assert (log.reader_id, log.channel) == (lc.officer.pk, ReadChannel.ROLE)
    readers = as_("employee").get(f"/api/v1/people/{employee}/dossier/read-log/").json()["results"]
    assert [(r["reader"]["full_name"], r["channel_label"], r["purpose"]) for r in readers] == [
        ("Trần Thị Thu Hà", "Theo vai trò", "api.dossier")]


@pytest.mark.parametrize("path", ["/api/v1/people/{big}/", "/api/v1/people/{big}/dossier/",
                                  "/api/v1/change-sets/{big}/", "/api/v1/attachments/{big}/",
                                  "/api/v1/org-units/{big}/", "/api/v1/people/0/", "/api/v1/people/abc/"])
def test_ids_out_of_range_are_404(as_: Callable[[str], Caller], path: str) -> None:
    """An id no row can have is a 404 like any missing one, never a database error."""
    response = as_("doha").get(path.format(big="9" * 30))
    assert response.status_code == 404


def test_the_org_tree_on_a_date_before_a_merger(as_: Callable[[str], Caller], unit_id: Callable[[str], int]) -> None:
    """Before 1/3/2025 Sở Thông tin và Truyền thông stood; today it is merged, and its detail
    keeps its history."""
    doha = as_("doha")
    today = {n["name"] for n in doha.get("/api/v1/org-units/tree/").json()[0]["children"]}
    before = {n["name"] for n in doha.get("/api/v1/org-units/tree/", {"on": "2025-02-01"}).json()[0]["children"]}
    assert "Sở Thông tin và Truyền thông" in before - today
    listed = doha.get("/api/v1/org-units/", {"on": "2025-02-01", "limit": 100}).json()["results"]
    merged = next(u for u in listed if u["name"] == "Sở Thông tin và Truyền thông")
    detail = doha.get(f"/api/v1/org-units/{merged['id']}/").json()
    assert detail["end_change"] == "merge"
    assert detail["successor"]["name"] == "Sở Khoa học và Công nghệ"
    assert detail["history"][0]["change_label"] == "Thành lập"
    bad = doha.get("/api/v1/org-units/", {"on": "2025-02-30"})
    assert bad.json()["extra"]["fields"] == {"on": ["Ngày phải có dạng YYYY-MM-DD, ví dụ 2026-04-30."]}
