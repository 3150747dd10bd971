"""The DoHA approves the month, and each changed person reaches the national database once."""

import json
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from core.approvals.models import (
    ApprovalLevel,
    ApprovalStatus,
    MonthlyApproval,
    SyncPacket,
    SyncStatus,
)
from core.approvals.selectors import unit_status_for_month
from core.approvals.services.approvals import province_approval_sign, unit_approval_sign
from core.approvals.services.sync import (
    LEASE_EXTRA,
    Answer,
    http_post,
    sync_endpoint_set,
    sync_packets_deliver,
)
from core.base.errors import ApplicationError, PermissionDeniedError
from tests.core.approvals.conftest import (
    PROVINCE_DAY,
    UNIT_DAY,
    Pki,
    colleague_in_finance,
    reviewed_change_set,
)
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db


class NationalDatabase:
    """A stand-in for the national database's API: keeps one copy per idempotency key, and
    answers scripted trouble (errors, slowness, rejections) on the next requests."""

    def __init__(self) -> None:
        self.received: dict[str, dict] = {}
        self.requests: list[str] = []
        self.script: list[str] = []
        self.lock = threading.Lock()

    def answer(self, key: str, body: dict) -> tuple[int, dict]:
        with self.lock:
            self.requests.append(key)
            trouble = self.script.pop(0) if self.script else ""
        if trouble == "error":
            return 503, {"message": "Hệ thống đang bảo trì"}
        if trouble == "slow":
            time.sleep(2)
        if trouble == "reject":
            return 422, {"message": "Thiếu thông tin bắt buộc"}
        with self.lock:
            if key in self.received:
                return 200, {"status": "duplicate"}
            self.received[key] = body
        return 201, {"status": "accepted"}


@pytest.fixture
def national() -> Iterator[tuple[NationalDatabase, str]]:
    db = NationalDatabase()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            status, answer = db.answer(self.headers["Idempotency-Key"], body)
            data = json.dumps(answer).encode()
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
    yield db, f"http://127.0.0.1:{server.server_address[1]}/api/ho-so"
    server.shutdown()
    server.server_close()


def _month_approved_by_units(lc: Personas, pki: Pki) -> list:
    sets = [reviewed_change_set(lc), reviewed_change_set(lc, colleague_in_finance(lc))]
    unit_approval_sign(acting_user=lc.approver, change_set_ids=[s.pk for s in sets],
                       signer=pki.signer_for(lc.approver), on=UNIT_DAY)
    return sets


def test_the_doha_signs_the_month_and_a_packet_waits_per_changed_person(lc: Personas, pki: Pki) -> None:
    sets = _month_approved_by_units(lc, pki)
    statuses = {s.org_unit.name: s for s in unit_status_for_month(month="2026-12")}
    assert statuses["Sở Tài chính"].label == "Đã phê duyệt"
    assert statuses["Sở Tư pháp"].label == "Không có thay đổi"
    approval = province_approval_sign(acting_user=lc.doha, signer=pki.signer_for(lc.doha), on=PROVINCE_DAY)
    assert (approval.level, approval.month, approval.status) == (ApprovalLevel.PROVINCE, "2026-12",
                                                                 ApprovalStatus.PROVINCE_APPROVED)
    assert MonthlyApproval.objects.get(level=ApprovalLevel.UNIT).province_approval == approval
    assert {p.person_id for p in SyncPacket.objects.all()} == {s.person_id for s in sets}
    assert set(SyncPacket.objects.values_list("status", flat=True)) == {SyncStatus.WAITING}
    assert statuses["Sở Tài chính"].approved
    assert unit_status_for_month(month="2026-12")[0].org_unit.parent_id is not None
    with pytest.raises(ApplicationError) as again:
        province_approval_sign(acting_user=lc.doha, signer=pki.signer_for(lc.doha), on=PROVINCE_DAY)
    assert again.value.code == "nothing_to_approve"


def test_a_unit_with_waiting_sets_shows_as_not_approved(lc: Personas) -> None:
    reviewed_change_set(lc)
    statuses = {s.org_unit.name: s for s in unit_status_for_month(month="2026-12")}
    assert (statuses["Sở Tài chính"].label, statuses["Sở Tài chính"].waiting_change_sets) == ("Chưa phê duyệt", 1)


