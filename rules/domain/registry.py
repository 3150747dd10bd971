"""Every rule a province can set: its key, Vietnamese label, value kind and validator.

The registry is the one list the rule set, the presets, the admin page and the API share:
a key that is not here does not exist. Every value may also be None, meaning "this text
sets nothing", which `RuleSet.resolve` fills from the national baseline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from rules.domain.career import (
    AppointmentTerm,
    DisciplineBars,
    EarlyRaise,
    EvaluationScoring,
    OverFrame,
    RetirementNotice,
    RetirementRoadmap,
    SalaryRaise,
)
from rules.domain.proof import ProofExempt
from rules.domain.score import ScoreMethod
from rules.domain.sensitive import SensitiveVisibility
from rules.domain.signing import SignerChoice
from rules.domain.types import (
    MSG_BOOL,
    MSG_TEXT,
    ApprovalWindow,
    BackupDuty,
    DayCount,
    ReportObligation,
    is_int,
    is_text,
)


class RuleKey(StrEnum):
    FIRST_ENTRY = "deadline.first_entry"
    PERSONAL_UPDATE = "deadline.personal_update"
    UNIT_REVIEW = "deadline.unit_review"
    TRANSFER_IN_FROM_OUTSIDE = "deadline.transfer_in_from_outside"
    MOVE_WITHIN_UNIT = "deadline.move_within_unit"
    MOVE_TO_OTHER_UNIT = "deadline.move_to_other_unit"
    # The new unit's take-over, counted from the old unit's handover (Bình Thuận Art. 11.3);
    # MOVE_TO_OTHER_UNIT is the old unit's handover, counted from the decision.
    TAKE_OVER = "deadline.take_over"
    ARRIVAL_FLOW = "transfer.arrival_flow"
    LEAVE = "deadline.leave"
    WINDOW_UNIT = "window.unit"
    WINDOW_PROVINCE = "window.province"
    DOHA_SIGNS_BEFORE_SYNC = "doha_signs_before_sync"
    UNITS_PUSH_TO_NATIONAL_DB = "units_push_to_national_db"
    REPORTS = "reports"
    BACKUP = "backup"
    TECH_AGENCY = "tech_agency"
    PASSWORD_CHANGE_AT_FIRST_SIGN_IN = "password.change_at_first_sign_in"
    PASSWORD_MAX_AGE_DAYS = "password.max_age_days"
    # Set by a province's text when it says so; otherwise the platform's defaults in code
    # (core/services/passwords.py, frontend/common/security.py) apply.
    PASSWORD_MIN_LENGTH = "password.min_length"
    PASSWORD_HISTORY = "password.history"
    SESSION_IDLE_MINUTES = "session.idle_minutes"
    SSO_ENABLED = "sso_enabled"
    LEGACY_SYSTEM_URL = "legacy_system_url"
    ACCOUNT_TIERS = "account_tiers"
    LEAVERS_ARCHIVE = "leavers_archive"
    # Access rules the matrix (section 6) also records.
    NATIONAL_ID_LOGIN = "account.national_id_login"
    UNIT_DATA_ADMIN = "unit_data_admin"
    OWN_DATA_ONLY_WITHOUT_CONSENT = "access.own_data_only_without_consent"
    RESTRICTED_ACCESS = "access.restricted_levels"
    AVAILABILITY = "availability"
    # How long before a maintenance pause the province's users must be told (Sơn La Art. 3.2
    # asks for a specific announcement and sets no number: None there, the platform's default
    # in core.tech_agency applies until a province records its own).
    MAINTENANCE_NOTICE_HOURS = "maintenance.notice_hours"
    # Career events the law sets (shared/domain/career-law.md): national values in the
    # baseline, each with its citation; a province records a correction as a new version.
    RETIREMENT_AGE = "career.retirement_age"
    RETIREMENT_NOTICE = "career.retirement_notice"
    SALARY_RAISE = "career.salary_raise"
    OVER_FRAME = "career.over_frame"
    APPOINTMENT_TERM = "career.appointment_term"
    DISCIPLINE_BARS = "career.discipline_bars"
    EARLY_RAISE = "career.early_raise"
    EVALUATION_SCORING = "career.evaluation_scoring"
    # The national database (Nghị định 27/2026/NĐ-CP): national values in the baseline.
    NATIONAL_SYNC_AFTER_ACTION = "national_sync.after_personnel_action"
    NATIONAL_SYNC_FROM_OTHER_AGENCY = "national_sync.from_other_agency"
    DOSSIER_OPEN_CONSENT = "access.dossier_open_consent"
    NATIONAL_DATA_GROUPS = "national_db.data_groups"
    # Personal data protection (Luật 91/2025/QH15, Nghị định 356/2025/NĐ-CP; core/privacy/):
    # the time to answer a data subject's request, and to notify the authority of a breach.
    PRIVACY_REQUEST_ANSWER = "privacy.request_answer"
    PRIVACY_BREACH_NOTICE_HOURS = "privacy.breach_notice_hours"
    # Who may approve and which accounts may be issued (issue 19, items 4 and 5): each True
    # where the province's text says so; elsewhere None keeps the platform's default.
    APPROVER_WRITTEN_AUTHORISATION = "approval.written_authorisation"
    SUBUNIT_ACCOUNT_DOHA_AGREEMENT = "account.subunit_doha_agreement"
    ONE_ACCOUNT_PER_UNIT = "account.one_per_unit"
    DATA_ADMIN_BY_HEAD_DECISION = "account.data_admin_by_head_decision"
    # The DoHA level is signed by the Director of the DoHA, or someone authorised in writing
    # (Sơn La Art. 7, Bình Thuận Art. 7.2); elsewhere any DoHA admin signs.
    DOHA_DIRECTOR_SIGNS = "approval.doha_director_signs"
    # A read-only role over a whole unit for its deputies and HR head (Bình Thuận Art. 8.3-8.4);
    # elsewhere no such role is granted.
    UNIT_READER_ROLE = "account.unit_reader_role"
    # Roles granted, restricted or revoked only on the competent agency's written request
    # (Tuyên Quang Art. 11.4), recorded on the grant.
    ACCESS_CHANGE_WRITTEN_REQUEST = "account.access_change_written_request"
    # Who sees each group of sensitive personal data (Luật 91/2025, Nghị định 356/2025).
    SENSITIVE_VISIBILITY = "access.sensitive_groups"
    # Which signer signs which signature (rules/domain/signing.py); None: the server's
    # development keys. Where the services are stays in settings.
    SIGNERS = "signing.signers"
    # How the yearly emulation score of a unit is weighed (rules/domain/score.py; Tuyên Quang
    # Art. 8.2, Lào Cai Art. 17.5, Bình Thuận Art. 15.5).
    SCORE_METHOD = "emulation.score_method"
    # Which dossier values a change may leave without a proving document (rules/domain/proof.py).
    PROOF_EXEMPT_FIELDS = "change_set.proof_exempt_fields"


Errors = dict[str, str]
Decoder = Callable[[object], object]


class _SelfChecking(Protocol):
    def errors(self) -> Errors: ...


def _expect(cls: type[_SelfChecking], message: str) -> Callable[[object], Errors]:
    """Validator for a value object: right type, then the object's own field checks."""

    def validate(value: object) -> Errors:
        if not isinstance(value, cls):
            return {"value": message}
        return value.errors()

    return validate


