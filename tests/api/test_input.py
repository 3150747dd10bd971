"""Whatever a client sends, the answer is a decision (4xx with the usual error shape), never a
500; and the row operations of a draft work through the API."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from core.models import ChangeItem, ChangeSet
from tenants.models import Province
from tests.api.conftest import Caller
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

TRAINING = {"kind": "state_management", "start": "2025-03-03", "end": "2025-05-30",
            "institution": "Học viện Hành chính quốc gia", "subject": "Bồi dưỡng ngạch chuyên viên chính"}
BIG = 10**30


@pytest.fixture
def draft(as_: Callable[[str], Caller], person_id: Callable[[str], int]) -> dict[str, Any]:
    response = as_("employee").post("/api/v1/change-sets/", {"person": person_id("employee")})
    assert response.status_code == 201
    return response.json()


BAD_WRITES: list[tuple[str, str, Any]] = [
    ("values", "post", {"expected_version": "{v}", "group": "dossier", "values": {"first_recruited_on": 5}}),
    ("values", "post", {"expected_version": "{v}", "group": "identity", "values": {"birth_date": "2026-02-30"}}),
    ("values", "post", {"expected_version": "{v}", "group": "identity", "values": {"birth_year": "abc"}}),
    ("values", "post", {"expected_version": "{v}", "group": "dossier", "values": {"phone": {"a": 1}}}),
    ("values", "post", {"expected_version": "{v}", "group": "dossier", "values": {"phone": ["1"]}}),
    ("values", "post", {"expected_version": "{v}", "group": "dossier", "values": {"phone": "09\x00"}}),
    ("values", "post", {"expected_version": "{v}", "group": "dossier", "values": {"height_cm": BIG}}),
    ("values", "post", {"expected_version": "{v}", "group": "dossier", "values": {"salary_coefficient": "1e400"}}),
    ("values", "post", {"expected_version": "{v}", "group": "dossier", "values": {"phone": "9" * 5000}}),
    ("values", "post", {"expected_version": "{v}", "group": "dossier", "values": {"no_such_field": 1}}),
    ("values", "post", {"expected_version": "{v}", "group": "dossier", "values": {}}),
    ("values", "post", {"expected_version": "{v}", "group": "nope", "values": {"a": 1}}),
    ("values", "post", {"expected_version": "{v}", "group": "training", "values": {"a": 1}}),
    ("values", "post", {"expected_version": "{v}", "group": "dossier", "values": "phone"}),
    ("values", "post", {"expected_version": "abc", "group": "dossier", "values": {"phone": "1"}}),
    ("values", "post", {"expected_version": BIG, "group": "dossier", "values": {"phone": "1"}}),
    ("values", "post", {"expected_version": -1, "group": "dossier", "values": {"phone": "1"}}),
    ("values", "post", {"group": "dossier", "values": {"phone": "1"}}),
    ("values", "post", []),
    ("values", "post", "x"),
    ("rows", "post", {"expected_version": "{v}", "group": "training", "values": {**TRAINING, "start": 20250303}}),
    ("rows", "post", {"expected_version": "{v}", "group": "training", "values": {**TRAINING, "end": "2020-01-01"}}),
    ("rows", "post", {"expected_version": "{v}", "group": "training", "values": {}}),
    ("rows", "post", {"expected_version": "{v}", "group": "dossier", "values": {"phone": "1"}}),
    ("rows/training/{big}", "patch", {"expected_version": "{v}", "values": {"subject": "x"}}),
    ("rows/nope/1", "patch", {"expected_version": "{v}", "values": {"subject": "x"}}),
    ("rows/training/1?expected_version=abc", "delete", None),
    ("rows/training/1", "delete", None),
    ("items/{big}", "patch", {"expected_version": "{v}", "values": {"subject": "x"}}),
    ("items/1?expected_version={big}", "delete", None),
    ("items/{big}/attachments", "upload", {"expected_version": "{v}"}),
    ("items/1/attachments", "post", {"expected_version": "{v}"}),
    ("submit", "post", {"expected_version": "{v}"}),
    ("submit", "post", {"expected_version": None}),
    ("review", "post", {"expected_version": "{v}"}),
    ("return", "post", {"expected_version": "{v}", "reason": None}),
]


@pytest.mark.parametrize(("action", "method", "body"), BAD_WRITES)
def test_bad_writes_to_a_draft_are_decisions_not_crashes(
        as_: Callable[[str], Caller], draft: dict[str, Any], lao_cai: Province,
        action: str, method: str, body: Any) -> None:
    """Each answer is 4xx in the API's error shape, and the draft is untouched."""
    employee = as_("employee")
    route, _, query = action.format(big=BIG).partition("?")
    path = f"/api/v1/change-sets/{draft['id']}/{route}/" + (f"?{query}" if query else "")
    if isinstance(body, dict):
        body = {k: (int(draft["version"]) if v == "{v}" else v) for k, v in body.items()}
    if method == "upload":
        response = employee.upload(path, body)
    elif method == "delete":
        response = employee.delete(path)
    else:
        response = getattr(employee, method)(path, body)
    assert 400 <= response.status_code < 500, response.content
    assert set(response.json()) == {"message", "code", "extra"}
    with tenant_context(lao_cai):
        assert ChangeSet.objects.get(pk=draft["id"]).version == draft["version"]
        assert not ChangeItem.objects.filter(change_set_id=draft["id"]).exists()


