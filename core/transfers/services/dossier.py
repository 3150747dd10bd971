"""A transfer or a leaving changes the dossier (its unit, its status, its work history), and
goes the way every change to a dossier goes: a change set with what changed, the written
decision as its proving document, a new dossier version, and a packet for the national
database the same day (Nghị định 27/2026/NĐ-CP; Lai Châu 2.9, Lào Cai Art. 12.3, Bình Thuận
Art. 12.4). The decision is the approval: whoever may record the step is the authority that
signed it, so the change set is approved as it is recorded."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import F
from django.utils import timezone

from core.approvals.services.sync import sync_packet_for_action
from core.base.accounts.models import Account
from core.dossier_values import IDENTITY, dossier_fresh, dossier_snapshot
from core.models import (
    ChangeItem,
    ChangeOperation,
    ChangeSet,
    ChangeSetState,
    DossierVersion,
    Person,
)


@dataclass(frozen=True)
class ActionRecord:
    """What a completed step changed, and the decision behind it."""

    reference: str  # "transfer:12:archive"
    kind: str
    completed_on: date
    decision: dict[str, Any]
    previous: dict[str, Any]
    values: dict[str, Any]


def dossier_action_record(person: Person, *, acting_user: Account, record: ActionRecord) -> DossierVersion:
    """Record a completed personnel action on the dossier: an approved change set with its
    decision, the new version it produced, and the national sync packet, in the caller's
    transaction."""
    now = timezone.now()
    decision = record.decision
    note = f"{decision['number']} ngày {decision['date']}, {decision['signer']}"[:1000]
    change_set = ChangeSet.objects.create(
        person=person, state=ChangeSetState.APPROVED, changed_on=record.completed_on, note=note,
        base_version=person.version, created_by=acting_user, submitted_by=acting_user, submitted_at=now,
        reviewed_by=acting_user, reviewed_at=now, applied_at=now,
    )
    ChangeItem.objects.create(change_set=change_set, group=IDENTITY, operation=ChangeOperation.SET,
                              values=record.values, previous=record.previous)
    version = dossier_version_bump(person, acting_user=acting_user, change_set=change_set)
    sync_packet_for_action(person=person, version=version, reference=record.reference, kind=record.kind,
                           completed_on=record.completed_on, decision=decision)
    return version


def dossier_version_bump(person: Person, *, acting_user: Account, change_set: ChangeSet | None = None) -> DossierVersion:
    """Count one change on the dossier and store it as it stands now."""
    Person.objects.filter(pk=person.pk).update(version=F("version") + 1)
    fresh = dossier_fresh(person.pk)
    person.version = fresh.version
    return DossierVersion.objects.create(person=person, number=fresh.version, snapshot=dossier_snapshot(fresh),
                                         change_set=change_set, created_by=acting_user)
