"""A person's résumé (sơ yếu lý lịch) signed with PAdES: first by the person with authority
(the approver), then by the agency (its seal), each an incremental revision, so the agency's
signature covers the approver's and both stay checkable.

The résumé itself is drawn by core.resumes on its official form; signing and checking are
pyHanko's. Each signature is visible where the form's confirmation block leaves room for it
(Nghị định 30/2020/NĐ-CP): the approver's signature image, the seal over its left third.

Where the province configures a time-stamping authority (`HOSO_SIGNING[<code>]["tsa"]`), each
signature carries an RFC 3161 signature timestamp (PAdES B-T), and the certificates and CRLs
of the province's trusted CAs that validate it are embedded in the document security store
(PAdES B-LT), so the PDF can be checked long after the certificates expire.
"""

import asyncio
import functools
import hashlib
import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID

from core.approvals.signing import KeySigner, Signer
from core.base.errors import ApplicationError

APPROVER_FIELD = "KySo_NguoiCoThamQuyen"
AGENCY_FIELD = "KySo_CoQuan"
NO_TIMESTAMP = "Không lấy được dấu thời gian từ dịch vụ cấp dấu thời gian của tỉnh: thử lại sau ít phút."
SIGNER_UNSUPPORTED = "Chữ ký số này chưa ký được tệp PDF (cần khóa ký trên máy chủ, HSM hoặc dịch vụ ký số từ xa)."


@dataclass(frozen=True)
class LongTerm:
    """What a B-T/B-LT signature needs: the time-stamping authority's URL, and the trusted CA
    certificates and CRLs (DER) whose validation data goes into the document."""

    timestamp_url: str
    trust_roots: tuple[bytes, ...] = ()
    crls: tuple[bytes, ...] = ()


@dataclass(frozen=True)
class Appearance:
    """A visible signature: the PNG drawn in the field, on page `page` (0-based) in `box`
    ((x1, y1, x2, y2), PDF points from the lower left corner)."""

    page: int
    box: tuple[int, int, int, int]
    png: bytes


def pdf_sign(pdf: bytes, *, signer: Signer, field_name: str, reason: str, location: str = "",
             chain: list[x509.Certificate] | None = None, appearance: Appearance | None = None,
             long_term: LongTerm | None = None) -> bytes:
    """`pdf` with one more PAdES signature (an incremental revision) in a new field: invisible,
    or drawn as `appearance`; timestamped, with its validation data, when `long_term` is given."""
    work = functools.partial(_pdf_sign_or_refuse, pdf, signer=signer, field_name=field_name, reason=reason,
                             location=location, chain=chain, appearance=appearance, long_term=long_term)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    # pyHanko's synchronous API runs its own event loop (asyncio.run), which cannot start inside
    # a running one (an async server, a test harness): sign on a worker thread instead.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def _pdf_sign_or_refuse(pdf: bytes, **kwargs: Any) -> bytes:
    from pyhanko.sign.timestamps import TimestampRequestError

    try:
        return _pdf_sign(pdf, **kwargs)
    except TimestampRequestError:
        raise ApplicationError(NO_TIMESTAMP, code="timestamp_unavailable") from None


def _pdf_sign(pdf: bytes, *, signer: Signer, field_name: str, reason: str, location: str,
              chain: list[x509.Certificate] | None, appearance: Appearance | None,
              long_term: LongTerm | None) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    timestamper, context = _long_term(long_term)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, reason=reason, location=location or None, md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES, embed_validation_info=context is not None,
        validation_context=context,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    if appearance is None:
        out = signers.sign_pdf(writer, meta, signer=_pyhanko_signer(signer, chain or []), timestamper=timestamper)
        return out.getvalue()
    from PIL import Image
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.stamp import StaticStampStyle

    style = StaticStampStyle(border_width=0, background_opacity=1.0,
                             background=PdfImage(Image.open(io.BytesIO(appearance.png))))
    spec = fields.SigFieldSpec(sig_field_name=field_name, on_page=appearance.page, box=appearance.box)
    pdf_signer = signers.PdfSigner(meta, signer=_pyhanko_signer(signer, chain or []), stamp_style=style,
                                   new_field_spec=spec, timestamper=timestamper)
    return pdf_signer.sign_pdf(writer).getvalue()


def certificate_name(signer: Signer) -> str:
    certificate = getattr(signer, "certificate", None)
    if not isinstance(certificate, x509.Certificate):
        return ""
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else certificate.subject.rfc4514_string()


# --- internals -------------------------------------------------------------------------------


def _long_term(long_term: LongTerm | None) -> tuple[Any, Any]:
    """pyHanko's HTTP time stamper and the validation context whose certificates and CRLs are
    embedded (soft-fail: a certificate naming no CRL or OCSP is not refused for it)."""
    if long_term is None:
        return None, None
    from asn1crypto import crl as asn1_crl
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps import HTTPTimeStamper
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(der) for der in long_term.trust_roots],
        crls=[asn1_crl.CertificateList.load(der) for der in long_term.crls],
        allow_fetching=False, revocation_mode="soft-fail")
    return HTTPTimeStamper(long_term.timestamp_url, timeout=15), context



def _pyhanko_signer(signer: Signer, chain: list[x509.Certificate]) -> Any:
    """pyHanko builds the PAdES CMS (signed attributes and all); the key holder only signs the
    digest of those attributes, so a server key, an HSM and a remote service sign PDFs alike."""
    from asn1crypto import algos
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.asymmetric import rsa
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    if not isinstance(signer, KeySigner):
        raise ApplicationError(SIGNER_UNSUPPORTED, code="signer_unsupported")
    key_holder: KeySigner = signer
    der = serialization.Encoding.DER
    mechanism = "sha256_rsa" if isinstance(signer.certificate.public_key(), rsa.RSAPublicKey) else "sha256_ecdsa"

    class _DigestSigner(signers.Signer):
        async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
            if dry_run:
                return bytes(512)  # room for the real signature (RSA up to 4096 bits, ECDSA)
            return key_holder.sign_digest(hashlib.sha256(data).digest())

    return _DigestSigner(
        signing_cert=asn1_x509.Certificate.load(signer.certificate.public_bytes(der)),
        signature_mechanism=algos.SignedDigestAlgorithm({"algorithm": mechanism}),
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(c.public_bytes(der)) for c in chain]),
    )
