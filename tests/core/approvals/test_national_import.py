"""A unit receiving someone from outside the province asks the national database for their
record; the answer becomes a draft change set, and nothing is written when the answer fails."""

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

import pytest

from core.approvals.services.national_import import (
    RECORD_FORMAT,
    national_record_request,
    record_from_json,
)
from core.approvals.services.sync import sync_endpoint_set
from core.base.audit.models import AuditEvent
from core.base.errors import ApplicationError, NotFoundError
from core.models import ChangeItem, ChangeOperation, ChangeSet, ChangeSetState, Person
from core.operations.demo.services import DEMO_PASSWORD
from tenants.models import Province
from tests.conftest import sign_in
from tests.core.approvals.conftest import TRAINING, colleague_in_finance
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db

WORK = {"start": "2015-09-01", "end": "2026-10-31", "unit_name": "Sở Tài chính tỉnh Yên Bái", "position": "Chuyên viên"}


class NationalRecords:
    """A stand-in for the national database's record API: GET <url>/<national_id>."""

    def __init__(self) -> None:
        self.records: dict[str, str] = {}
        self.trouble = ""
        self.requests: list[str] = []

    def answer(self, national_id: str) -> tuple[int, str]:
        self.requests.append(national_id)
        if self.trouble == "slow":
            time.sleep(2)
        if self.trouble == "error":
            return 503, json.dumps({"message": "Hệ thống đang bảo trì"})
        if national_id not in self.records:
            return 404, json.dumps({"message": "Không có hồ sơ"})
        return 200, self.records[national_id]


@pytest.fixture
def national() -> Iterator[tuple[NationalRecords, str]]:
    db = NationalRecords()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            status, body = db.answer(unquote(self.path.rsplit("/", 1)[-1]))
            data = body.encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                pass  # the client gave up (slowness)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield db, f"http://127.0.0.1:{server.server_address[1]}/api/ho-so/"
    server.shutdown()
    server.server_close()


def record_of(person: Person, /, **changes: Any) -> dict[str, Any]:
    """The national database's record of `person`: another name spelling, a phone number, a
    training and their work elsewhere, plus things hoso does not know."""
    record: dict[str, Any] = {
        "format": RECORD_FORMAT,
        "person": {"national_id": person.national_id, "full_name": "Nguyễn Văn Quốc Gia"},
        "dossier": {
            "identity": {"national_id": person.national_id, "category": person.category, "org_unit": 999,
                         "full_name": "Nguyễn Văn Quốc Gia", "gender": person.gender, "birth_year": person.birth_year},
            "dossier": {"phone": "0987654321", "shoe_size": 42},
            "rows": {"training": [{"id": 77, **TRAINING}], "work_history": [WORK], "pets": [{"name": "Mèo"}]},
        },
    }
    record.update(changes)
    return record


@pytest.fixture
def arrival(lc: Personas, national: tuple[NationalRecords, str]) -> tuple[Person, NationalRecords]:
    db, url = national
    sync_endpoint_set(acting_user=lc.doha, url=url, timeout_seconds=1)
    person = colleague_in_finance(lc)
    db.records[person.national_id] = json.dumps(record_of(person), ensure_ascii=False)
    return person, db


def _written(person: Person) -> tuple[int, int, int]:
    return (ChangeSet.objects.filter(person=person).count(), AuditEvent.objects.count(),
            Person.objects.get(pk=person.pk).version)


def test_the_record_becomes_a_draft_to_check(lc: Personas, arrival: tuple[Person, NationalRecords]) -> None:
    person, db = arrival
    version, name = person.version, person.full_name
    imported = national_record_request(acting_user=lc.doha, person=person)
    change_set = imported.change_set
    assert db.requests == [person.national_id]
    assert change_set.state == ChangeSetState.DRAFT and change_set.person_id == person.pk
    items = {(i.group, i.operation): i for i in ChangeItem.objects.filter(change_set=change_set)}
    assert set(items) == {("identity", ChangeOperation.SET), ("dossier", ChangeOperation.SET),
                          ("training", ChangeOperation.ADD), ("work_history", ChangeOperation.ADD)}
    assert items[("identity", ChangeOperation.SET)].values == {"full_name": "Nguyễn Văn Quốc Gia"}
    assert items[("dossier", ChangeOperation.SET)].values == {"phone": "0987654321"}
    assert items[("training", ChangeOperation.ADD)].values["institution"] == TRAINING["institution"]
    assert items[("work_history", ChangeOperation.ADD)].values["unit_name"] == WORK["unit_name"]
    assert imported.items == 4
    assert imported.record.skipped == ["dossier.shoe_size", "pets"]
    # Nothing applied until the normal review and approval.
    fresh = Person.objects.select_related("dossier").get(pk=person.pk)
    assert (fresh.version, fresh.full_name, fresh.dossier.phone) == (version, name, person.dossier.phone)
    assert not fresh.trainings.exists()
    audit = AuditEvent.objects.filter(action="national_record.import").get()
    assert audit.target == f"change_set:{change_set.pk}"


def test_rows_the_dossier_already_holds_are_not_added_twice(lc: Personas, arrival: tuple[Person, NationalRecords]) -> None:
    person, _ = arrival
    person.work_history.create(start="2015-09-01", end="2026-10-31", unit_name=WORK["unit_name"], position="Chuyên viên")
    imported = national_record_request(acting_user=lc.doha, person=person)
    groups = set(ChangeItem.objects.filter(change_set=imported.change_set).values_list("group", flat=True))
    assert "work_history" not in groups and "training" in groups


