"""The national baseline and the five provinces' rules, as the matrix reads their texts.

Source: `shared/domain/province-rules.md` (the spec) and the texts in `shared/seeds/`. A
dash in the matrix leaves the key out, so the baseline applies. A row the text addresses
without a number (Sơn La "promptly, in real time", Lào Cai "review per Art. 7.2", Bình
Thuận "no day count") keeps its citation with the value None: the article stays visible,
and the baseline still fills the value. Nothing here is invented: where the baseline's
text is not quoted in the seeds, the baseline sets nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from rules.domain.career import (
    AppointmentTerm,
    DisciplineBars,
    EarlyRaise,
    EvaluationScoring,
    OverFrame,
    RetirementAgeYear,
    RetirementNotice,
    RetirementRoadmap,
    SalaryRaise,
)
from rules.domain.national import baseline_version_on
from rules.domain.proof import CONTACT_DETAILS, ProofExempt
from rules.domain.registry import RuleKey
from rules.domain.ruleset import RuleSet, RuleValue
from rules.domain.score import ScoreMethod
from rules.domain.sensitive import NATIONAL_CITATION, NATIONAL_VISIBILITY
from rules.domain.types import (
    JSON,
    ApprovalWindow,
    BackupDuty,
    Citation,
    DayCount,
    Recipient,
    Reporter,
    ReportObligation,
    ReportPeriod,
)

DocumentStatus = Literal["draft", "in_force"]


@dataclass(frozen=True)
class PresetDocument:
    """The document a preset encodes. `cite_as` is how citations name it."""

    code: str
    province: str
    number: str
    title: str
    status: DocumentStatus
    cite_as: str
    signed: date | None = None
    effective: date | None = None
    replaces: str | None = None
    note: str | None = None
    # A value read with a doubt, stated on the rules page until an admin confirms it against the
    # original (rules.services.document_date_confirm).
    doubt: str | None = None

    def cite(self, article: str) -> Citation:
        return Citation(self.cite_as, article, self.effective)

    def to_dict(self) -> JSON:
        return {
            "code": self.code,
            "province": self.province,
            "number": self.number,
            "title": self.title,
            "status": self.status,
            "cite_as": self.cite_as,
            "signed": self.signed.isoformat() if self.signed else None,
            "effective": self.effective.isoformat() if self.effective else None,
            "replaces": self.replaces,
            "note": self.note,
            "doubt": self.doubt,
        }


BASELINE = PresetDocument(
    code="baseline",
    province="Toàn quốc",
    number="Thông tư 06/2023/TT-BNV",
    title="Quy chế cập nhật, sử dụng, khai thác dữ liệu, thông tin của Cơ sở dữ liệu quốc gia về cán bộ, công chức, viên chức trong các cơ quan nhà nước",
    status="in_force",
    cite_as="Thông tư 06/2023/TT-BNV",
    signed=date(2023, 5, 4),
    # The seeds quote its date of issue (04/5/2023) but not its date of effect.
    effective=None,
)

LAI_CHAU = PresetDocument(
    code="lai-chau",
    province="Lai Châu",
    number="Tờ trình …/TTr-SNV (chưa ghi số)",
    title="Tờ trình của Sở Nội vụ đề nghị ban hành Quy chế quản lý, cập nhật, sử dụng, khai thác, phê duyệt dữ liệu, thông tin của cơ sở dữ liệu cán bộ, công chức, viên chức và người lao động (dự thảo: 3 chương, 20 điều)",
    status="draft",
    cite_as="Tờ trình của Sở Nội vụ tỉnh Lai Châu (dự thảo Quy chế)",
)

TUYEN_QUANG = PresetDocument(
    code="tuyen-quang",
    province="Tuyên Quang",
    number="Dự thảo Quyết định …/2023/QĐ-UBND",
    title="Quy chế quản lý, sử dụng, khai thác cơ sở dữ liệu cán bộ, công chức, viên chức, người lao động tỉnh Tuyên Quang; cập nhật, đồng bộ cơ sở dữ liệu quốc gia về cán bộ, công chức, viên chức (11 điều)",
    status="draft",
    cite_as="Dự thảo Quyết định …/2023/QĐ-UBND tỉnh Tuyên Quang",
    replaces="Quyết định 16/2020/QĐ-UBND",
)

LAO_CAI = PresetDocument(
    code="lao-cai",
    province="Lào Cai",
    number="Quyết định 06/2024/QĐ-UBND",
    title="Quy chế quản lý, cập nhật, sử dụng, khai thác, phê duyệt dữ liệu, thông tin của Phần mềm quản lý Cơ sở dữ liệu cán bộ, công chức, viên chức, người lao động tỉnh Lào Cai (18 điều)",
    status="in_force",
    cite_as="Quyết định 06/2024/QĐ-UBND tỉnh Lào Cai",
    # The OCR reads "ngày 20 tháng (% năm 2024": day 20 is legible; the month is read as
    # 02, the month of signing in the header ("tháng 02 năm 2024"). Check the original.
    effective=date(2024, 2, 20),
    replaces="Quyết định 57/2011/QĐ-UBND",
    note="Văn bản OCR không dấu; ngày ký và tháng hiệu lực đọc không rõ.",
    doubt=(
        "Ngày có hiệu lực 20/02/2024 được đọc từ bản OCR của Điều 2 Quyết định (“ngày 20 tháng (% năm 2024”); "
        "dòng dưới tên Quy chế lại ghi “tháng 03 năm 2024”. Cần đối chiếu bản gốc."
    ),
)

SON_LA = PresetDocument(
    code="son-la",
    province="Sơn La",
    number="Dự thảo Quyết định …/2026/QĐ-UBND",
    title="Quy chế cập nhật, khai thác và quản lý cơ sở dữ liệu cán bộ, công chức, viên chức, người lao động tỉnh Sơn La (17 điều)",
    status="draft",
    cite_as="Dự thảo Quyết định …/2026/QĐ-UBND tỉnh Sơn La",
    note="Có hiệu lực kể từ ngày ký (Điều 2 Quyết định).",
)

BINH_THUAN = PresetDocument(
    code="binh-thuan",
    province="Bình Thuận",
    number="Quyết định 18/2024/QĐ-UBND",
    title="Quy chế quản lý, cập nhật, sử dụng, khai thác, phê duyệt dữ liệu, thông tin của Cơ sở dữ liệu cán bộ, công chức, viên chức, người lao động tỉnh Bình Thuận (19 điều)",
    status="in_force",
    cite_as="Quyết định 18/2024/QĐ-UBND tỉnh Bình Thuận",
    signed=date(2024, 5, 31),
    effective=date(2024, 6, 20),
)

PRESET_DOCUMENTS: dict[str, PresetDocument] = {
    document.code: document for document in (LAI_CHAU, TUYEN_QUANG, LAO_CAI, SON_LA, BINH_THUAN)
}
PRESET_CODES: tuple[str, ...] = tuple(PRESET_DOCUMENTS)

# Report contents as the texts word them (Lào Cai Art. 16.8, Bình Thuận Art. 16.5, Sơn La
# Art. 13.5 list them; the other reports name only their subject).
_TOTALS = (
    "Tổng số cán bộ, công chức, viên chức, người lao động hiện có chia theo ngạch công chức",
    "Tổng số chia theo chức danh nghề nghiệp viên chức",
    "Tổng số chia theo vị trí việc làm",
)
_TT06_PROBLEMS = "Vướng mắc phát sinh trong quá trình thực hiện Quy chế ban hành kèm theo Thông tư 06/2023/TT-BNV"
_STATE_OF_DB = "Tình hình quản lý cơ sở dữ liệu cán bộ, công chức, viên chức năm trước liền kề"
_UNIT_RESULTS = "Kết quả quản lý, sử dụng, cập nhật, phê duyệt, đồng bộ dữ liệu, thông tin"
_DEDICATED_MEDIA = "Phương tiện lưu trữ chuyên dụng"
_TTTT = "Sở Thông tin và Truyền thông"
_HALF_YEAR_DUES = ((5, 31), (11, 30))


def _wd(n: int) -> DayCount:
    return DayCount(n, "working")


def _ruleset(document: PresetDocument, values: dict[RuleKey, tuple[object, str]]) -> RuleSet:
    """Each value with the article it comes from, cited in `document`."""
    return RuleSet(
        {key: RuleValue(value, document.cite(article)) for key, (value, article) in values.items()}
    )


def _report(
    document: PresetDocument,
    code: Literal["unit_to_doha", "doha_to_ministry"],
    article: str,
    due: tuple[tuple[int, int], ...],
    contents: tuple[str, ...],
    via: str | None = None,
) -> ReportObligation:
    """Units report to the DoHA, the DoHA to the ministry; two due dates make it half-yearly."""
    reporter: Reporter = "unit" if code == "unit_to_doha" else "doha"
    recipient: Recipient = "doha" if code == "unit_to_doha" else "ministry"
    period: ReportPeriod = "yearly" if len(due) == 1 else "half_yearly"
    return ReportObligation(
        code, reporter, recipient, due, period, contents, document.cite(article), via
    )


def _baseline() -> RuleSet:
    # TT06 Art. 7.1 as Lai Châu 2.3 and Lào Cai Art. 7.1 quote it: within the last 5
    # working days of each month the DoHA approves the province's data by digital signature.
    tt06 = _ruleset(
        BASELINE,
        {
            RuleKey.WINDOW_PROVINCE: (
                ApprovalWindow.last_working_days(5, signature_required=True),
                "Điều 7 khoản 1",
            ),
        },
    )
    sensitive = RuleSet({RuleKey.SENSITIVE_VISIBILITY: RuleValue(NATIONAL_VISIBILITY, NATIONAL_CITATION)})
    return RuleSet({**tt06.entries, **career_baseline().entries, **sensitive.entries, **hoso_defaults().entries})


# No text names the changes that need no proving document: hoso's default spares contact
# details, which prove themselves; a province records its own list as a new version.
HOSO_DEFAULT = "Mặc định của hoso (văn bản của tỉnh chưa quy định)"


def hoso_defaults() -> RuleSet:
    return RuleSet({RuleKey.PROOF_EXEMPT_FIELDS: RuleValue(
        ProofExempt(CONTACT_DETAILS), Citation(HOSO_DEFAULT, "thông tin liên lạc không cần văn bản minh chứng"))})


# Bộ luật Lao động 2019 Art. 169 and Nghị định 135/2020 Phụ lục I (men: +3 months a year to 62
# in 2028) and II (women: +4 months a year to 60 in 2035), ages in months.
_RETIREMENT_YEARS = tuple(
    (year, min(720 + 3 * (year - 2020), 744), min(660 + 4 * (year - 2020), 720)) for year in range(2021, 2036)
)


def career_baseline() -> RuleSet:
    """The career rules the whole country shares (shared/domain/career-law.md), each from its own
    document. Values marked there as unverified are here for a DoHA admin to correct by a new
    version: the beyond-top-step allowance (Thông tư 04/2005), the notice periods (Nghị định
    46/2010, which Nghị định 170/2025 may now carry for công chức) and the term details."""
    return RuleSet({
        RuleKey.RETIREMENT_AGE: RuleValue(
            RetirementRoadmap(720, 660, tuple(RetirementAgeYear(*row) for row in _RETIREMENT_YEARS)),
            Citation("Nghị định 135/2020/NĐ-CP (Bộ luật Lao động 2019, Điều 169)", "Điều 4; Phụ lục I, II",
                     date(2021, 1, 1)),
        ),
        RuleKey.RETIREMENT_NOTICE: RuleValue(
            RetirementNotice(notice_months=6, decision_months=3),
            Citation("Nghị định 46/2010/NĐ-CP", "Điều 2 khoản 1, 2"),
        ),
        RuleKey.SALARY_RAISE: RuleValue(
            SalaryRaise(
                interval_months={"CG": 60, "A": 36, "B": 24, "C": 24},
                discipline_delay_months={"Khiển trách": 3, "Cảnh cáo": 6, "Giáng chức": 12, "Cách chức": 12},
                not_completed_delay_months=6,
            ),
            Citation("Thông tư 08/2013/TT-BNV, sửa đổi bởi Thông tư 03/2021/TT-BNV", "Điều 2 khoản 1, 3",
                     date(2021, 8, 15)),
        ),
        RuleKey.OVER_FRAME: RuleValue(
            OverFrame(after_months={"A": 36, "B": 24, "C": 24}, first_percent=5, yearly_percent=1),
            Citation("Thông tư 04/2005/TT-BNV", "Mục II"),
        ),
        # The quota (15 %, earlier 10 %) and the months by award level are marked unverified in
        # career-law.md: a DoHA admin corrects them by a new version.
        # Công chức from 01/01/2026 (career-law.md §5: bands and method seen in published summaries;
        # the cap relative to "tốt" is from Nghị định 90/2020 as amended by 48/2023).
        RuleKey.EVALUATION_SCORING: RuleValue(
            EvaluationScoring(general_max=30, results_max=70, excellent_from=90, good_from=70, completed_from=50,
                              excellent_cap_percent=20),
            Citation("Nghị định 335/2025/NĐ-CP", "Điều về chấm điểm, xếp loại chất lượng công chức (cần đối chiếu)",
                     date(2026, 1, 1)),
        ),
        RuleKey.EARLY_RAISE: RuleValue(
            EarlyRaise(max_months_short=12, quota_percent=15,
                       months_by_level={"Nhà nước": 12, "Thủ tướng Chính phủ": 12, "Bộ": 9, "Tỉnh": 9, "Cơ sở": 6},
                       retirement_within_months=6),
            Citation("Thông tư 08/2013/TT-BNV, sửa đổi bởi Thông tư 03/2021/TT-BNV", "Điều 3",
                     date(2021, 8, 15)),
        ),
        RuleKey.APPOINTMENT_TERM: RuleValue(
            AppointmentTerm(term_months=60, start_before_days=90, decision_before_working_days=1,
                            extend_to_retirement_within_months=24, max_consecutive_terms=2),
            Citation("Nghị định 138/2020/NĐ-CP", "Điều 41, Điều 50, Điều 51"),
        ),
        RuleKey.DISCIPLINE_BARS: RuleValue(
            DisciplineBars({"Khiển trách": 12, "Cảnh cáo": 12, "Hạ bậc lương": 12, "Giáng chức": 24,
                            "Cách chức": 24}),
            Citation("Luật Cán bộ, công chức 2008, sửa đổi bởi Luật 52/2019/QH14", "Điều 82 khoản 2",
                     date(2020, 7, 1)),
        ),
    })


def _lai_chau() -> RuleSet:
    doc = LAI_CHAU
    return _ruleset(
        doc,
        {
            RuleKey.FIRST_ENTRY: (_wd(5), "Mục 2.2"),
            RuleKey.PERSONAL_UPDATE: (_wd(15), "Mục 2.2"),
            RuleKey.TRANSFER_IN_FROM_OUTSIDE: (_wd(10), "Mục 2.7"),
            # The receiving unit creates the account and syncs within 10 wd of the handover.
            RuleKey.ARRIVAL_FLOW: ("unit_syncs", "Mục 2.7"),
            RuleKey.MOVE_WITHIN_UNIT: (_wd(5), "Mục 2.7"),
            RuleKey.MOVE_TO_OTHER_UNIT: (_wd(5), "Mục 2.7"),
            RuleKey.LEAVE: (_wd(10), "Mục 2.7"),
            RuleKey.WINDOW_UNIT: (ApprovalWindow.last_working_days(5), "Mục 2.3"),
            RuleKey.WINDOW_PROVINCE: (
                ApprovalWindow.last_working_days(5, signature_required=True),
                "Mục 2.3",
            ),
            RuleKey.DOHA_SIGNS_BEFORE_SYNC: (True, "Mục 2.9"),
            RuleKey.BACKUP: (BackupDuty(("doha",), "monthly", 3, _DEDICATED_MEDIA), "Mục 2.8"),
            RuleKey.TECH_AGENCY: (_TTTT, "Mục 2.9"),
            RuleKey.LEGACY_SYSTEM_URL: ("https://qlcblaichau.vnerp.vn", "Mục 2.6"),
            RuleKey.ACCOUNT_TIERS: (
                "Sở Nội vụ (tài khoản quản trị) → cơ quan → đơn vị trực thuộc (chỉ khi Sở Nội vụ đồng ý bằng văn bản) → cá nhân",
                "Mục 2.4",
            ),
            RuleKey.UNIT_DATA_ADMIN: (
                "Mỗi cơ quan, đơn vị cử 01 công chức, viên chức làm đầu mối, quản trị viên cơ sở dữ liệu",
                "Mục 2.1",
            ),
            # "phải thống nhất với Sở Nội vụ bằng văn bản để được cấp bổ sung tài khoản đơn vị".
            RuleKey.SUBUNIT_ACCOUNT_DOHA_AGREEMENT: (True, "Mục 2.4"),
            # One focal admin per unit (2.1), given the unit's account by the head's decision (2.4).
            RuleKey.DATA_ADMIN_BY_HEAD_DECISION: (True, "Mục 2.1; Mục 2.4"),
            RuleKey.OWN_DATA_ONLY_WITHOUT_CONSENT: (True, "Mục 2.1"),
            RuleKey.RESTRICTED_ACCESS: (True, "Mục 2.1"),
        },
    )


def _tuyen_quang() -> RuleSet:
    doc = TUYEN_QUANG
    reports = (
        _report(
            doc,
            "unit_to_doha",
            "Điều 8 khoản 5",
            ((1, 10),),
            (
                "Tình hình quản lý cơ sở dữ liệu cán bộ, công chức, viên chức, người lao động năm trước liền kề",
            ),
        ),
        _report(
            doc,
            "doha_to_ministry",
            "Điều 11 khoản 7",
            ((1, 25),),
            (_STATE_OF_DB,),
            via="Ủy ban nhân dân tỉnh",
        ),
    )
    return _ruleset(
        doc,
        {
            RuleKey.WINDOW_UNIT: (ApprovalWindow.last_calendar_days(5), "Điều 6"),
            RuleKey.REPORTS: (reports, "Điều 8 khoản 5; Điều 11 khoản 7"),
            RuleKey.BACKUP: (
                BackupDuty(("doha", "tech_agency"), "periodic", None, "Thiết bị chuyên dụng"),
                "Điều 9 khoản 3; Điều 11 khoản 9",
            ),
            RuleKey.TECH_AGENCY: (_TTTT, "Điều 9"),
            RuleKey.LEGACY_SYSTEM_URL: ("https://cbccvc.tuyenquang.gov.vn", "Điều 4 khoản 1"),
            RuleKey.ACCOUNT_TIERS: (
                "Sở Nội vụ (tài khoản quản trị) → mỗi cơ quan, tổ chức, đơn vị 01 tài khoản → cá nhân",
                "Điều 5",
            ),
            RuleKey.ONE_ACCOUNT_PER_UNIT: (True, "Điều 5 khoản 2"),
            # "cấp, hạn chế, mở rộng hoặc hủy quyền truy cập … trên cơ sở đề nghị bằng văn bản".
            RuleKey.ACCESS_CHANGE_WRITTEN_REQUEST: (True, "Điều 11 khoản 4"),
            # Updating and syncing count toward the year-end emulation; no weights in the text.
            RuleKey.SCORE_METHOD: (ScoreMethod.equal(), "Điều 8 khoản 2"),
            RuleKey.RESTRICTED_ACCESS: (True, "Điều 11 khoản 8"),
        },
    )


def _lao_cai() -> RuleSet:
    doc = LAO_CAI
    reports = (
        _report(doc, "unit_to_doha", "Điều 15 khoản 7", _HALF_YEAR_DUES, (_UNIT_RESULTS,)),
        _report(doc, "doha_to_ministry", "Điều 16 khoản 8", ((1, 20),), (*_TOTALS, _TT06_PROBLEMS)),
    )
    return _ruleset(
        doc,
        {
            RuleKey.PERSONAL_UPDATE: (_wd(15), "Điều 6 khoản 3"),
            # Reviewed within the unit window of Art. 7.2; the text gives no separate count.
            RuleKey.UNIT_REVIEW: (None, "Điều 14 khoản 3"),
            RuleKey.TRANSFER_IN_FROM_OUTSIDE: (_wd(10), "Điều 11 khoản 1"),
            RuleKey.ARRIVAL_FLOW: ("doha_request", "Điều 11 khoản 1"),
            RuleKey.MOVE_WITHIN_UNIT: (_wd(10), "Điều 11 khoản 2"),
            RuleKey.MOVE_TO_OTHER_UNIT: (_wd(10), "Điều 11 khoản 3"),
            RuleKey.LEAVE: (_wd(10), "Điều 11 khoản 5"),
            RuleKey.WINDOW_UNIT: (
                ApprovalWindow.day_range(21, 25, roll_forward_end=True, signature_required=True),
                "Điều 7 khoản 2",
            ),
            RuleKey.WINDOW_PROVINCE: (
                ApprovalWindow.last_calendar_days(
                    5, roll_forward_end=True, signature_required=True
                ),
                "Điều 7 khoản 1",
            ),
            RuleKey.DOHA_SIGNS_BEFORE_SYNC: (True, "Điều 12 khoản 3"),
            RuleKey.REPORTS: (reports, "Điều 15 khoản 7; Điều 16 khoản 8"),
            RuleKey.BACKUP: (
                BackupDuty(("doha",), "monthly", 3, _DEDICATED_MEDIA),
                "Điều 10 khoản 1",
            ),
            RuleKey.TECH_AGENCY: (_TTTT, "Điều 17"),
            # Using the software counts toward the yearly DTI ranking; no weights in the text.
            RuleKey.SCORE_METHOD: (ScoreMethod.equal(), "Điều 17 khoản 5"),
            RuleKey.PASSWORD_CHANGE_AT_FIRST_SIGN_IN: (True, "Điều 3 khoản 3"),
            # Sign-in with the province's shared account once the software is integrated with it.
            RuleKey.SSO_ENABLED: (True, "Điều 9 khoản 4"),
            RuleKey.LEGACY_SYSTEM_URL: ("https://qlcbccvc.laocai.gov.vn", "Điều 9 khoản 1"),
            RuleKey.ACCOUNT_TIERS: (
                "Sở Nội vụ → cơ quan, đơn vị → đơn vị trực thuộc → cá nhân",
                "Điều 6 khoản 2",
            ),
            RuleKey.NATIONAL_ID_LOGIN: (True, "Điều 3 khoản 4"),
            RuleKey.OWN_DATA_ONLY_WITHOUT_CONSENT: (True, "Điều 4 khoản 4"),
            RuleKey.RESTRICTED_ACCESS: (True, "Điều 4 khoản 3"),
        },
    )


def _son_la() -> RuleSet:
    doc = SON_LA
    reports = (
        # "trước ngày 05/01": the last day allowed is 4 January.
        _report(
            doc,
            "unit_to_doha",
            "Điều 13 khoản 5",
            ((1, 4),),
            (*_TOTALS, "Đề xuất, kiến nghị các khó khăn, vướng mắc (nếu có)"),
        ),
        _report(doc, "doha_to_ministry", "Điều 14 khoản 6", ((1, 31),), (_STATE_OF_DB,)),
    )
    return _ruleset(
        doc,
        {
            # "đầy đủ, kịp thời, chính xác theo thời gian thực": no number of days.
            RuleKey.PERSONAL_UPDATE: (None, "Điều 3 khoản 3; Điều 11 khoản 1"),
            RuleKey.MOVE_TO_OTHER_UNIT: (_wd(5), "Điều 8"),
            RuleKey.LEAVE: (_wd(5), "Điều 8"),
            RuleKey.WINDOW_UNIT: (ApprovalWindow.before(25, signature_required=True), "Điều 7"),
            RuleKey.WINDOW_PROVINCE: (
                ApprovalWindow.last_calendar_days(5, signature_required=True),
                "Điều 7",
            ),
            RuleKey.DOHA_SIGNS_BEFORE_SYNC: (True, "Điều 7"),
            RuleKey.REPORTS: (reports, "Điều 13 khoản 5; Điều 14 khoản 6"),
            # Art. 10.1: the province database is backed up monthly; Art. 14.5: the DoHA with
            # the tech agency checks the backups and keeps them on a dedicated device.
            RuleKey.BACKUP: (
                BackupDuty(("doha", "tech_agency"), "monthly", None, _DEDICATED_MEDIA),
                "Điều 10 khoản 1; Điều 14 khoản 5",
            ),
            RuleKey.TECH_AGENCY: ("Sở Khoa học và Công nghệ", "Điều 14 khoản 4; Điều 15"),
            # "định kỳ thay đổi mật khẩu (03 tháng/lần)": three months read as 90 days.
            RuleKey.PASSWORD_MAX_AGE_DAYS: (90, "Điều 11 khoản 3"),
            RuleKey.ACCOUNT_TIERS: (
                "Sở Nội vụ (tài khoản quản trị) → cơ quan, đơn vị sự nghiệp thuộc tỉnh, UBND xã, phường (tài khoản quản trị) → đơn vị trực thuộc → cá nhân",
                "Điều 5",
            ),
            RuleKey.LEAVERS_ARCHIVE: (True, "Điều 8"),
            RuleKey.UNIT_DATA_ADMIN: (
                "Người được cấp tài khoản quản trị tại từng cơ quan, đơn vị, được giao bằng quyết định của thủ trưởng",
                "Điều 12; Điều 13 khoản 2",
            ),
            RuleKey.DATA_ADMIN_BY_HEAD_DECISION: (True, "Điều 12; Điều 13 khoản 2"),
            # "người đứng đầu … hoặc người được ủy quyền bằng văn bản" phê duyệt bằng ký số.
            RuleKey.APPROVER_WRITTEN_AUTHORISATION: (True, "Điều 7"),
            # "Giám đốc Sở Nội vụ (hoặc người được ủy quyền bằng văn bản)" phê duyệt bằng ký số.
            RuleKey.DOHA_DIRECTOR_SIGNS: (True, "Điều 7"),
            RuleKey.OWN_DATA_ONLY_WITHOUT_CONSENT: (True, "Điều 9 khoản 3"),
            RuleKey.RESTRICTED_ACCESS: (True, "Điều 4 khoản 2"),
            RuleKey.AVAILABILITY: (
                "24/24 giờ hằng ngày, trừ thời gian tạm dừng để bảo trì, nâng cấp có thông báo",
                "Điều 3 khoản 2",
            ),
            # "có thông báo cụ thể": the announcement is required, its lead time is not given.
            RuleKey.MAINTENANCE_NOTICE_HOURS: (None, "Điều 3 khoản 2"),
        },
    )


def _binh_thuan() -> RuleSet:
    doc = BINH_THUAN
    reports = (
        _report(doc, "unit_to_doha", "Điều 15 khoản 9", _HALF_YEAR_DUES, (_UNIT_RESULTS,)),
        _report(doc, "doha_to_ministry", "Điều 16 khoản 5", ((1, 20),), (*_TOTALS, _TT06_PROBLEMS)),
    )
    return _ruleset(
        doc,
        {
            RuleKey.PERSONAL_UPDATE: (_wd(5), "Điều 6 khoản 3"),
            RuleKey.UNIT_REVIEW: (_wd(5), "Điều 6 khoản 4"),
            # The receiving unit creates the account and asks the DoHA to sync: no day count.
            RuleKey.TRANSFER_IN_FROM_OUTSIDE: (None, "Điều 11 khoản 1"),
            RuleKey.ARRIVAL_FLOW: ("doha_request", "Điều 11 khoản 1"),
            # The old unit revokes access (no count); the new unit creates the account and
            # takes the data within 5 wd of the handover.
            RuleKey.MOVE_TO_OTHER_UNIT: (None, "Điều 11 khoản 3"),
            RuleKey.TAKE_OVER: (_wd(5), "Điều 11 khoản 3"),
            # Leaving: access revoked, data archived; no day count.
            RuleKey.LEAVE: (None, "Điều 11 khoản 2, 5"),
            RuleKey.WINDOW_UNIT: (
                ApprovalWindow.last_calendar_days(5, signature_required=True),
                "Điều 7 khoản 1",
            ),
            RuleKey.WINDOW_PROVINCE: (
                ApprovalWindow.last_calendar_days(5, signature_required=True),
                "Điều 7 khoản 2",
            ),
            RuleKey.DOHA_SIGNS_BEFORE_SYNC: (True, "Điều 12 khoản 4"),
            RuleKey.UNITS_PUSH_TO_NATIONAL_DB: (True, "Điều 12 khoản 3"),
            # "Giám đốc Sở Nội vụ có trách nhiệm phê duyệt bằng ký số".
            RuleKey.DOHA_DIRECTOR_SIGNS: (True, "Điều 7 khoản 2"),
            # "Người đứng đầu, cấp phó … trưởng bộ phận tổ chức cán bộ" khai thác toàn bộ dữ liệu.
            RuleKey.UNIT_READER_ROLE: (True, "Điều 8 khoản 3, 4"),
            # Updating the data counts toward the year-end emulation; no weights in the text.
            RuleKey.SCORE_METHOD: (ScoreMethod.equal(), "Điều 15 khoản 5"),
            RuleKey.REPORTS: (reports, "Điều 15 khoản 9; Điều 16 khoản 5"),
            RuleKey.BACKUP: (
                BackupDuty(("unit", "doha"), "monthly", 3, _DEDICATED_MEDIA),
                "Điều 10 khoản 1; Điều 16 khoản 1",
            ),
            RuleKey.TECH_AGENCY: (
                f"{_TTTT}; đơn vị cung cấp, bảo trì Cơ sở dữ liệu của tỉnh",
                "Điều 17; Điều 19",
            ),
            RuleKey.PASSWORD_CHANGE_AT_FIRST_SIGN_IN: (True, "Điều 4 khoản 4"),
            RuleKey.SSO_ENABLED: (True, "Điều 9 khoản 4"),
            RuleKey.LEGACY_SYSTEM_URL: ("https://binhthuan.qlcb.vn", "Điều 9 khoản 1"),
            RuleKey.ACCOUNT_TIERS: (
                "Sở Nội vụ → cơ quan, đơn vị, địa phương → đơn vị trực thuộc → cá nhân",
                "Điều 6 khoản 2",
            ),
            RuleKey.LEAVERS_ARCHIVE: (True, "Điều 11 khoản 5"),
            RuleKey.NATIONAL_ID_LOGIN: (True, "Điều 3 khoản 6"),
            RuleKey.UNIT_DATA_ADMIN: (
                "Người đứng đầu, cấp phó; người đứng đầu bộ phận văn phòng, tổ chức cán bộ; người phụ trách công nghệ thông tin; người được giao quản lý, khai thác; người khác do người đứng đầu quyết định bằng văn bản",
                "Điều 8 khoản 3, 4",
            ),
            RuleKey.OWN_DATA_ONLY_WITHOUT_CONSENT: (True, "Điều 4 khoản 5; Điều 8 khoản 1"),
            RuleKey.RESTRICTED_ACCESS: (True, "Điều 4 khoản 3"),
            RuleKey.AVAILABILITY: (
                "Đơn vị cung cấp, bảo trì xử lý khắc phục ngay khi có sự cố kỹ thuật",
                "Điều 19 khoản 1",
            ),
        },
    )


_BUILDERS = {
    "lai-chau": _lai_chau,
    "tuyen-quang": _tuyen_quang,
    "lao-cai": _lao_cai,
    "son-la": _son_la,
    "binh-thuan": _binh_thuan,
}
BASELINE_CODE = "baseline"


def baseline_get(as_of: date | None = None) -> RuleSet:
    """The national baseline in force on `as_of` (None: its latest version): Thông tư
    06/2023/TT-BNV as far as the seeds quote it, then Nghị định 27/2026/NĐ-CP from 01/07/2026
    (`rules.domain.national`)."""
    return baseline_version_on(_baseline(), as_of).rules


def preset_get(code: str) -> RuleSet:
    """A province's preset by its code (one of `PRESET_CODES`); "baseline" gives the baseline."""
    if code == BASELINE_CODE:
        return baseline_get()
    builder = _BUILDERS.get(code)
    if builder is None:
        raise KeyError(f"Không có bộ quy tắc mẫu cho tỉnh “{code}”.")
    return builder()


def preset_document(code: str) -> PresetDocument:
    """The document a preset encodes: number, name, draft or in force, dates."""
    if code == BASELINE_CODE:
        return BASELINE
    try:
        return PRESET_DOCUMENTS[code]
    except KeyError:
        raise KeyError(f"Không có bộ quy tắc mẫu cho tỉnh “{code}”.") from None
