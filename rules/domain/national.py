"""The national baseline as dated versions, and where a later national text prevails over a
province's regulation.

Version 1 is Thông tư 06/2023/TT-BNV (as far as the seeds quote it) with the career laws.
Version 2 adds Nghị định 27/2026/NĐ-CP on the national database of cán bộ, công chức, viên
chức (issued 19/01/2026, in force 01/07/2026), which postdates all five provinces' texts and
prevails where it is stricter. Its values are taken from the published summaries
(shared/domain/career-law.md section 6): the summaries do not quote the article numbers except
Article 5 (the data groups), and two of them differ on which sync count applies to which data,
so each citation says so until an admin checks the text and records a new version.
Between them (from 01/01/2026), Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 and its decree
356/2025/NĐ-CP: the time to answer a data subject (2 working days) and to notify a breach to the
authority (72 hours), from the published summaries (shared/domain/career-law.md, marked
unverified there), likewise cited as not yet checked against the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rules.domain.registry import RuleKey
from rules.domain.ruleset import EffectiveRuleSet, RuleSet, RuleValue
from rules.domain.types import JSON, Citation, DayCount

ND27_DOCUMENT = "Nghị định 27/2026/NĐ-CP"
ND27_TITLE = "Nghị định quy định về Cơ sở dữ liệu quốc gia về cán bộ, công chức, viên chức"
ND27_SIGNED = date(2026, 1, 19)
ND27_EFFECTIVE = date(2026, 7, 1)
# The summaries name no article for these duties: say so rather than invent one.
_UNCHECKED = "điều, khoản chưa đối chiếu văn bản gốc"

DATA_GROUPS = (
    "Thông tin định danh và nguồn gốc",
    "Thông tin về gia đình",
    "Lịch sử bản thân",
    "Tuyển dụng, bổ nhiệm, quy hoạch, điều động, luân chuyển, giáng chức, thôi việc",
    "Giáo dục, đào tạo, bồi dưỡng",
    "Cơ quan, vị trí việc làm, chức danh, lương và phụ cấp, đánh giá, khen thưởng, kỷ luật",
    "Tổ chức chính trị, chính trị - xã hội",
    "Lực lượng vũ trang",
)


PDP_DOCUMENT = "Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15; Nghị định 356/2025/NĐ-CP"
PDP_EFFECTIVE = date(2026, 1, 1)


def pdp_rules() -> RuleSet:
    """What the personal data protection law and its decree add from 01/01/2026."""
    return RuleSet({
        RuleKey.PRIVACY_REQUEST_ANSWER: RuleValue(
            DayCount(2, "working"),
            Citation(PDP_DOCUMENT, f"Trả lời yêu cầu của chủ thể dữ liệu trong 02 ngày làm việc ({_UNCHECKED})",
                     PDP_EFFECTIVE),
        ),
        RuleKey.PRIVACY_BREACH_NOTICE_HOURS: RuleValue(
            72,
            Citation(PDP_DOCUMENT, f"Thông báo vi phạm dữ liệu cá nhân cho cơ quan chuyên trách trong 72 giờ ({_UNCHECKED})",
                     PDP_EFFECTIVE),
        ),
    })


def _cite(article: str) -> Citation:
    return Citation(ND27_DOCUMENT, article, ND27_EFFECTIVE)


def nd27_rules() -> RuleSet:
    """What Nghị định 27/2026/NĐ-CP adds to the national baseline from 01/07/2026."""
    return RuleSet({
        RuleKey.NATIONAL_SYNC_AFTER_ACTION: RuleValue(
            DayCount(1, "calendar"),
            _cite(f"Đồng bộ dữ liệu do hệ thống quản lý tạo ra chậm nhất 01 ngày sau khi hoàn thành nghiệp vụ ({_UNCHECKED})"),
        ),
        RuleKey.NATIONAL_SYNC_FROM_OTHER_AGENCY: RuleValue(
            DayCount(3, "working"),
            _cite(f"Đồng bộ dữ liệu do cơ quan khác tạo ra trong 03 ngày làm việc ({_UNCHECKED})"),
        ),
        RuleKey.DOSSIER_OPEN_CONSENT: RuleValue(
            True, _cite(f"Khai thác hồ sơ điện tử cần sự đồng ý của cá nhân, trừ công tác cán bộ ({_UNCHECKED})"),
        ),
        RuleKey.NATIONAL_ID_LOGIN: RuleValue(
            True, _cite(f"Số định danh cá nhân là mã định danh hồ sơ điện tử ({_UNCHECKED})"),
        ),
        RuleKey.NATIONAL_DATA_GROUPS: RuleValue("; ".join(DATA_GROUPS), _cite("Điều 5")),
    })


@dataclass(frozen=True)
class BaselineVersion:
    """One version of the national baseline: in force from `effective` (None: from the start)."""

    effective: date | None
    document: str
    rules: RuleSet


def baseline_versions(tt06: RuleSet) -> tuple[BaselineVersion, ...]:
    """The baseline's versions, oldest first; each holds every value in force from its date."""
    return (
        BaselineVersion(None, "Thông tư 06/2023/TT-BNV", tt06),
        BaselineVersion(PDP_EFFECTIVE, PDP_DOCUMENT, RuleSet({**tt06.entries, **pdp_rules().entries})),
        BaselineVersion(ND27_EFFECTIVE, ND27_DOCUMENT,
                        RuleSet({**tt06.entries, **pdp_rules().entries, **nd27_rules().entries})),
    )


