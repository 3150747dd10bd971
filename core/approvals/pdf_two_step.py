"""A PAdES signature in two steps, for signers the server does not hold (the person's token in
the browser, a remote service that waits for them): first the server lays the signature field
and its appearance into the PDF, leaves room for the CMS and computes the CMS signed
attributes over the document's digest with the signer's certificate; the SHA-256 of those
attributes is what the signer signs. Then, given the raw signature, the server assembles the
CMS, writes it into the room it left, and the result is checked by pyHanko like any signed
PDF before anything is kept (dossier_export.resume_signature_finish).

Everything the second step needs is plain bytes (`PreparedPdf`), kept with the signature
request between the two steps."""

import asyncio
import base64
import hashlib
import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from core.approvals.dossier_pdf import Appearance

RESERVED = 16384  # bytes for the CMS (certificate, signature, room for a chain)


@dataclass(frozen=True)
class PreparedPdf:
    pdf: bytes  # with the field, its appearance and the empty room for the CMS
    document_digest: bytes
    reserved_start: int
    reserved_end: int
    signed_attrs: bytes  # DER of the CMS signed attributes
    certificate: bytes  # DER of the signer's certificate

    @property
    def to_sign(self) -> bytes:
        """The SHA-256 digest the signer signs (RSA PKCS#1 v1.5 or ECDSA)."""
        return hashlib.sha256(self.signed_attrs).digest()

    def to_json(self) -> dict[str, Any]:
        return {"pdf": _b64(self.pdf), "document_digest": _b64(self.document_digest),
                "reserved_start": self.reserved_start, "reserved_end": self.reserved_end,
                "signed_attrs": _b64(self.signed_attrs), "certificate": _b64(self.certificate)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "PreparedPdf":
        return cls(pdf=base64.b64decode(data["pdf"]), document_digest=base64.b64decode(data["document_digest"]),
                   reserved_start=int(data["reserved_start"]), reserved_end=int(data["reserved_end"]),
                   signed_attrs=base64.b64decode(data["signed_attrs"]),
                   certificate=base64.b64decode(data["certificate"]))


def pdf_prepare(pdf: bytes, *, certificate: x509.Certificate, field_name: str, reason: str, location: str,
                appearance: Appearance) -> PreparedPdf:
    """Step one: the PDF with the field laid out and the attributes to sign."""
    return _run(_prepare(pdf, certificate=certificate, field_name=field_name, reason=reason, location=location,
                         appearance=appearance))


def pdf_finish(prepared: PreparedPdf, signature: bytes) -> bytes:
    """Step two: the CMS around `signature` written into the prepared PDF (not yet checked)."""
    return _run(_finish(prepared, signature))


# --- internals -------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _run(work: Any) -> Any:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work)
    with ThreadPoolExecutor(max_workers=1) as pool:  # inside a running loop (tests, async servers)
        return pool.submit(asyncio.run, work).result()


def _external(certificate_der: bytes, signature: bytes) -> Any:
    from asn1crypto import algos
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    cert = asn1_x509.Certificate.load(certificate_der)
    public = x509.load_der_x509_certificate(certificate_der).public_key()
    mechanism = "sha256_rsa" if isinstance(public, rsa.RSAPublicKey) else "sha256_ecdsa"
    return signers.ExternalSigner(signing_cert=cert, cert_registry=SimpleCertificateStore.from_certs([cert]),
                                  signature_value=signature,
                                  signature_mechanism=algos.SignedDigestAlgorithm({"algorithm": mechanism}))


async def _prepare(pdf: bytes, *, certificate: x509.Certificate, field_name: str, reason: str, location: str,
                   appearance: Appearance) -> PreparedPdf:
    from PIL import Image
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import StaticStampStyle

    der = certificate.public_bytes(serialization.Encoding.DER)
    external = _external(der, bytes(512))
    meta = signers.PdfSignatureMetadata(field_name=field_name, reason=reason, location=location or None,
                                        md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES)
    style = StaticStampStyle(border_width=0, background_opacity=1.0,
                             background=PdfImage(Image.open(io.BytesIO(appearance.png))))
    spec = fields.SigFieldSpec(sig_field_name=field_name, on_page=appearance.page, box=appearance.box)
    pdf_signer = signers.PdfSigner(meta, signer=external, stamp_style=style, new_field_spec=spec)
    digest, _, output = await pdf_signer.async_digest_doc_for_signing(
        IncrementalPdfFileWriter(io.BytesIO(pdf)), bytes_reserved=RESERVED)
    signed_attrs = await external.signed_attrs(digest.document_digest, "sha256", use_pades=True)
    output.seek(0)
    return PreparedPdf(pdf=output.read(), document_digest=digest.document_digest,
                       reserved_start=digest.reserved_region_start, reserved_end=digest.reserved_region_end,
                       signed_attrs=signed_attrs.dump(), certificate=der)


async def _finish(prepared: PreparedPdf, signature: bytes) -> bytes:
    from asn1crypto import cms
    from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
    from pyhanko.sign.signers.pdf_signer import PdfTBSDocument

    external = _external(prepared.certificate, signature)
    content = await external.async_sign_prescribed_attributes(
        "sha256", signed_attrs=cms.CMSAttributes.load(prepared.signed_attrs))
    output = io.BytesIO(prepared.pdf)
    digest = PreparedByteRangeDigest(document_digest=prepared.document_digest,
                                     reserved_region_start=prepared.reserved_start,
                                     reserved_region_end=prepared.reserved_end)
    await PdfTBSDocument.async_finish_signing(output, digest, content)
    return output.getvalue()
