"""The packet format sent to the national database (CSDL quốc gia) for one changed person.

Version 1: JSON, one person per packet, with the dossier as it stands after the approved
changes (the DossierVersion snapshot), the change sets it includes, and the DoHA approval
that released it (manifest hash, signer's certificate). Change the format only by adding a
new version here; the receiver reads `format`.
"""

from typing import Any

from core.approvals.models import MonthlyApproval
from core.models import ChangeSet, DossierVersion, Person

FORMAT = "hoso.sync/1"


def packet_payload(
    *, idempotency_key: str, province: str, approval: MonthlyApproval, person: Person, change_sets: list[ChangeSet],
) -> dict[str, Any]:
    version = DossierVersion.objects.filter(person=person).order_by("-number").first()
    return {
        "format": FORMAT,
        "idempotency_key": idempotency_key,
        "province": province,
        "month": approval.month,
        "person": {"national_id": person.national_id, "full_name": person.full_name,
                   "status": person.status, "version": person.version},
        "dossier": version.snapshot if version is not None else None,
        "change_sets": sorted(s.pk for s in change_sets),
        "approval": {"id": approval.pk, "manifest_sha256": approval.manifest_sha256,
                     "signed": approval.is_signed, "certificate": approval.certificate,
                     "approved_on": approval.approved_on.isoformat()},
    }