@pytest.mark.parametrize(("trouble", "body", "code", "message"), [
    ("missing", None, "national_not_found", "CSDL quốc gia không có hồ sơ của người có số định danh"),
    ("slow", None, "national_unreachable", "Không kết nối được CSDL quốc gia"),
    ("error", None, "national_error", "CSDL quốc gia trả lời lỗi (HTTP 503): Hệ thống đang bảo trì."),
    ("", "<html>không phải JSON</html>", "national_malformed", "không đúng định dạng hồ sơ (không phải JSON)"),
    ("", json.dumps({"format": "other/9"}), "national_malformed", "định dạng “other/9” không được hỗ trợ"),
    ("", json.dumps({"format": RECORD_FORMAT, "person": {}, "dossier": {}}), "national_malformed", "thiếu số định danh"),
    ("other", None, "national_other_person", "khác số định danh"),
    ("invalid", None, "national_invalid", "Quá trình công tác, dòng 1"),
])
def test_an_answer_that_fails_writes_nothing(
    lc: Personas, arrival: tuple[Person, NationalRecords], trouble: str, body: str | None, code: str, message: str,
) -> None:
    person, db = arrival
    if trouble == "missing":
        db.records.clear()
    elif trouble == "other":
        db.records[person.national_id] = json.dumps(record_of(person, person={"national_id": "001090000001"}))
    elif trouble == "invalid":
        broken = record_of(person)
        broken["dossier"]["rows"]["work_history"] = [{"unit_name": "Không có ngày"}]
        db.records[person.national_id] = json.dumps(broken)
    else:
        db.trouble = trouble
    if body is not None:
        db.records[person.national_id] = body
    before = _written(person)
    with pytest.raises(ApplicationError) as refused:
        national_record_request(acting_user=lc.doha, person=person)
    assert refused.value.code == code
    assert message in refused.value.message, refused.value.message
    assert _written(person) == before


def test_no_endpoint_is_a_clear_refusal(lc: Personas) -> None:
    with pytest.raises(ApplicationError) as refused:
        national_record_request(acting_user=lc.doha, person=colleague_in_finance(lc))
    assert refused.value.message == "Sở Nội vụ chưa khai báo địa chỉ CSDL quốc gia; chưa thể lấy hồ sơ."


def test_only_an_admin_over_the_unit_or_the_doha_asks(lc: Personas, arrival: tuple[Person, NationalRecords]) -> None:
    person, db = arrival
    for outsider in (lc.employee, lc.officer, lc.approver, lc.agency_admin):
        with pytest.raises(NotFoundError):
            national_record_request(acting_user=outsider, person=person)
    assert db.requests == []
    teacher = lc.person(lc.teacher)
    db.records[teacher.national_id] = json.dumps(record_of(teacher), ensure_ascii=False)
    imported = national_record_request(acting_user=lc.agency_admin, person=teacher)  # Sở GD&ĐT over the school
    assert imported.change_set.created_by_id == lc.agency_admin.pk


def test_the_page_and_the_api(lc: Personas, in_lao_cai: Province, arrival: tuple[Person, NationalRecords]) -> None:
    person, db = arrival
    employee = sign_in(in_lao_cai, lc.employee.username, DEMO_PASSWORD)
    assert employee.get(f"/phe-duyet/nhap-tu-csdl-quoc-gia/{person.pk}/").status_code == 404
    assert employee.post(f"/phe-duyet/nhap-tu-csdl-quoc-gia/{person.pk}/").status_code == 404
    assert employee.post(f"/api/v1/people/{person.pk}/national-record/").status_code == 404
    assert db.requests == []

    doha = sign_in(in_lao_cai, lc.doha.username, DEMO_PASSWORD)
    page = doha.get(f"/phe-duyet/nhap-tu-csdl-quoc-gia/{person.pk}/")
    assert page.status_code == 200 and person.national_id in page.content.decode()
    db.trouble = "error"
    failed = doha.post(f"/phe-duyet/nhap-tu-csdl-quoc-gia/{person.pk}/")
    assert failed.status_code == 400
    assert "CSDL quốc gia trả lời lỗi (HTTP 503)" in failed.content.decode()
    db.trouble = ""
    done = doha.post(f"/phe-duyet/nhap-tu-csdl-quoc-gia/{person.pk}/")
    change_set = ChangeSet.objects.get(person=person)
    assert done.status_code == 302 and done["Location"] == f"../../../de-nghi/{change_set.pk}/"

    other = colleague_in_finance(lc)
    db.records[other.national_id] = json.dumps(record_of(other), ensure_ascii=False)
    answer = doha.post(f"/api/v1/people/{other.pk}/national-record/")
    assert answer.status_code == 201, answer.content
    assert answer.json()["state"] == "draft" and answer.json()["items"] == 4
    again = doha.post(f"/api/v1/people/{other.pk}/national-record/")
    assert again.status_code == 409  # the open draft comes first (the state refuses it, not the input)


def test_a_sync_packet_reads_as_a_record(lc: Personas) -> None:
    person = colleague_in_finance(lc)
    packet = {"format": "hoso.sync/1", "person": {"national_id": person.national_id, "full_name": person.full_name},
              "dossier": {"identity": {"full_name": person.full_name}, "dossier": {}, "rows": {"training": [TRAINING]}}}
    record = record_from_json(json.dumps(packet))
    assert record.national_id == person.national_id and record.rows["training"][0]["kind"] == TRAINING["kind"]
