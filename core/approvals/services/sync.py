"""The outbox to the national database: one packet per changed person after the DoHA's
approval, or the same day a personnel action is completed (Nghị định 27/2026/NĐ-CP), delivered
at least once and received once (the receiver dedupes on the packet's idempotency key, which
never changes between attempts).

Delivery works through the due packets in batches, one packet at a time: it claims the packet
(state "sent", with a lease until `next_attempt_at`) and commits, checks its coded values
against the national catalogues (a packet outside them is refused before it leaves, with the
reason per field), posts, then records the answer. A run interrupted half-way leaves the
packets it had not reached waiting, so the next run resumes with them at once; the one it was
posting stays "sent" until its lease ends and is then posted again under the same key, which
the receiver answers "duplicate". Nothing already accepted is posted again.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from core.approvals.models import MonthlyApproval, SyncEndpoint, SyncPacket, SyncSource, SyncStatus
from core.approvals.selectors import sync_endpoint
from core.approvals.sync_format import action_payload, packet_errors, packet_payload
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError
from core.base.http import Answer, http_request, outbound_url_error, reply_summary
from core.models import ChangeSet, DossierVersion, Person
from core.transfers.services.step_notices import change_sets_approved_notify, person_synced_notify
from rules.selectors import deadline_for
from tenants.context import current_schema_name

MAX_ATTEMPTS = 12
BACKOFF_FIRST = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=1)
LEASE_EXTRA = timedelta(seconds=60)


Transport = Callable[[str, bytes, dict[str, str], float], Answer]


def http_post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> Answer:
    return http_request("POST", url, headers=headers, timeout=timeout, body=body)


def sync_packets_create(*, approval: MonthlyApproval, change_sets: list[ChangeSet]) -> list[SyncPacket]:
    """Write the outbox rows in the approval's transaction; queue delivery after commit."""
    province = getattr(getattr(connection, "tenant", None), "code", current_schema_name())
    by_person: dict[int, list[ChangeSet]] = {}
    for change_set in change_sets:
        by_person.setdefault(change_set.person_id, []).append(change_set)
    now = timezone.now()
    packets = []
    for sets in by_person.values():
        person = sets[0].person
        key = f"{province}:{approval.month}:{approval.pk}:{person.national_id}"
        packets.append(SyncPacket(idempotency_key=key, approval=approval, person=person, next_attempt_at=now,
                                  payload=packet_payload(idempotency_key=key, province=province, approval=approval,
                                                         person=person, change_sets=sets)))
    created = SyncPacket.objects.bulk_create(packets)
    change_sets_approved_notify(change_sets=change_sets, acting_user=approval.approver, by_province=True)
    transaction.on_commit(_deliver_queue)
    return created


def sync_packet_for_action(
    *, person: Person, version: DossierVersion, reference: str, kind: str, completed_on: date,
    decision: dict[str, Any],
) -> SyncPacket:
    """The packet of a completed personnel action, written in the action's transaction (the
    same day), due at the national database when the rules in force that day say (Nghị định
    27/2026/NĐ-CP: no later than one day after); delivery is queued after commit. Idempotent
    per action: recording the same action again returns its packet."""
    province = getattr(getattr(connection, "tenant", None), "code", current_schema_name())
    key = f"{province}:{reference}:{person.national_id}"[:100]
    existing = SyncPacket.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    due_on = deadline_for(event="national_sync", on=completed_on).due
    payload = action_payload(idempotency_key=key, province=province, person=person, version=version,
                             reference=reference, kind=kind, completed_on=completed_on, due_on=due_on,
                             decision=decision)
    packet = SyncPacket.objects.create(idempotency_key=key, source=SyncSource.ACTION, reference=reference[:100],
                                       due_on=due_on, person=person, payload=payload, next_attempt_at=timezone.now())
    transaction.on_commit(_deliver_queue)
    return packet


@dataclass
class DeliveryReport:
    accepted: list[int] = field(default_factory=list)
    rejected: list[int] = field(default_factory=list)
    retry: list[int] = field(default_factory=list)
    # Refused before sending: a coded value outside the national catalogues.
    invalid: list[int] = field(default_factory=list)
    next_due: datetime | None = None

    @property
    def done(self) -> int:
        return len(self.accepted) + len(self.rejected) + len(self.retry) + len(self.invalid)


Progress = Callable[[int, int], None]


