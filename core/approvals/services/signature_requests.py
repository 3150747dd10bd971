"""Every signature in two steps. First the server prepares what is to be signed (the exact
manifests) and keeps it as a SignatureRequest; then a signer signs it (a key the server holds
for the person, an HSM, a remote signing service waiting for the person's confirmation, or the
person's token in the browser posting the CMS back), and the server records only what
verifies, over manifests rebuilt from the data as it then stands and equal to the prepared
bytes. A refusal at the second step writes nothing and leaves the request open to retry.
"""

import base64
import binascii
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from core.approvals.models import SignaturePurpose, SignatureRequest
from core.approvals.services.approvals import (
    province_approval_manifest,
    province_approval_sign,
    unit_approval_manifests,
    unit_approval_sign,
)
from core.approvals.signing import (
    CHANGED_SINCE_PREPARED,
    MALFORMED,
    PreparedSigner,
    SignedManifest,
    Signer,
    sha256_hex,
)
from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError, NotFoundError

LIFETIME = timedelta(minutes=30)
NOT_FOUND = "Không tìm thấy yêu cầu ký số này (đã ký, đã hết hạn hoặc không phải của bạn)."
NO_SIGNER = "Bạn chưa có chữ ký số dùng được ở tỉnh này: liên hệ quản trị Sở Nội vụ để được cấp."
WRONG_COUNT = "Cần đúng {count} chữ ký số, mỗi nội dung một chữ ký."


def unit_approval_prepare(*, acting_user: Account, change_set_ids: list[int], on: date | None = None) -> SignatureRequest:
    """Step one of the approver's signature: the manifests of the chosen sets, refused now for
    the reasons signing would be (window closed, a set not waiting)."""
    on = on or timezone.localdate()
    ids = sorted({int(i) for i in change_set_ids})
    manifests = unit_approval_manifests(acting_user=acting_user, change_set_ids=ids, on=on)
    return _request_create(acting_user, SignaturePurpose.UNIT_APPROVAL, {"change_set_ids": ids}, manifests)


def province_approval_prepare(*, acting_user: Account, on: date | None = None) -> SignatureRequest:
    """Step one of the DoHA's signature over the month's unit approvals."""
    manifest = province_approval_manifest(acting_user=acting_user, on=on or timezone.localdate())
    return _request_create(acting_user, SignaturePurpose.PROVINCE_APPROVAL, {}, [manifest])


def report_signature_prepare(*, acting_user: Account, report_id: int) -> SignatureRequest:
    """Step one of a scheduled report's signature: its content as it will be sent (the canonical
    JSON `report_payload` covers), refused now for what signing would refuse."""
    from core.permissions import role_require
    from core.reports.models import ReportState
    from core.reports.selectors.scheduled import REPORT_ROLES, report_get_for_user
    from core.reports.services import NOT_SIGNABLE, report_payload

    report = report_get_for_user(user=acting_user, report_id=report_id)
    role_require(acting_user, roles=REPORT_ROLES, org_unit=report.org_unit)
    if report.state != ReportState.DRAFTED:
        raise ApplicationError(NOT_SIGNABLE, code="report_not_draft")
    return _request_create(acting_user, SignaturePurpose.REPORT, {"report_id": report.pk}, [report_payload(report)])


def signature_request_get_for_user(*, user: Account, token: str) -> SignatureRequest:
    """The user's own open request; anyone else's, a finished or expired one, read as missing."""
    request = (SignatureRequest.objects.filter(token=token, account=user, completed_at__isnull=True,
                                               expires_at__gt=timezone.now()).first()
               if _is_uuid(token) else None)
    if request is None:
        raise NotFoundError(NOT_FOUND)
    return request


def signature_request_sign(*, acting_user: Account, token: str, signer: Signer | None, on: date | None = None) -> Any:
    """Step two with a signer the server reaches (its key store, an HSM, a remote service)."""
    if signer is None:
        raise ApplicationError(NO_SIGNER, code="signer_missing")
    return _complete(acting_user, token, signer, on)


def signature_request_submit(*, acting_user: Account, token: str, signatures: list[str], on: date | None = None) -> Any:
    """Step two with signatures made outside the server (base64 DER CMS, one per prepared
    manifest, in order): the person's token through the browser, the official-duty service."""
    request = signature_request_get_for_user(user=acting_user, token=token)
    if request.purpose == SignaturePurpose.RESUME:
        return _resume_submit(acting_user, token, signatures)
    if len(signatures) != len(request.documents):
        raise ApplicationError(WRONG_COUNT.format(count=len(request.documents)), code="signature_count")
    try:
        posted = [base64.b64decode(value, validate=True) for value in signatures]
    except (binascii.Error, ValueError):
        raise ApplicationError(MALFORMED, code="signature_malformed") from None
    prepared = PreparedSigner({document.encode("utf-8"): cms for document, cms in zip(request.documents, posted,
                                                                                      strict=True)})
    return _complete(acting_user, token, prepared, on)


