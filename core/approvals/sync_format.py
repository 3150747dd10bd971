"""The packet format sent to the national database (CSDL quốc gia) for one changed person.

Version 1: JSON, one person per packet, with the dossier as it stands after the approved
changes (the DossierVersion snapshot), the change sets it includes, and the DoHA approval
that released it (manifest hash, signer's certificate).
Version 2: the same person and dossier after a completed personnel action (a transfer, a
leaving), released the same day with the action's decision instead of a monthly approval
(Nghị định 27/2026/NĐ-CP).
Change the format only by adding a new version here; the receiver reads `format`. Before any
packet leaves, `packet_errors` checks its coded values against the national catalogues.
"""

from datetime import date
from typing import Any

from django.db import models

from core.approvals.models import MonthlyApproval
from core.catalogues.kinds import CATALOGUES_BY_KEY
from core.catalogues.selectors import catalogue_entry_exists
from core.models import DOSSIER_ROW_MODELS, ChangeSet, Dossier, DossierVersion, Person

FORMAT = "hoso.sync/1"
FORMAT_ACTION = "hoso.sync/2"


def packet_payload(
    *, idempotency_key: str, province: str, approval: MonthlyApproval, person: Person, change_sets: list[ChangeSet],
) -> dict[str, Any]:
    version = DossierVersion.objects.filter(person=person).order_by("-number").first()
    return {
        "format": FORMAT,
        "idempotency_key": idempotency_key,
        "province": province,
        "month": approval.month,
        "person": _person(person),
        "dossier": version.snapshot if version is not None else None,
        "change_sets": sorted(s.pk for s in change_sets),
        "approval": {"id": approval.pk, "manifest_sha256": approval.manifest_sha256,
                     "signed": approval.is_signed, "certificate": approval.certificate,
                     "approved_on": approval.approved_on.isoformat()},
    }


def action_payload(
    *, idempotency_key: str, province: str, person: Person, version: DossierVersion, reference: str, kind: str,
    completed_on: date, due_on: date | None, decision: dict[str, Any],
) -> dict[str, Any]:
    """A completed personnel action: the dossier version it produced and its decision."""
    return {
        "format": FORMAT_ACTION,
        "idempotency_key": idempotency_key,
        "province": province,
        "person": _person(person),
        "dossier": version.snapshot,
        "change_sets": [version.change_set_id] if version.change_set_id else [],
        "action": {"reference": reference, "kind": kind, "completed_on": completed_on.isoformat(),
                   "due_on": due_on.isoformat() if due_on else None, "decision": decision},
    }


def packet_errors(payload: dict[str, Any]) -> dict[str, str]:
    """Every coded value of the packet's dossier that is not in its national catalogue, by
    field path ("dossier.ethnic_group_code", "rows.degrees.0.level_code"), with a Vietnamese
    reason naming the field and the catalogue. Empty: the packet may leave."""
    snapshot = payload.get("dossier") or {}
    errors: dict[str, str] = {}
    _check(errors, "dossier", snapshot.get("dossier") or {}, Dossier.CATALOGUE_FIELDS, Dossier)
    for group, rows in (snapshot.get("rows") or {}).items():
        model = DOSSIER_ROW_MODELS.get(group)
        if model is None:
            continue
        for index, row in enumerate(rows):
            _check(errors, f"rows.{group}.{index}", row, model.CATALOGUE_FIELDS, model)
    return errors


def _check(errors: dict[str, str], prefix: str, values: dict[str, Any], fields: dict[str, str],
           model: type[models.Model]) -> None:
    for name, kind in fields.items():
        code = values.get(name)
        if code in (None, "") or catalogue_entry_exists(kind=kind, code=str(code)):
            continue
        label = str(getattr(model._meta.get_field(name), "verbose_name", name))
        errors[f"{prefix}.{name}"] = (f"{label.capitalize()}: giá trị “{code}” không có trong danh mục "
                                      f"{CATALOGUES_BY_KEY[kind].label.lower()} quốc gia.")


def _person(person: Person) -> dict[str, Any]:
    return {"national_id": person.national_id, "full_name": person.full_name, "status": person.status,
            "version": person.version}
