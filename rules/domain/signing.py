"""Which signer a province uses for which signature: a rule value, dated and cited like any
other. Where each service is and the client credentials hoso signs in with stay settings of
the deployment (`HOSO_SIGNING[<province code>]`, from the environment), never rules: the rules
say *which* kind of signer, the settings say *where* it is.

The legal footing of each kind is part of its label, so the rules page reads it in words:
official-duty signatures (chữ ký số chuyên dùng công vụ) are issued by the Government Cipher
Committee under Nghị định 68/2024/NĐ-CP; public signatures, remote signing included, are
governed by the Luật Giao dịch điện tử 2023 and Nghị định 23/2025/NĐ-CP. (Articles are not
quoted here: the rule version a DoHA admin records carries the article it relies on.)
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from rules.domain.types import JSON

SignerKind = Literal["software", "csc", "smartca", "official_usb", "official_mpki", "pkcs11"]
Purpose = Literal["unit_approval", "province_approval", "resume", "report", "seal"]

SOFTWARE, CSC, SMARTCA, OFFICIAL_USB, OFFICIAL_MPKI, PKCS11 = (
    "software", "csc", "smartca", "official_usb", "official_mpki", "pkcs11")

KIND_LABELS: dict[str, str] = {
    SOFTWARE: "khóa ký thử nghiệm trên máy chủ (chỉ để phát triển, trình diễn; không có giá trị pháp lý)",
    CSC: "ký số từ xa qua dịch vụ theo chuẩn CSC (chữ ký số công cộng; Luật Giao dịch điện tử 2023, "
         "Nghị định 23/2025/NĐ-CP)",
    SMARTCA: "ký số từ xa VNPT SmartCA (chữ ký số công cộng; Luật Giao dịch điện tử 2023, Nghị định 23/2025/NĐ-CP)",
    OFFICIAL_USB: "chữ ký số chuyên dùng công vụ trên thiết bị USB, ký trên trình duyệt qua phần mềm ký số "
                  "của Ban Cơ yếu Chính phủ (Nghị định 68/2024/NĐ-CP)",
    OFFICIAL_MPKI: "chữ ký số chuyên dùng công vụ ký từ xa (mPKI của Ban Cơ yếu Chính phủ; Nghị định 68/2024/NĐ-CP)",
    PKCS11: "con dấu số của cơ quan trong thiết bị HSM (PKCS#11)",
}
PURPOSE_LABELS: dict[str, str] = {
    "unit_approval": "Cơ quan, đơn vị phê duyệt dữ liệu hằng tháng",
    "province_approval": "Sở Nội vụ phê duyệt dữ liệu của tỉnh",
    "resume": "Người có thẩm quyền xác nhận sơ yếu lý lịch",
    "report": "Ký báo cáo định kỳ",
    "seal": "Con dấu số của cơ quan trên sơ yếu lý lịch",
}
# A person signs with their own certificate; an agency's seal is the agency's key, which no
# person carries in a browser or a phone.
PERSON_KINDS = (SOFTWARE, CSC, SMARTCA, OFFICIAL_USB, OFFICIAL_MPKI)
SEAL_KINDS = (SOFTWARE, CSC, PKCS11)
# Signers that sign in the person's browser: the server cannot reach them.
BROWSER_KINDS = (OFFICIAL_USB,)


def allowed_kinds(purpose: str) -> tuple[str, ...]:
    return SEAL_KINDS if purpose == "seal" else PERSON_KINDS


@dataclass(frozen=True)
class SignerChoice:
    """The kind of signer for each signature; a purpose left out keeps the platform's default
    (the server's development keys)."""

    kinds: Any  # Mapping[Purpose, SignerKind], frozen

    def __post_init__(self) -> None:
        if isinstance(self.kinds, dict | MappingProxyType):
            known = [p for p in PURPOSE_LABELS if p in self.kinds] + [p for p in self.kinds if p not in PURPOSE_LABELS]
            object.__setattr__(self, "kinds", MappingProxyType({p: self.kinds[p] for p in known}))

    def kind_for(self, purpose: str) -> str | None:
        return self.kinds.get(purpose)

    def errors(self) -> dict[str, str]:
        if not isinstance(self.kinds, MappingProxyType) or not self.kinds:
            return {"kinds": "Cần chọn cách ký cho ít nhất một loại chữ ký."}
        errors: dict[str, str] = {}
        for purpose, kind in self.kinds.items():
            if purpose not in PURPOSE_LABELS:
                errors[str(purpose)] = "Không có loại chữ ký này."
            elif kind not in allowed_kinds(purpose):
                allowed = "; ".join(KIND_LABELS[k] for k in allowed_kinds(purpose))
                errors[purpose] = f"{PURPOSE_LABELS[purpose]} chỉ ký được bằng: {allowed}."
        return errors

    def describe(self) -> str:
        """In words: "Cơ quan, đơn vị phê duyệt dữ liệu hằng tháng: chữ ký số chuyên dùng công vụ…"."""
        return "; ".join(f"{PURPOSE_LABELS.get(p, p)}: {KIND_LABELS.get(k, k)}" for p, k in self.kinds.items())

    def to_dict(self) -> JSON:
        return dict(self.kinds)

    @classmethod
    def from_dict(cls, data: object) -> SignerChoice:
        if not isinstance(data, dict):
            raise ValueError("Dữ liệu phải là một đối tượng JSON.")
        return cls(dict(data))
