"""Nghị định 27/2026/NĐ-CP: the national baseline's version from 1/7/2026, and what it asks of
the sync: a completed personnel action (a transfer, a leaving) produces its packet the same
day, through the versioned path with its decision; a packet with a value outside the national
code lists is refused before it leaves, naming the field; a batch interrupted half-way resumes
without posting anything already accepted (Lai Châu 2.9, Lào Cai Điều 12 khoản 3, Bình Thuận
Điều 12 khoản 4)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from core.approvals.models import SyncPacket, SyncSource, SyncStatus
from core.approvals.services.sync import (
    LEASE_EXTRA,
    http_post,
    sync_endpoint_set,
    sync_packet_for_action,
    sync_packets_deliver,
)
from core.models import ChangeSetState, Dossier, DossierVersion, PersonStatus
from core.transfers.models import LeaveReason, TransferKind
from core.transfers.services.dossier import dossier_version_bump
from core.transfers.services.transfers import transfer_archive, transfer_start
from rules.domain import DayCount, RuleKey
from rules.selectors import rules_effective, rules_national_overrides
from tests.core.approvals.test_province_and_sync import NationalDatabase, national  # noqa: F401 (fixture)
from tests.core.conftest import Personas
from tests.core.transfers.conftest import decision

pytestmark = pytest.mark.django_db

ND27 = "Nghị định 27/2026/NĐ-CP"


def test_the_baseline_holds_the_decree_from_its_effective_date(lc: Personas) -> None:
    """Before 1/7/2026 no national sync count applies; from that day the decree's, cited."""
    assert rules_effective(as_of=date(2026, 6, 30))[RuleKey.NATIONAL_SYNC_AFTER_ACTION].value is None
    rule = rules_effective(as_of=date(2026, 7, 1))[RuleKey.NATIONAL_SYNC_AFTER_ACTION]
    assert (rule.value, rule.source) == (DayCount(1, "calendar"), "baseline")
    assert rule.citation is not None and rule.citation.document == ND27
    assert rule.citation.effective == date(2026, 7, 1)
    groups = rules_effective(as_of=date(2026, 7, 1))[RuleKey.NATIONAL_DATA_GROUPS]
    assert groups.citation is not None and groups.citation.article == "Điều 5"


def test_the_rules_page_names_where_the_decree_overrides_lao_cais_text(lc: Personas) -> None:
    """Lào Cai's monthly DoHA window (Điều 7 khoản 1) and signing before sync (Điều 12 khoản 3)
    no longer hold back a personnel action's data from 1/7/2026."""
    assert rules_national_overrides(as_of=date(2026, 6, 30)) == []
    overrides = {o.key: o for o in rules_national_overrides(as_of=date(2026, 7, 1))}
    assert set(overrides) >= {RuleKey.WINDOW_PROVINCE, RuleKey.DOHA_SIGNS_BEFORE_SYNC}
    window = overrides[RuleKey.WINDOW_PROVINCE]
    assert window.province_citation is not None and window.province_citation.article == "Điều 7 khoản 1"
    assert window.national_citation is not None and window.national_citation.document == ND27


def _leave(lc: Personas, account_attr: str = "employee") -> SyncPacket:
    person = lc.person(getattr(lc, account_attr))
    transfer = transfer_start(acting_user=lc.doha, kind=TransferKind.LEAVE, person=person,
                              effective_on=date(2026, 11, 30), leave_reason=LeaveReason.RETIRED,
                              decision=decision("312/QĐ-UBND", on=date(2026, 11, 20)))
    transfer_archive(acting_user=lc.doha, transfer=transfer,
                     decision=decision("15/QĐ-STC", on=timezone.localdate(), signer="Giám đốc Sở Tài chính"))
    return SyncPacket.objects.get(person=person)