def _validate_bool(value: object) -> Errors:
    return {} if isinstance(value, bool) else {"value": MSG_BOOL}


def _validate_positive_int(value: object) -> Errors:
    if is_int(value) and isinstance(value, int) and value >= 1:
        return {}
    return {"value": "Phải là số nguyên dương."}


def _validate_text(value: object) -> Errors:
    return {} if is_text(value) else {"value": MSG_TEXT}


def _validate_url(value: object) -> Errors:
    if isinstance(value, str) and value.startswith(("https://", "http://")) and " " not in value:
        return {}
    return {"value": "Địa chỉ phải bắt đầu bằng https:// (hoặc http://) và không có dấu cách."}


def _validate_reports(value: object) -> Errors:
    if not isinstance(value, tuple) or not all(
        isinstance(item, ReportObligation) for item in value
    ):
        return {"value": "Phải là danh sách các nghĩa vụ báo cáo."}
    errors: Errors = {}
    for index, report in enumerate(value):
        errors.update({f"{index}.{name}": message for name, message in report.errors().items()})
    codes = [report.code for report in value]
    if len(set(codes)) != len(codes):
        errors["value"] = "Mã báo cáo bị trùng."
    return errors


def _decode_reports(raw: object) -> object:
    if not isinstance(raw, list):
        raise ValueError("Danh sách báo cáo phải là một mảng JSON.")
    return tuple(ReportObligation.from_dict(item) for item in raw)