def test_only_the_doha_in_the_province_window_approves_the_month(lc: Personas, pki: Pki) -> None:
    _month_approved_by_units(lc, pki)
    with pytest.raises(PermissionDeniedError):
        province_approval_sign(acting_user=lc.approver, signer=pki.signer_for(lc.approver), on=PROVINCE_DAY)
    with pytest.raises(ApplicationError) as outside:
        province_approval_sign(acting_user=lc.doha, signer=pki.signer_for(lc.doha), on=UNIT_DAY)
    assert outside.value.message.startswith("Ngoài thời gian phê duyệt của Sở Nội vụ.")
    assert not MonthlyApproval.objects.filter(level=ApprovalLevel.PROVINCE).exists()
    assert not SyncPacket.objects.exists()


def test_each_person_is_received_once_through_errors_slowness_rejection_and_a_dead_worker(
    lc: Personas, pki: Pki, national: tuple[NationalDatabase, str],
) -> None:
    """The receiver first fails (503), then is too slow (the client times out after it has
    stored the packet), then the worker dies between posting and recording the answer. Each
    time the outbox posts again with the same key; in the end each person is held once."""
    db, url = national
    sets = _month_approved_by_units(lc, pki)
    province_approval_sign(acting_user=lc.doha, signer=pki.signer_for(lc.doha), on=PROVINCE_DAY)
    sync_endpoint_set(acting_user=lc.doha, url=url, timeout_seconds=1)
    now = timezone.now()

    db.script = ["error", "slow"]
    first = sync_packets_deliver(now=now)
    assert (len(first.retry), first.accepted) == (2, [])
    failed = SyncPacket.objects.order_by("id")
    assert [p.reason.split(":")[0] for p in failed] == ["HTTP 503", "Không kết nối được"]
    assert all(p.next_attempt_at == now + timedelta(seconds=30) for p in failed)
    deadline = time.monotonic() + 5
    while not db.received and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(db.received) == 1  # the slow answer stored its packet: the client did not hear it

    class WorkerDied(BaseException):
        pass

    def post_then_die(*args):  # type: ignore[no-untyped-def]
        http_post(*args)
        raise WorkerDied

    later = now + timedelta(seconds=31)
    with pytest.raises(WorkerDied):
        sync_packets_deliver(now=later, transport=post_then_die, limit=1)
    stuck = SyncPacket.objects.get(status=SyncStatus.SENT)
    assert stuck.next_attempt_at == later + timedelta(seconds=1) + LEASE_EXTRA

    done = sync_packets_deliver(now=later + timedelta(seconds=2) + LEASE_EXTRA)
    assert len(done.accepted) == 2
    assert set(SyncPacket.objects.values_list("status", flat=True)) == {SyncStatus.ACCEPTED}
    assert sorted(db.received) == sorted(SyncPacket.objects.values_list("idempotency_key", flat=True))
    assert {body["person"]["national_id"] for body in db.received.values()} == {s.person.national_id for s in sets}
    assert len(db.requests) > len(db.received)  # re-sent, received once
    assert sync_packets_deliver(now=later + timedelta(hours=1)).accepted == []


def test_a_rejected_packet_keeps_the_reason_and_is_not_resent(
    lc: Personas, pki: Pki, national: tuple[NationalDatabase, str],
) -> None:
    db, url = national
    _month_approved_by_units(lc, pki)
    province_approval_sign(acting_user=lc.doha, signer=pki.signer_for(lc.doha), on=PROVINCE_DAY)
    sync_endpoint_set(acting_user=lc.doha, url=url, timeout_seconds=2)
    db.script = ["reject"]
    report = sync_packets_deliver()
    assert (len(report.rejected), len(report.accepted)) == (1, 1)
    rejected = SyncPacket.objects.get(status=SyncStatus.REJECTED)
    assert rejected.reason == "HTTP 422: Thiếu thông tin bắt buộc"
    assert sync_packets_deliver(now=timezone.now() + timedelta(days=1)).rejected == []


def test_no_answer_is_a_retry_not_a_rejection() -> None:
    answer = http_post("http://127.0.0.1:9/", b"{}", {}, 0.5)
    assert isinstance(answer, Answer) and answer.status == 0