def test_a_number_for_a_date_is_named_in_vietnamese(as_: Callable[[str], Caller], draft: dict[str, Any]) -> None:
    """Dates are YYYY-MM-DD; anything else is refused with the field named."""
    response = as_("employee").post(f"/api/v1/change-sets/{draft['id']}/values/", {
        "expected_version": draft["version"], "group": "dossier", "values": {"first_recruited_on": 5}})
    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {
        "values.first_recruited_on": ["Ngày phải có dạng YYYY-MM-DD, ví dụ 2026-04-30."]}


def test_an_empty_birth_date_clears_it(as_: Callable[[str], Caller], draft: dict[str, Any]) -> None:
    """"" for a date means no date: the proposal clears the birth date (the year stays)."""
    response = as_("employee").post(f"/api/v1/change-sets/{draft['id']}/values/", {
        "expected_version": draft["version"], "group": "identity", "values": {"birth_date": ""}})
    assert response.status_code == 200, response.content
    assert response.json()["items"][0]["fields"] == [
        {"name": "birth_date", "label": "ngày sinh", "before": "1990-05-14", "after": None}]


def test_a_value_the_model_refuses_is_named_by_core(as_: Callable[[str], Caller], draft: dict[str, Any]) -> None:
    """A sex that contradicts the ID number is refused by core, field by field."""
    response = as_("employee").post(f"/api/v1/change-sets/{draft['id']}/values/", {
        "expected_version": draft["version"], "group": "identity", "values": {"gender": "female"}})
    assert response.status_code == 400
    assert response.json()["message"] == "Dữ liệu chưa hợp lệ."
    assert list(response.json()["extra"]["fields"]) == ["national_id"]


@pytest.mark.parametrize(("content_type", "body", "status"), [
    ("application/json", "{not json", 400),
    ("application/json", "[" * 100_000 + "]" * 100_000, 400),
    ("text/plain", "hello", 415),
    ("application/xml", "<a/>", 415),
])
def test_unreadable_bodies_are_refused_in_vietnamese(lao_cai: Province, as_: Callable[[str], Caller],
                                                     content_type: str, body: str, status: int) -> None:
    """Malformed JSON, even nested past Python's limit, and unknown media types are 4xx."""
    caller = as_("employee")
    response = client_for(lao_cai).post("/api/v1/change-sets/", body, content_type=content_type,
                                        HTTP_AUTHORIZATION=f"Token {caller.token}")
    assert response.status_code == status
    assert response.json()["message"] in ("Dữ liệu gửi lên không đọc được (JSON sai cú pháp).",
                                          f"Kiểu dữ liệu “{content_type}” không được nhận ở địa chỉ này.")


@pytest.mark.parametrize(("body", "fields"), [
    ({"person": "abc"}, {"person": ["Mã hồ sơ (person) phải là một số nguyên dương."]}),
    ({"person": True}, {"person": ["Mã hồ sơ (person) phải là một số nguyên dương."]}),
    ({}, {"person": ["Trường này là bắt buộc."]}),
    ({"person": 1, "changed_on": "hôm qua"}, {"changed_on": ["Ngày phải có dạng YYYY-MM-DD, ví dụ 2026-04-30."]}),
])
def test_a_bad_new_change_set_names_the_field(as_: Callable[[str], Caller], body: dict[str, Any],
                                              fields: dict[str, list[str]]) -> None:
    """The person and the date are checked before core is asked, each named in Vietnamese."""
    response = as_("employee").post("/api/v1/change-sets/", body)
    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == fields


def test_a_change_in_the_future_is_refused_by_core(as_: Callable[[str], Caller], person_id: Callable[[str], int]) -> None:
    """A change cannot have happened after today: core says so about `changed_on` (a date past
    2100 is refused earlier, by the input's bounds)."""
    response = as_("employee").post("/api/v1/change-sets/", {"person": person_id("employee"), "changed_on": "2099-01-01"})
    assert response.json()["extra"]["fields"] == {"changed_on": "Ngày phát sinh thay đổi không được sau hôm nay."}