def test_a_leavers_status_arrives_at_the_national_endpoint(
    lc: Personas, national: tuple[NationalDatabase, str],  # noqa: F811 (the fixture)
) -> None:
    """Lào Cai Điều 11 khoản 5, Điều 12 khoản 3: the unit updates a retiree's status; the change
    is an approved change set with its decision, a new dossier version, and a packet written the
    same day, due the next day (Nghị định 27/2026), which the national database receives."""
    db, url = national
    packet = _leave(lc)
    today = timezone.localdate()
    assert (packet.source, packet.status, packet.approval) == (SyncSource.ACTION, SyncStatus.WAITING, None)
    assert packet.created_at.date() == today or timezone.localtime(packet.created_at).date() == today
    assert packet.due_on == today + timedelta(days=1)
    version = DossierVersion.objects.filter(person=packet.person).order_by("-number").first()
    assert version is not None and version.change_set is not None
    assert version.change_set.state == ChangeSetState.APPROVED
    assert version.change_set.note.startswith("15/QĐ-STC")
    assert version.snapshot["identity"]["status"] == PersonStatus.RETIRED
    sync_endpoint_set(acting_user=lc.doha, url=url, timeout_seconds=2)
    report = sync_packets_deliver()
    assert report.accepted == [packet.pk]
    [body] = db.received.values()
    assert body["format"] == "hoso.sync/2"
    assert body["person"]["status"] == PersonStatus.RETIRED
    assert body["action"]["decision"]["number"] == "15/QĐ-STC"
    assert body["action"]["completed_on"] == today.isoformat()


def test_a_value_outside_the_national_code_lists_is_refused_before_sending(
    lc: Personas, national: tuple[NationalDatabase, str],  # noqa: F811 (the fixture)
) -> None:
    """A free-text ethnic group ("Kinh" instead of the catalogue's code) never leaves: the packet
    is marked invalid with the field named, and nothing is posted."""
    db, url = national
    Dossier.objects.filter(person=lc.person(lc.employee)).update(ethnic_group_code="Kinh")
    packet = _leave(lc)
    sync_endpoint_set(acting_user=lc.doha, url=url, timeout_seconds=2)
    report = sync_packets_deliver()
    assert (report.invalid, report.accepted) == ([packet.pk], [])
    packet.refresh_from_db()
    assert packet.status == SyncStatus.INVALID
    assert packet.field_errors == {
        "dossier.ethnic_group_code": "Dân tộc (mã): giá trị “Kinh” không có trong danh mục dân tộc quốc gia.",
    }
    assert packet.reason.startswith("Không gửi: Dân tộc (mã)")
    assert db.requests == []


def test_a_batch_interrupted_half_way_resumes_without_sending_anything_twice(
    lc: Personas, national: tuple[NationalDatabase, str],  # noqa: F811 (the fixture)
) -> None:
    """Four packets; the worker dies right after posting the second. The next run takes the
    third and fourth at once; the first is never posted again; the second is posted again
    only when its lease ends, under the same key, and held once."""
    db, url = national
    sync_endpoint_set(acting_user=lc.doha, url=url, timeout_seconds=1)
    packets = []
    for index, account in enumerate((lc.employee, lc.teacher, lc.commune_official, lc.merged)):
        person = lc.person(account)
        version = dossier_version_bump(person, acting_user=lc.doha)
        packets.append(sync_packet_for_action(
            person=person, version=version, reference=f"test:{index}", kind="test", completed_on=date(2026, 12, 4),
            decision={"number": f"{index}/QĐ", "date": "2026-12-04", "signer": "Giám đốc"}))
    keys = [p.idempotency_key for p in packets]

    class WorkerDied(BaseException):
        pass

    calls = []

    def post_then_die_on_the_second(*args):  # type: ignore[no-untyped-def]
        calls.append(args)
        answer = http_post(*args)
        if len(calls) == 2:
            raise WorkerDied
        return answer

    now = timezone.now()
    progress: list[tuple[int, int]] = []
    with pytest.raises(WorkerDied):
        sync_packets_deliver(now=now, transport=post_then_die_on_the_second, progress=lambda d, t: progress.append((d, t)))
    assert progress == [(1, 4)]
    assert db.requests == keys[:2]

    resumed = sync_packets_deliver(now=now, progress=lambda d, t: progress.append((d, t)))
    assert resumed.accepted == [packets[2].pk, packets[3].pk]
    assert progress[-1] == (2, 2)
    assert db.requests == keys  # nothing posted twice so far

    later = sync_packets_deliver(now=now + timedelta(seconds=2) + LEASE_EXTRA)
    assert later.accepted == [packets[1].pk]
    assert db.requests.count(keys[0]) == 1
    assert sorted(db.received) == sorted(keys)
    assert set(SyncPacket.objects.values_list("status", flat=True)) == {SyncStatus.ACCEPTED}
