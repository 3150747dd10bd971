"""Which dossier values a change may leave without a proving document (văn bản, tài liệu minh
chứng): a rule value, dated and cited like every other, so a province can ask for proof of a
new address or spare it for a new blood type.

The rules know no people: they hold only the names of the dossier's fields a province may
exempt and how to say them in Vietnamese. Every other change (identity, ranks, salary, rows such
as degrees or work history) always needs its document.
"""

from __future__ import annotations

from dataclasses import dataclass

from rules.domain.types import JSON, read_fields

# The dossier's fields a change may be spared proof for, as the page and the rules name them.
PROOF_EXEMPTABLE = {
    "phone": "điện thoại",
    "email": "thư điện tử",
    "current_address": "nơi ở hiện nay",
    "permanent_address": "nơi thường trú",
    "photo": "ảnh 3×4",
    "health_status": "tình trạng sức khỏe",
    "height_cm": "chiều cao",
    "weight_kg": "cân nặng",
    "blood_type": "nhóm máu",
}
# Contact details prove themselves (hoso's default; no text names them).
CONTACT_DETAILS = ("phone", "email", "current_address", "permanent_address", "photo")


@dataclass(frozen=True)
class ProofExempt:
    fields: tuple[str, ...]

    def __post_init__(self) -> None:
        if isinstance(self.fields, list):
            object.__setattr__(self, "fields", tuple(self.fields))

    def errors(self) -> dict[str, str]:
        if not isinstance(self.fields, tuple) or not all(name in PROOF_EXEMPTABLE for name in self.fields):
            return {"fields": "Chỉ chọn trong các thông tin được phép miễn văn bản minh chứng."}
        if len(set(self.fields)) != len(self.fields):
            return {"fields": "Mỗi thông tin chỉ chọn một lần."}
        return {}

    def describe(self) -> str:
        if not self.fields:
            return "Mọi thay đổi đều cần văn bản, tài liệu minh chứng"
        names = ", ".join(PROOF_EXEMPTABLE.get(name, name) for name in self.fields)
        return f"Không cần văn bản minh chứng khi chỉ thay đổi: {names}"

    def to_dict(self) -> JSON:
        return {"fields": list(self.fields)}

    @classmethod
    def from_dict(cls, data: object) -> ProofExempt:
        fields = read_fields(data, ("fields",))["fields"]
        if not isinstance(fields, list):
            raise ValueError("Danh sách thông tin phải là một mảng JSON.")
        return cls(tuple(fields))
