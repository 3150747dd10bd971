"""A person's résumé (sơ yếu lý lịch) as a PDF, and that PDF signed with PAdES: first by the
person with authority (the approver), then by the agency (its seal), each an incremental
revision, so the agency's signature covers the approver's and both stay checkable.

The PDF is written with fpdf2 and the DejaVu font (Vietnamese glyphs), as core.reports does;
signing and checking are pyHanko's. The signatures are invisible: the page itself says who
signs, the signature dictionaries carry the certificates.
"""

import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from django.db import models

from core.approvals.signing import Signer, SoftwareSigner
from core.base.errors import ApplicationError
from core.dossier_values import DOSSIER, IDENTITY, editable_fields, group_label
from core.reports.documents import _fonts

TITLE = "SƠ YẾU LÝ LỊCH"
APPROVER_FIELD = "KySo_NguoiCoThamQuyen"
AGENCY_FIELD = "KySo_CoQuan"
SIGNER_UNSUPPORTED = "Chữ ký số này chưa ký được tệp PDF trên máy chủ (chỉ hỗ trợ khóa lưu trên máy chủ)."
SKIPPED = {"id", "photo"}


@dataclass(frozen=True)
class ResumeHeader:
    """What the page says besides the dossier: the province, the person's unit, who signs."""

    province: str
    org_unit: str
    approver: str
    agency: str
    made_at: datetime


def resume_pdf_render(content: dict[str, Any], header: ResumeHeader) -> bytes:
    """The dossier's content (as `dossier_snapshot` gives it) as an A4 PDF, labels in Vietnamese."""
    from fpdf import FPDF

    regular, bold = _fonts()
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_creator("hoso")
    pdf.set_title(f"Sơ yếu lý lịch – {content[IDENTITY].get('full_name', '')}")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", "", regular)
    pdf.add_font("DejaVu", "B", bold)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(0, 6, header.province.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 6, header.org_unit, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 8, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    _section(pdf, group_label(IDENTITY), _facts(IDENTITY, content[IDENTITY], org_unit=header.org_unit))
    _section(pdf, group_label(DOSSIER), _facts(DOSSIER, content[DOSSIER]))
    for group, rows in content["rows"].items():
        if not rows:
            continue
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(0, 7, group_label(group), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)
        for number, row in enumerate(rows, start=1):
            text = "; ".join(f"{label}: {value}" for label, value in _facts(group, row))
            pdf.multi_cell(0, 5, f"{number}. {text}", new_x="LMARGIN", new_y="NEXT")

    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(0, 6, "XÁC NHẬN BẰNG CHỮ KÝ SỐ", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 6, f"Phiên bản hồ sơ: {content.get('version', '')}; lập lúc "
                         f"{header.made_at:%H:%M ngày %d/%m/%Y}.", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, f"Người có thẩm quyền: {header.approver} (ký số).", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, f"Cơ quan: {header.agency} (ký số).", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def pdf_sign(pdf: bytes, *, signer: Signer, field_name: str, reason: str, location: str = "",
             chain: list[x509.Certificate] | None = None) -> bytes:
    """`pdf` with one more PAdES signature (an incremental revision), in a new invisible field."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(
        field_name=field_name, reason=reason, location=location or None, md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    out = signers.sign_pdf(writer, meta, signer=_pyhanko_signer(signer, chain or []))
    return out.getvalue()


def certificate_name(signer: Signer) -> str:
    certificate = getattr(signer, "certificate", None)
    if not isinstance(certificate, x509.Certificate):
        return ""
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else certificate.subject.rfc4514_string()


# --- internals -------------------------------------------------------------------------------


def _pyhanko_signer(signer: Signer, chain: list[x509.Certificate]) -> Any:
    from asn1crypto import keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    if not isinstance(signer, SoftwareSigner):
        raise ApplicationError(SIGNER_UNSUPPORTED, code="signer_unsupported")
    key_der = signer.key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption())
    der = serialization.Encoding.DER
    return signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(signer.certificate.public_bytes(der)),
        signing_key=keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(c.public_bytes(der)) for c in chain]),
    )


def _section(pdf: Any, title: str, facts: list[tuple[str, str]]) -> None:
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    for label, value in facts:
        pdf.multi_cell(0, 6, f"{label}: {value}", new_x="LMARGIN", new_y="NEXT")


def _facts(group: str, values: dict[str, Any], org_unit: str = "") -> list[tuple[str, str]]:
    """(label, shown value) of each filled field, in the model's order; choices as their labels."""
    fields = editable_fields(group)
    facts: list[tuple[str, str]] = []
    if group == IDENTITY:
        facts.append(("Số định danh cá nhân", str(values.get("national_id", ""))))
        if org_unit:
            facts.append(("Cơ quan, đơn vị", org_unit))
    for name, field in fields.items():
        if name in SKIPPED or name not in values:
            continue
        shown = _shown(field, values[name])
        if shown:
            facts.append((str(field.verbose_name).capitalize(), shown))
    return facts


def _shown(field: models.Field, value: Any) -> str:
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)