def sync_packets_deliver(
    *, now: datetime | None = None, transport: Transport = http_post, limit: int = 50,
    progress: Progress | None = None,
) -> DeliveryReport:
    """One batch: up to `limit` due packets, each claimed, checked, posted and recorded in turn;
    `progress(done, total)` after each. An interruption loses nothing: see the module's note."""
    endpoint = sync_endpoint()
    report = DeliveryReport()
    if endpoint is None:
        return report
    now = now or timezone.now()
    total = min(limit, _due(now).count())
    while report.done < total:
        claimed = _claim_one(endpoint, now)
        if claimed is None:
            break
        packet_id, errors = claimed
        if errors:
            report.invalid.append(packet_id)
        else:
            packet = SyncPacket.objects.get(pk=packet_id)
            body = json.dumps(packet.payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
            headers = {"Content-Type": "application/json; charset=utf-8", "Idempotency-Key": packet.idempotency_key}
            answer = transport(endpoint.url, body, headers, float(endpoint.timeout_seconds))
            getattr(report, _record(packet_id, answer, now)).append(packet_id)
        if progress is not None:
            progress(report.done, total)
    upcoming = SyncPacket.objects.filter(status__in=[SyncStatus.WAITING, SyncStatus.SENT]).order_by("next_attempt_at")
    first = upcoming.values_list("next_attempt_at", flat=True).first()
    report.next_due = first
    return report


def sync_endpoint_set(*, acting_user, url: str, timeout_seconds: int = 10) -> SyncEndpoint:  # type: ignore[no-untyped-def]
    """The province's delivery address (one row), set by the DoHA."""
    from core.models import OrgUnit, Role
    from core.permissions import role_require

    role_require(acting_user, roles=[Role.DOHA_ADMIN], org_unit=OrgUnit.objects.get(parent__isnull=True))
    refused = outbound_url_error(url, unresolved_ok=True)
    if refused is not None:
        raise ApplicationError.for_fields({"url": refused}, refused)
    with transaction.atomic():
        endpoint = SyncEndpoint.objects.order_by("id").first() or SyncEndpoint()
        endpoint.url, endpoint.timeout_seconds, endpoint.enabled = url, timeout_seconds, True
        endpoint.save()
        audit_record(acting_user=acting_user, action="sync.endpoint_set", target=f"sync_endpoint:{endpoint.pk}",
                     detail={"url": url, "timeout_seconds": timeout_seconds})
        return endpoint


# --- internals -------------------------------------------------------------------------------


def _deliver_queue() -> None:
    from core.approvals.tasks import sync_packets_deliver_task

    sync_packets_deliver_task.delay()


def _due(now: datetime):  # type: ignore[no-untyped-def]
    return SyncPacket.objects.filter(Q(status=SyncStatus.WAITING) | Q(status=SyncStatus.SENT), next_attempt_at__lte=now)


def _claim_one(endpoint: SyncEndpoint, now: datetime) -> tuple[int, dict[str, str]] | None:
    """Mark the next due packet "sent" with a lease and commit before it is posted; a packet
    whose coded values are outside the national catalogues is marked "invalid" instead, with
    its reasons per field, and never posted."""
    lease = timedelta(seconds=endpoint.timeout_seconds) + LEASE_EXTRA
    with transaction.atomic():
        packet = _due(now).select_for_update(skip_locked=True).order_by("next_attempt_at", "id").first()
        if packet is None:
            return None
        errors = packet_errors(packet.payload)
        if errors:
            packet.status, packet.field_errors = SyncStatus.INVALID, errors
            packet.reason = "Không gửi: " + " ".join(errors.values())
            packet.save(update_fields=["status", "field_errors", "reason"])
            audit_record(acting_user=None, action="sync.invalid", target=f"sync_packet:{packet.pk}",
                         detail={"key": packet.idempotency_key, "fields": errors})
            return packet.pk, errors
        packet.status, packet.attempts = SyncStatus.SENT, packet.attempts + 1
        packet.last_attempt_at, packet.next_attempt_at = now, now + lease
        packet.save(update_fields=["status", "attempts", "last_attempt_at", "next_attempt_at"])
        return packet.pk, {}


def _record(packet_id: int, answer: Answer, now: datetime) -> str:
    with transaction.atomic():
        packet = SyncPacket.objects.select_for_update().get(pk=packet_id)
        if packet.status != SyncStatus.SENT:
            return "accepted" if packet.status == SyncStatus.ACCEPTED else "rejected"
        if 200 <= answer.status < 300 or answer.status == 409:
            # 409: the receiver already holds this key; it is the same packet, so delivered.
            packet.status, packet.accepted_at, packet.reason = SyncStatus.ACCEPTED, now, ""
            outcome = "accepted"
        elif 400 <= answer.status < 500 and answer.status not in (408, 425, 429):
            packet.status, packet.reason = SyncStatus.REJECTED, _reason(answer)
            outcome = "rejected"
        elif packet.attempts >= MAX_ATTEMPTS:
            packet.status = SyncStatus.REJECTED
            packet.reason = f"Gửi {packet.attempts} lần không thành công; lần cuối: {_reason(answer)}"
            outcome = "rejected"
        else:
            packet.status, packet.reason = SyncStatus.WAITING, _reason(answer)
            packet.next_attempt_at = now + min(BACKOFF_FIRST * 2 ** (packet.attempts - 1), BACKOFF_MAX)
            outcome = "retry"
        packet.save(update_fields=["status", "accepted_at", "reason", "next_attempt_at"])
        if outcome != "retry":
            audit_record(acting_user=None, action=f"sync.{outcome}", target=f"sync_packet:{packet.pk}",
                         detail={"key": packet.idempotency_key, "attempts": packet.attempts, "reason": packet.reason})
        if outcome == "accepted":
            person_synced_notify(person=packet.person)
        return outcome


def _reason(answer: Answer) -> str:
    """The status and the reply's own message, never its raw body (core.base.http)."""
    prefix = f"HTTP {answer.status}: " if answer.status else "Không kết nối được: "
    return (prefix + reply_summary(answer))[:1000]