def baseline_version_on(tt06: RuleSet, as_of: date | None) -> BaselineVersion:
    """The version in force on `as_of` (None: the latest)."""
    versions = baseline_versions(tt06)
    if as_of is None:
        return versions[-1]
    return [v for v in versions if v.effective is None or v.effective <= as_of][-1]


@dataclass(frozen=True)
class NationalOverride:
    """A province's rule that a later national text overrides, at least in part."""

    key: RuleKey
    province_citation: Citation | None
    national_key: RuleKey
    national_citation: Citation | None
    explanation: str

    def to_dict(self) -> JSON:
        return {
            "key": str(self.key),
            "province_citation": self.province_citation.to_dict() if self.province_citation else None,
            "national_key": str(self.national_key),
            "national_citation": self.national_citation.to_dict() if self.national_citation else None,
            "explanation": self.explanation,
        }


# Where Nghị định 27/2026 is stricter than what the provinces wrote: (the province's rule, the
# decree's rule, what changes). The monthly approval stays for self-declared changes.
_ND27_PREVAILS: tuple[tuple[RuleKey, RuleKey, str], ...] = (
    (RuleKey.WINDOW_PROVINCE, RuleKey.NATIONAL_SYNC_AFTER_ACTION,
     "Dữ liệu do nghiệp vụ nhân sự tạo ra (điều động, nghỉ hưu, thôi việc…) được đồng bộ chậm nhất 01 ngày sau khi "
     "hoàn thành, không chờ kỳ phê duyệt hằng tháng; kỳ phê duyệt hằng tháng vẫn áp dụng cho thông tin cá nhân tự kê khai."),
    (RuleKey.DOHA_SIGNS_BEFORE_SYNC, RuleKey.NATIONAL_SYNC_AFTER_ACTION,
     "Gói đồng bộ của nghiệp vụ nhân sự được lập ngay trong ngày hoàn thành, căn cứ là quyết định của nghiệp vụ đó."),
    (RuleKey.UNITS_PUSH_TO_NATIONAL_DB, RuleKey.NATIONAL_SYNC_AFTER_ACTION,
     "Đồng bộ không chờ hết tháng: chậm nhất 01 ngày sau khi hoàn thành nghiệp vụ."),
    (RuleKey.OWN_DATA_ONLY_WITHOUT_CONSENT, RuleKey.DOSSIER_OPEN_CONSENT,
     "Mở hồ sơ điện tử của một người cần sự đồng ý của chính người đó, trừ công tác cán bộ trong thẩm quyền."),
)


def national_overrides(rules: EffectiveRuleSet) -> list[NationalOverride]:
    """The province's own values (source "province") that the national rules in `rules`
    override; none before the decree is in force (its rules are then absent)."""
    found = []
    for key, national_key, explanation in _ND27_PREVAILS:
        own, national = rules[key], rules[national_key]
        if own.source == "province" and national.value is not None:
            found.append(NationalOverride(key, own.citation, national_key, national.citation, explanation))
    return found
