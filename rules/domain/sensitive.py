"""Who may see each group of sensitive personal data (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15,
Nghị định 356/2025/NĐ-CP): a rule value naming, per group, the roles that see its values.
Every other reader sees that the field exists but not its value; the person always sees their
own. Role codes are plain strings here (the rules know no people); core.models.Role names them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rules.domain.types import JSON, Citation, read_fields

# The groups, in the order pages list them, with their Vietnamese names.
SENSITIVE_GROUPS: dict[str, str] = {
    "ethnicity": "Dân tộc",
    "religion": "Tôn giáo",
    "health": "Sức khỏe",
    "party": "Đảng viên (ngày vào Đảng, ngày chính thức, chức vụ Đảng)",
    "family": "Quan hệ gia đình",
    "id_documents": "Bản số hóa giấy tờ (căn cước, tài liệu kèm đề nghị)",
}
ROLE_LABELS = {
    "doha_admin": "Quản trị Sở Nội vụ",
    "agency_admin": "Quản trị cơ quan, địa phương",
    "subunit_admin": "Quản trị đơn vị trực thuộc",
    "unit_officer": "Người được giao quản lý, khai thác",
    "approver": "Thủ trưởng, người được ủy quyền phê duyệt",
    "unit_reader": "Xem toàn đơn vị (cấp phó, trưởng bộ phận tổ chức cán bộ)",
}
ROLE_CODES = tuple(ROLE_LABELS)

LAW_91 = "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15"
DECREE_356 = "Nghị định 356/2025/NĐ-CP"
LAW_91_EFFECTIVE = date(2026, 1, 1)


@dataclass(frozen=True)
class SensitiveVisibility:
    """`roles[group]`: the roles that see the values of that group; a group not named is
    seen by no role (only by the person)."""

    roles: dict[str, tuple[str, ...]]

    def __post_init__(self) -> None:
        if isinstance(self.roles, dict):
            object.__setattr__(self, "roles", {group: tuple(roles) for group, roles in self.roles.items()})

    def errors(self) -> dict[str, str]:
        if not isinstance(self.roles, dict):
            return {"roles": "Phải là danh sách vai trò theo từng nhóm dữ liệu."}
        errors = {}
        for group, roles in self.roles.items():
            if group not in SENSITIVE_GROUPS:
                errors[f"roles.{group}"] = ("Nhóm dữ liệu nhạy cảm không có; các nhóm: "
                                            + ", ".join(SENSITIVE_GROUPS) + ".")
            elif not all(isinstance(r, str) and r in ROLE_CODES for r in roles) or len(set(roles)) != len(roles):
                errors[f"roles.{group}"] = "Vai trò phải là một trong: " + ", ".join(ROLE_CODES) + ", không trùng lặp."
        return errors

    def sees(self, group: str, role: str) -> bool:
        return role in self.roles.get(group, ())

    def describe(self) -> str:
        return "; ".join(
            f"{SENSITIVE_GROUPS.get(group, group)}: {', '.join(ROLE_LABELS.get(r, r) for r in roles) or 'chỉ bản thân'}"
            for group, roles in self.roles.items())

    def to_dict(self) -> JSON:
        return {"roles": {group: list(roles) for group, roles in self.roles.items()}}

    @classmethod
    def from_dict(cls, data: object) -> SensitiveVisibility:
        roles = read_fields(data, ("roles",))["roles"]
        if not isinstance(roles, dict) or not all(isinstance(v, list) for v in roles.values()):
            raise ValueError("“roles” phải là một đối tượng: nhóm dữ liệu → danh sách vai trò.")
        return cls({str(group): tuple(value) for group, value in roles.items()})

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.roles.items())))


# The national default: the DoHA, the agency's and sub-unit's administrators and the officers
# who keep dossiers see every group (they record and check it); the approver sees the
# ethnicity and Party data the résumé and the monthly approval need, not health, religion,
# family or scanned papers. The read-only unit role (Bình Thuận Art. 8.3-8.4: the head's
# deputies and the HR head "khai thác toàn bộ thông tin") sees what the head sees and no more:
# the text lists them beside the head, and the later law (Luật 91/2025, stricter, prevails)
# opens sensitive data only to those whose task is to process it, which reading is not.
_MANAGERS = ("doha_admin", "agency_admin", "subunit_admin", "unit_officer")
_HEADS = ("approver", "unit_reader")
NATIONAL_VISIBILITY = SensitiveVisibility({
    "ethnicity": (*_MANAGERS, *_HEADS),
    "religion": _MANAGERS,
    "health": _MANAGERS,
    "party": (*_MANAGERS, *_HEADS),
    "family": _MANAGERS,
    "id_documents": _MANAGERS,
})
NATIONAL_CITATION = Citation(
    f"{LAW_91}; {DECREE_356}",
    "Dữ liệu cá nhân nhạy cảm: dân tộc, tôn giáo, sức khỏe, quan điểm chính trị, ảnh giấy tờ tùy thân; "
    "chỉ người có nhiệm vụ được xử lý (điều, khoản chưa đối chiếu văn bản gốc)",
    LAW_91_EFFECTIVE,
)