def _identity(raw: object) -> object:
    return raw


@dataclass(frozen=True)
class ValueKind:
    """How one kind of value is checked and read back from JSON."""

    name: str
    validate: Callable[[object], Errors]
    decode: Decoder


DAY_COUNT = ValueKind(
    "day_count",
    _expect(DayCount, "Phải là một số ngày làm việc hoặc số ngày."),
    DayCount.from_dict,
)
WINDOW = ValueKind(
    "approval_window",
    _expect(ApprovalWindow, "Phải là một khoảng thời gian phê duyệt trong tháng."),
    ApprovalWindow.from_dict,
)
BOOL = ValueKind("bool", _validate_bool, _identity)

# Who brings in the data of someone arriving from outside the province: the receiving unit
# creates the account and syncs (Lai Châu 2.7), or asks the DoHA in writing to (Lào Cai Art.
# 11.1, Bình Thuận Art. 11.1).
ARRIVAL_FLOWS = {
    "unit_syncs": "Đơn vị tiếp nhận tạo tài khoản và đồng bộ dữ liệu từ CSDL",
    "doha_request": "Đơn vị tiếp nhận đề nghị Sở Nội vụ bằng văn bản đồng bộ dữ liệu",
}


def _validate_arrival_flow(value: object) -> Errors:
    return {} if value in ARRIVAL_FLOWS else {"value": "Chọn một trong các cách tiếp nhận đã quy định."}


POSITIVE_INT = ValueKind("int", _validate_positive_int, _identity)
TEXT = ValueKind("text", _validate_text, _identity)
URL = ValueKind("url", _validate_url, _identity)
REPORTS = ValueKind("reports", _validate_reports, _decode_reports)
ARRIVAL_FLOW = ValueKind("arrival_flow", _validate_arrival_flow, _identity)
BACKUP = ValueKind(
    "backup", _expect(BackupDuty, "Phải là một quy định về sao lưu."), BackupDuty.from_dict
)

SENSITIVE_VISIBILITY = ValueKind(
    "sensitive_visibility", _expect(SensitiveVisibility, "Phải là danh sách vai trò được xem từng nhóm dữ liệu nhạy cảm."),
    SensitiveVisibility.from_dict,
)
RETIREMENT_AGE = ValueKind(
    "retirement_age", _expect(RetirementRoadmap, "Phải là lộ trình tuổi nghỉ hưu."), RetirementRoadmap.from_dict
)
RETIREMENT_NOTICE = ValueKind(
    "retirement_notice", _expect(RetirementNotice, "Phải là thời hạn thông báo, quyết định nghỉ hưu."),
    RetirementNotice.from_dict,
)
SALARY_RAISE = ValueKind(
    "salary_raise", _expect(SalaryRaise, "Phải là quy định nâng bậc lương thường xuyên."), SalaryRaise.from_dict
)
OVER_FRAME = ValueKind(
    "over_frame", _expect(OverFrame, "Phải là quy định phụ cấp thâm niên vượt khung."), OverFrame.from_dict
)
APPOINTMENT_TERM = ValueKind(
    "appointment_term", _expect(AppointmentTerm, "Phải là quy định thời hạn bổ nhiệm."), AppointmentTerm.from_dict
)
EVALUATION_SCORING = ValueKind(
    "evaluation_scoring", _expect(EvaluationScoring, "Phải là quy định chấm điểm, xếp loại công chức."),
    EvaluationScoring.from_dict,
)
EARLY_RAISE = ValueKind(
    "early_raise", _expect(EarlyRaise, "Phải là quy định nâng bậc lương trước thời hạn."), EarlyRaise.from_dict
)
DISCIPLINE_BARS = ValueKind(
    "discipline_bars", _expect(DisciplineBars, "Phải là thời hạn không được nâng ngạch, quy hoạch, bổ nhiệm."),
    DisciplineBars.from_dict,
)
PROOF_EXEMPT = ValueKind(
    "proof_exempt", _expect(ProofExempt, "Phải là danh sách thông tin không cần văn bản minh chứng."),
    ProofExempt.from_dict,
)
SIGNERS = ValueKind(
    "signers", _expect(SignerChoice, "Phải là cách ký cho từng loại chữ ký số."), SignerChoice.from_dict
)
SCORE_METHOD = ValueKind(
    "score_method", _expect(ScoreMethod, "Phải là trọng số của từng tiêu chí chấm điểm."), ScoreMethod.from_dict
)