# --- internals -------------------------------------------------------------------------------


class _OnlyPrepared:
    """A server-reached signer held to the prepared bytes: what the person was shown is what
    is signed, or nothing is."""

    def __init__(self, signer: Signer, documents: list[str]):
        self.signer, self.documents = signer, {d.encode("utf-8") for d in documents}

    def sign(self, manifest: bytes) -> SignedManifest:
        if manifest not in self.documents:
            raise ApplicationError(CHANGED_SINCE_PREPARED, code="manifest_changed")
        return self.signer.sign(manifest)


def _complete(acting_user: Account, token: str, signer: Signer, on: date | None) -> Any:
    with transaction.atomic():
        request = signature_request_get_for_user(user=acting_user, token=token)
        request = SignatureRequest.objects.select_for_update().get(pk=request.pk)
        if request.completed_at is not None:
            raise NotFoundError(NOT_FOUND)
        if request.purpose == SignaturePurpose.RESUME:
            return _resume_sign(acting_user, request, signer)
        guarded = signer if isinstance(signer, PreparedSigner) else _OnlyPrepared(signer, request.documents)
        if request.purpose == SignaturePurpose.REPORT:
            report = _report_sign(acting_user, request, guarded)
            request.completed_at, request.result = timezone.now(), {"report": report.pk}
            request.save(update_fields=["completed_at", "result"])
            return report
        if request.purpose == SignaturePurpose.UNIT_APPROVAL:
            done: Any = unit_approval_sign(acting_user=acting_user, change_set_ids=request.params["change_set_ids"],
                                           signer=guarded, on=on)
            result = {"approvals": [approval.pk for approval in done]}
        else:
            done = province_approval_sign(acting_user=acting_user, signer=guarded, on=on)
            result = {"approvals": [done.pk]}
        request.completed_at, request.result = timezone.now(), result
        request.save(update_fields=["completed_at", "result"])
        return done


def _report_sign(acting_user: Account, request: SignatureRequest, signer: Signer) -> Any:
    """The report's content rebuilt now must be the prepared bytes; the signature over it must
    verify as the acting user's against the province's CAs; then the report is signed and the
    CMS (base64) kept on it."""
    from core.approvals.selectors import trust_anchors
    from core.approvals.signing import signature_verify
    from core.reports.models import ScheduledReport
    from core.reports.selectors.scheduled import report_get_for_user
    from core.reports.services import report_payload, report_sign

    report = report_get_for_user(user=acting_user, report_id=int(request.params["report_id"]))
    payload = report_payload(report)
    signed = signer.sign(payload)
    signature_verify(manifest=payload, cms_der=signed.cms_der, anchors=trust_anchors(), at=timezone.now(),
                     expected_username=acting_user.username)
    done = report_sign(acting_user=acting_user, report=report)
    done.signature = base64.b64encode(signed.cms_der).decode("ascii")
    ScheduledReport.objects.filter(pk=done.pk).update(signature=done.signature)
    return done


def _resume_sign(acting_user: Account, request: SignatureRequest, signer: Signer) -> Any:
    from core.approvals.dossier_pdf import SIGNER_UNSUPPORTED
    from core.approvals.services.resume_signing import resume_signature_sign
    from core.approvals.signing import KeySigner

    if not isinstance(signer, KeySigner):
        raise ApplicationError(SIGNER_UNSUPPORTED, code="signer_unsupported")
    return resume_signature_sign(acting_user=acting_user, request=request, signer=signer)


def _resume_submit(acting_user: Account, token: str, signatures: list[str]) -> Any:
    """The résumé's one raw signature (base64), made by the person's token over the prepared digest."""
    from core.approvals.services.resume_signing import resume_signature_finish

    if len(signatures) != 1:
        raise ApplicationError(WRONG_COUNT.format(count=1), code="signature_count")
    try:
        raw = base64.b64decode(signatures[0], validate=True)
    except (binascii.Error, ValueError):
        raise ApplicationError(MALFORMED, code="signature_malformed") from None
    with transaction.atomic():
        request = signature_request_get_for_user(user=acting_user, token=token)
        request = SignatureRequest.objects.select_for_update().get(pk=request.pk)
        if request.completed_at is not None:
            raise NotFoundError(NOT_FOUND)
        return resume_signature_finish(acting_user=acting_user, request=request, signature=raw)


def _request_create(acting_user: Account, purpose: str, params: dict[str, Any], manifests: list[bytes]) -> SignatureRequest:
    with transaction.atomic():
        request = SignatureRequest.objects.create(
            purpose=purpose, account=acting_user, params=params,
            documents=[manifest.decode("utf-8") for manifest in manifests],
            expires_at=timezone.now() + LIFETIME)
        audit_record(acting_user=acting_user, action="signature.prepare", target=f"signature_request:{request.pk}",
                     detail={"purpose": purpose, "sha256": [sha256_hex(m) for m in manifests]})
        return request


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