def test_rows_are_added_changed_removed_and_withdrawn(as_: Callable[[str], Caller], draft: dict[str, Any],
                                                      person_id: Callable[[str], int]) -> None:
    """A new training (then corrected), a changed evaluation and a withdrawn proposal: each
    save answers the set as it now stands, with the version for the next save."""
    employee = as_("employee")
    base = f"/api/v1/change-sets/{draft['id']}"
    added = employee.post(f"{base}/rows/", {"expected_version": draft["version"], "group": "training",
                                            "values": TRAINING})
    assert added.status_code == 201, added.content
    item = added.json()["items"][0]
    corrected = employee.patch(f"{base}/items/{item['id']}/", {"expected_version": added.json()["version"],
                                                               "values": {"end": "2025-06-15"}})
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["items"][0]["values"]["end"] == "2025-06-15"

    dossier = employee.get(f"/api/v1/people/{person_id('employee')}/dossier/evaluation/").json()
    row = dossier["data"][0]["id"]
    changed = employee.patch(f"{base}/rows/evaluation/{row}/", {"expected_version": corrected.json()["version"],
                                                                "values": {"grade": "excellent"}})
    assert changed.status_code == 200, changed.content
    diff = changed.json()["items"][1]
    assert (diff["operation"], diff["fields"]) == ("change", [
        {"name": "grade", "label": "xếp loại", "before": "Hoàn thành tốt nhiệm vụ", "after": "Hoàn thành xuất sắc nhiệm vụ"}])
    removed = employee.delete(f"{base}/rows/evaluation/{row}/?expected_version={changed.json()['version']}")
    assert removed.status_code == 200, removed.content
    assert removed.json()["items"][1]["operation"] == "remove"
    withdrawn = employee.delete(f"{base}/items/{item['id']}/?expected_version={removed.json()['version']}")
    assert withdrawn.status_code == 200
    assert [i["operation"] for i in withdrawn.json()["items"]] == ["remove"]


@pytest.mark.parametrize(("data", "fields"), [
    ({}, {"expected_version", "file"}),
    ({"file": SimpleUploadedFile("rong.pdf", b"")}, {"expected_version", "file"}),
])
def test_an_upload_without_a_usable_file_names_the_fields(as_: Callable[[str], Caller], draft: dict[str, Any],
                                                         data: dict[str, Any], fields: set[str]) -> None:
    """No file, or an empty one, and no version: each missing piece is named."""
    employee = as_("employee")
    added = employee.post(f"/api/v1/change-sets/{draft['id']}/rows/", {
        "expected_version": draft["version"], "group": "training", "values": TRAINING}).json()
    item = added["items"][0]["id"]
    response = employee.upload(f"/api/v1/change-sets/{draft['id']}/items/{item}/attachments/", data)
    assert response.status_code == 400
    assert set(response.json()["extra"]["fields"]) == fields


def test_a_png_is_accepted_whatever_its_name(as_: Callable[[str], Caller], draft: dict[str, Any]) -> None:
    """The content decides the type: a PNG named .pdf is stored as a PNG."""
    employee = as_("employee")
    added = employee.post(f"/api/v1/change-sets/{draft['id']}/rows/", {
        "expected_version": draft["version"], "group": "training", "values": TRAINING}).json()
    item = added["items"][0]["id"]
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    response = employee.upload(f"/api/v1/change-sets/{draft['id']}/items/{item}/attachments/", {
        "expected_version": added["version"], "file": SimpleUploadedFile("bang.pdf", png)})
    assert response.status_code == 201
    assert response.json()["items"][0]["attachments"][0]["content_type"] == "image/png"


@pytest.mark.parametrize("method", ["options", "head", "put", "get", "post", "patch", "delete"])
@pytest.mark.parametrize("persona", ["employee", "doha", "anonymous"])
def test_every_route_answers_every_method_without_a_crash(
        as_: Callable[[str], Caller], lao_cai: Province, method: str, persona: str) -> None:
    """Any method on any route, with an empty body and ids that do not exist, is answered (2xx,
    4xx): never a 500."""
    from api.v1.urls import urlpatterns

    caller = as_(persona)
    headers = {"HTTP_AUTHORIZATION": f"Token {caller.token}"} if caller.token else {}
    for pattern in urlpatterns:
        path = "/api/v1/" + str(pattern.pattern).replace("<int:pk>", "999999").replace(
            "<int:item_id>", "999999").replace("<int:row_id>", "999999").replace(
            "<slug:group>", "training").replace("<slug:section>", "identity")
        response = getattr(client_for(lao_cai), method)(path, content_type="application/json", **headers)
        assert response.status_code < 500, (method, path, response.content)