@dataclass(frozen=True)
class RuleSpec:
    key: RuleKey
    label: str
    kind: ValueKind

    def errors(self, value: object) -> Errors:
        """None is always allowed: it means the text sets nothing."""
        return {} if value is None else self.kind.validate(value)

    def decode(self, raw: object) -> object:
        return None if raw is None else self.kind.decode(raw)


_SPECS = (
    RuleSpec(
        RuleKey.FIRST_ENTRY,
        "Thời hạn cá nhân hoàn thành nhập liệu, kể từ ngày được cấp tài khoản",
        DAY_COUNT,
    ),
    RuleSpec(
        RuleKey.PERSONAL_UPDATE,
        "Thời hạn cá nhân cập nhật thông tin, kể từ ngày có thông tin thay đổi",
        DAY_COUNT,
    ),
    RuleSpec(
        RuleKey.UNIT_REVIEW, "Thời hạn đơn vị kiểm tra, duyệt hồ sơ mới hoặc có thay đổi", DAY_COUNT
    ),
    RuleSpec(
        RuleKey.TRANSFER_IN_FROM_OUTSIDE,
        "Thời hạn tiếp nhận dữ liệu người chuyển đến từ ngoài tỉnh, kể từ ngày nhận hồ sơ",
        DAY_COUNT,
    ),
    RuleSpec(
        RuleKey.MOVE_WITHIN_UNIT,
        "Thời hạn điều chuyển hồ sơ trong cùng cơ quan, đơn vị, kể từ ngày văn bản có hiệu lực",
        DAY_COUNT,
    ),
    RuleSpec(
        RuleKey.MOVE_TO_OTHER_UNIT,
        "Thời hạn đơn vị cũ chuyển giao hồ sơ sang cơ quan, đơn vị khác trong tỉnh, kể từ ngày quyết định có hiệu lực",
        DAY_COUNT,
    ),
    RuleSpec(
        RuleKey.TAKE_OVER,
        "Thời hạn đơn vị mới tiếp nhận hồ sơ chuyển đến trong tỉnh, kể từ ngày bàn giao",
        DAY_COUNT,
    ),
    RuleSpec(RuleKey.ARRIVAL_FLOW, "Cách tiếp nhận dữ liệu người chuyển đến từ ngoài tỉnh", ARRIVAL_FLOW),
    RuleSpec(
        RuleKey.LEAVE,
        "Thời hạn điều chỉnh tình trạng hồ sơ khi chuyển ra ngoài, nghỉ hưu, thôi việc, từ trần",
        DAY_COUNT,
    ),
    RuleSpec(RuleKey.WINDOW_UNIT, "Thời gian cơ quan, đơn vị phê duyệt dữ liệu hằng tháng", WINDOW),
    RuleSpec(
        RuleKey.WINDOW_PROVINCE, "Thời gian Sở Nội vụ phê duyệt dữ liệu của tỉnh hằng tháng", WINDOW
    ),
    RuleSpec(
        RuleKey.DOHA_SIGNS_BEFORE_SYNC,
        "Sở Nội vụ ký số phê duyệt trước khi đồng bộ lên CSDL quốc gia",
        BOOL,
    ),
    RuleSpec(
        RuleKey.UNITS_PUSH_TO_NATIONAL_DB,
        "Cơ quan, đơn vị đồng bộ dữ liệu trong tháng lên CSDL quốc gia qua API",
        BOOL,
    ),
    RuleSpec(RuleKey.REPORTS, "Chế độ báo cáo định kỳ", REPORTS),
    RuleSpec(RuleKey.BACKUP, "Sao lưu cơ sở dữ liệu", BACKUP),
    RuleSpec(RuleKey.TECH_AGENCY, "Cơ quan phụ trách hạ tầng công nghệ thông tin", TEXT),
    RuleSpec(RuleKey.PASSWORD_CHANGE_AT_FIRST_SIGN_IN, "Đổi mật khẩu sau khi được cấp", BOOL),
    RuleSpec(RuleKey.PASSWORD_MAX_AGE_DAYS, "Thời hạn đổi mật khẩu định kỳ (ngày)", POSITIVE_INT),
    RuleSpec(RuleKey.PASSWORD_MIN_LENGTH, "Độ dài tối thiểu của mật khẩu (ký tự)", POSITIVE_INT),
    RuleSpec(RuleKey.PASSWORD_HISTORY, "Số mật khẩu gần nhất không được dùng lại", POSITIVE_INT),
    RuleSpec(RuleKey.SESSION_IDLE_MINUTES, "Tự đăng xuất sau thời gian không thao tác (phút)", POSITIVE_INT),
    RuleSpec(RuleKey.SSO_ENABLED, "Đăng nhập bằng tài khoản dùng chung của tỉnh", BOOL),
    RuleSpec(RuleKey.LEGACY_SYSTEM_URL, "Địa chỉ hệ thống đang dùng của tỉnh", URL),
    RuleSpec(RuleKey.ACCOUNT_TIERS, "Phân cấp tài khoản", TEXT),
    RuleSpec(
        RuleKey.LEAVERS_ARCHIVE, "Lưu dữ liệu người đã nghỉ, chuyển đi tại thư mục riêng", BOOL
    ),
    RuleSpec(
        RuleKey.NATIONAL_ID_LOGIN,
        "Dùng số định danh cá nhân làm mã định danh tài khoản cá nhân",
        BOOL,
    ),
    RuleSpec(
        RuleKey.UNIT_DATA_ADMIN,
        "Người quản trị, khai thác toàn bộ dữ liệu của cơ quan, đơn vị",
        TEXT,
    ),
    RuleSpec(
        RuleKey.OWN_DATA_ONLY_WITHOUT_CONSENT,
        "Người không có quyền quản trị chỉ xem dữ liệu của mình, trừ khi được đồng ý bằng văn bản",
        BOOL,
    ),
    RuleSpec(
        RuleKey.RESTRICTED_ACCESS,
        "Quản lý theo độ hạn chế tiếp cận, mã hóa một số trường thông tin",
        BOOL,
    ),
    RuleSpec(RuleKey.AVAILABILITY, "Yêu cầu về thời gian hoạt động của hệ thống", TEXT),
    RuleSpec(
        RuleKey.MAINTENANCE_NOTICE_HOURS,
        "Thông báo tạm dừng để bảo trì, nâng cấp trước thời điểm bắt đầu ít nhất (giờ)",
        POSITIVE_INT,
    ),
    RuleSpec(RuleKey.RETIREMENT_AGE, "Tuổi nghỉ hưu trong điều kiện lao động bình thường (lộ trình)", RETIREMENT_AGE),
    RuleSpec(RuleKey.RETIREMENT_NOTICE, "Thông báo và quyết định nghỉ hưu trước ngày nghỉ hưu", RETIREMENT_NOTICE),
    RuleSpec(RuleKey.SALARY_RAISE, "Nâng bậc lương thường xuyên: thời gian giữ bậc và kéo dài", SALARY_RAISE),
    RuleSpec(RuleKey.OVER_FRAME, "Phụ cấp thâm niên vượt khung", OVER_FRAME),
    RuleSpec(RuleKey.EARLY_RAISE, "Nâng bậc lương trước thời hạn: điều kiện, mức và tỷ lệ", EARLY_RAISE),
    RuleSpec(RuleKey.EVALUATION_SCORING, "Đánh giá, xếp loại công chức theo điểm và tỷ lệ hoàn thành xuất sắc",
             EVALUATION_SCORING),
    RuleSpec(RuleKey.APPOINTMENT_TERM, "Thời hạn bổ nhiệm, bổ nhiệm lại", APPOINTMENT_TERM),
    RuleSpec(
        RuleKey.DISCIPLINE_BARS,
        "Thời hạn không thực hiện nâng ngạch, quy hoạch, đào tạo, bổ nhiệm sau kỷ luật",
        DISCIPLINE_BARS,
    ),
    RuleSpec(
        RuleKey.NATIONAL_SYNC_AFTER_ACTION,
        "Thời hạn đồng bộ lên CSDL quốc gia dữ liệu do hệ thống quản lý tạo ra, kể từ khi hoàn thành nghiệp vụ",
        DAY_COUNT,
    ),
    RuleSpec(
        RuleKey.NATIONAL_SYNC_FROM_OTHER_AGENCY,
        "Thời hạn đồng bộ lên CSDL quốc gia dữ liệu do cơ quan khác tạo ra",
        DAY_COUNT,
    ),
    RuleSpec(
        RuleKey.DOSSIER_OPEN_CONSENT,
        "Mở hồ sơ điện tử của một người cần sự đồng ý của người đó, trừ công tác cán bộ trong thẩm quyền",
        BOOL,
    ),
    RuleSpec(RuleKey.NATIONAL_DATA_GROUPS, "Các nhóm dữ liệu của CSDL quốc gia", TEXT),
    RuleSpec(RuleKey.PRIVACY_REQUEST_ANSWER, "Thời hạn trả lời yêu cầu của chủ thể dữ liệu cá nhân", DAY_COUNT),
    RuleSpec(
        RuleKey.PRIVACY_BREACH_NOTICE_HOURS,
        "Thời hạn thông báo vi phạm dữ liệu cá nhân cho cơ quan chuyên trách (giờ, kể từ khi phát hiện)",
        POSITIVE_INT,
    ),
    RuleSpec(
        RuleKey.APPROVER_WRITTEN_AUTHORISATION,
        "Người phê duyệt không phải thủ trưởng phải được ủy quyền bằng văn bản (số, ngày văn bản)",
        BOOL,
    ),
    RuleSpec(
        RuleKey.SUBUNIT_ACCOUNT_DOHA_AGREEMENT,
        "Tài khoản đơn vị trực thuộc chỉ được cấp khi Sở Nội vụ thống nhất bằng văn bản",
        BOOL,
    ),
    RuleSpec(
        RuleKey.ONE_ACCOUNT_PER_UNIT,
        "Mỗi cơ quan, tổ chức, đơn vị được cấp 01 tài khoản; không có tài khoản đơn vị trực thuộc",
        BOOL,
    ),
    RuleSpec(
        RuleKey.DATA_ADMIN_BY_HEAD_DECISION,
        "Mỗi cơ quan, đơn vị có 01 người quản trị dữ liệu, được giao bằng quyết định của thủ trưởng",
        BOOL,
    ),
    RuleSpec(
        RuleKey.DOHA_DIRECTOR_SIGNS,
        "Phê duyệt cấp tỉnh do Giám đốc Sở Nội vụ hoặc người được ủy quyền bằng văn bản ký số",
        BOOL,
    ),
    RuleSpec(
        RuleKey.UNIT_READER_ROLE,
        "Cấp phó, trưởng bộ phận tổ chức cán bộ được xem toàn bộ dữ liệu của đơn vị (vai trò chỉ xem)",
        BOOL,
    ),
    RuleSpec(
        RuleKey.ACCESS_CHANGE_WRITTEN_REQUEST,
        "Cấp, hạn chế, mở rộng, hủy quyền truy cập trên cơ sở đề nghị bằng văn bản (số, ngày văn bản)",
        BOOL,
    ),
    RuleSpec(RuleKey.SIGNERS, "Cách ký số của từng loại chữ ký (thiết bị, dịch vụ ký số)", SIGNERS),
    RuleSpec(RuleKey.SCORE_METHOD, "Cách tính điểm thi đua hằng năm của đơn vị về cập nhật, đồng bộ dữ liệu",
             SCORE_METHOD),
    RuleSpec(RuleKey.PROOF_EXEMPT_FIELDS, "Thông tin được thay đổi không cần văn bản, tài liệu minh chứng",
             PROOF_EXEMPT),
    RuleSpec(RuleKey.SENSITIVE_VISIBILITY, "Vai trò được xem từng nhóm dữ liệu cá nhân nhạy cảm",
             SENSITIVE_VISIBILITY),
)

RULE_SPECS: dict[RuleKey, RuleSpec] = {spec.key: spec for spec in _SPECS}


def rule_key(raw: str) -> RuleKey:
    """The key named `raw`, or a Vietnamese refusal for a key that does not exist."""
    try:
        return RuleKey(raw)
    except ValueError as error:
        raise ValueError(f"Không có quy tắc “{raw}”.") from error
