"""Value types of the career rules: the retirement roadmap, raise intervals and delays, the
beyond-the-top-step allowance, appointment terms and discipline bars.

Same contract as `rules.domain.types`: frozen, JSON round-trippable, `errors()` in Vietnamese
per field, constructors never raise. The law sets every number here; a change of law is a new
rule version, never an edit of this file (the numbers live in `presets.py` with citations).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.base.text import search_normalise
from rules.domain.types import JSON, is_int, is_text, read_fields

# Bounds that catch typing mistakes, not the law: an age outside 50–70 years is not a roadmap.
MIN_AGE_MONTHS, MAX_AGE_MONTHS = 50 * 12, 70 * 12
MAX_DELAY_MONTHS = 60


def months_text(months: int) -> str:
    """723 → "60 tuổi 3 tháng"; 720 → "60 tuổi"."""
    years, rest = divmod(months, 12)
    return f"{years} tuổi {rest} tháng" if rest else f"{years} tuổi"


def _month_count_error(value: object, low: int, high: int) -> str | None:
    if not is_int(value) or not low <= value <= high:  # type: ignore[operator]
        return f"Phải là số tháng nguyên từ {low} đến {high}."
    return None


def months_by_form(table: dict[str, int], form: str) -> int | None:
    """The months `table` sets for a discipline form as the dossier writes it, whatever its
    case or diacritics ("khiển trách", "Khiển Trách", "Khien trach")."""
    wanted = search_normalise(form)
    return next((months for name, months in table.items() if search_normalise(name) == wanted), None)


def _months_map(value: object) -> dict[str, int]:
    return dict(value) if isinstance(value, dict) else {}


def _months_map_errors(name: str, value: object, low: int, high: int) -> dict[str, str]:
    if not isinstance(value, dict) or not value:
        return {name: "Cần ít nhất một mục (tên: số tháng)."}
    errors: dict[str, str] = {}
    for label, months in value.items():
        if not is_text(label):
            errors[name] = "Tên mục không được để trống."
        message = _month_count_error(months, low, high)
        if message:
            errors[f"{name}.{label}"] = message
    return errors


@dataclass(frozen=True)
class RetirementAgeYear:
    """The retirement age of those who reach it in `year`, in months, for men and for women."""

    year: int
    male: int
    female: int

    def to_list(self) -> list[int]:
        return [self.year, self.male, self.female]


@dataclass(frozen=True)
class RetirementRoadmap:
    """Bộ luật Lao động 2019 Art. 169 and Nghị định 135/2020 (Phụ lục I, II): the age for each
    calendar year from the first row's; the last row's ages hold from then on; `before_*` the
    ages for those who reached retirement before the first row's year."""

    before_male: int
    before_female: int
    years: tuple[RetirementAgeYear, ...]

    def __post_init__(self) -> None:
        rows = self.years
        if isinstance(rows, list):
            rows = tuple(rows)
        if isinstance(rows, tuple):
            rows = tuple(RetirementAgeYear(*row) if isinstance(row, list | tuple) else row for row in rows)
        object.__setattr__(self, "years", rows)

    def age_months(self, *, year: int, gender: str) -> int:
        """The age in months for someone who reaches it in `year`."""
        female = gender == "female"
        if year < self.years[0].year:
            return self.before_female if female else self.before_male
        row = next((r for r in reversed(self.years) if r.year <= year), self.years[-1])
        return row.female if female else row.male

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        for name in ("before_male", "before_female"):
            message = _month_count_error(getattr(self, name), MIN_AGE_MONTHS, MAX_AGE_MONTHS)
            if message:
                errors[name] = message
        rows = self.years
        if not isinstance(rows, tuple) or not rows or not all(isinstance(r, RetirementAgeYear) for r in rows):
            return {**errors, "years": "Cần ít nhất một năm với tuổi nghỉ hưu của nam và nữ."}
        for index, row in enumerate(rows):
            bad = [v for v in (row.male, row.female) if _month_count_error(v, MIN_AGE_MONTHS, MAX_AGE_MONTHS)]
            if not is_int(row.year) or bad:
                errors[f"years.{index}"] = (
                    f"Mỗi dòng là [năm, tuổi nam, tuổi nữ], tuổi tính bằng tháng từ {MIN_AGE_MONTHS} đến {MAX_AGE_MONTHS}."
                )
        if errors:
            return errors
        if [r.year for r in rows] != list(range(rows[0].year, rows[0].year + len(rows))):
            errors["years"] = "Các năm phải liên tiếp, tăng dần."
        ages = [(self.before_male, self.before_female)] + [(r.male, r.female) for r in rows]
        if any(b[0] < a[0] or b[1] < a[1] for a, b in zip(ages, ages[1:], strict=False)):
            errors["years"] = "Tuổi nghỉ hưu không được giảm qua các năm."
        return errors

    def describe(self) -> str:
        first, last = self.years[0], self.years[-1]
        male_final = next(r for r in self.years if r.male == last.male)
        return (f"Nam: {months_text(first.male)} ({first.year}), tăng dần đến {months_text(last.male)} "
                f"(từ {male_final.year}); nữ: {months_text(first.female)} ({first.year}), tăng dần đến "
                f"{months_text(last.female)} (từ {last.year}); trước {first.year}: nam "
                f"{months_text(self.before_male)}, nữ {months_text(self.before_female)}")

    def to_dict(self) -> JSON:
        return {"before_male": self.before_male, "before_female": self.before_female,
                "years": [row.to_list() for row in self.years]}

    @classmethod
    def from_dict(cls, data: object) -> RetirementRoadmap:
        fields = read_fields(data, ("before_male", "before_female", "years"))
        rows = fields["years"]
        if not isinstance(rows, list) or not all(isinstance(r, list) and len(r) == 3 for r in rows):
            raise ValueError("years phải là danh sách các dòng [năm, tuổi nam (tháng), tuổi nữ (tháng)].")
        return cls(fields["before_male"], fields["before_female"], tuple(RetirementAgeYear(*r) for r in rows))


@dataclass(frozen=True)
class RetirementNotice:
    """How long before the retirement date the unit gives notice, and decides."""

    notice_months: int
    decision_months: int

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        for name in ("notice_months", "decision_months"):
            message = _month_count_error(getattr(self, name), 1, 24)
            if message:
                errors[name] = message
        return errors

    def describe(self) -> str:
        return (f"Thông báo bằng văn bản trước {self.notice_months} tháng; "
                f"ra quyết định nghỉ hưu trước {self.decision_months} tháng")

    def to_dict(self) -> JSON:
        return {"notice_months": self.notice_months, "decision_months": self.decision_months}

    @classmethod
    def from_dict(cls, data: object) -> RetirementNotice:
        fields = read_fields(data, ("notice_months", "decision_months"))
        return cls(fields["notice_months"], fields["decision_months"])


def group_of(code: str, groups: dict[str, Any]) -> str | None:
    """The longest key of `groups` that `code` starts with: "A2.1" → "A", "CG" → "CG"."""
    matches = [key for key in groups if code.upper().startswith(key.upper())]
    return max(matches, key=len) if matches else None


@dataclass(frozen=True)
class SalaryRaise:
    """Regular raises (Thông tư 08/2013 as amended by Thông tư 03/2021): months on a step by
    scale group (a prefix of the scale code), the delay per discipline form, and per year rated
    "không hoàn thành nhiệm vụ"."""

    interval_months: dict[str, int]
    discipline_delay_months: dict[str, int]
    not_completed_delay_months: int

    def errors(self) -> dict[str, str]:
        errors = _months_map_errors("interval_months", self.interval_months, 1, 120)
        errors.update(_months_map_errors("discipline_delay_months", self.discipline_delay_months, 0, MAX_DELAY_MONTHS))
        message = _month_count_error(self.not_completed_delay_months, 0, MAX_DELAY_MONTHS)
        if message:
            errors["not_completed_delay_months"] = message
        return errors

    def delay_for(self, form: str) -> int | None:
        """The delay a discipline of `form` adds; None for a form the rule does not name."""
        return months_by_form(self.discipline_delay_months, form)

    def interval_for(self, scale_code: str) -> int | None:
        group = group_of(scale_code, self.interval_months)
        return self.interval_months[group] if group else None

    def describe(self) -> str:
        intervals = ", ".join(f"{group}: {months} tháng" for group, months in self.interval_months.items())
        delays = ", ".join(f"{form} +{months} tháng" for form, months in self.discipline_delay_months.items())
        return (f"Thời gian giữ bậc: {intervals}. Kéo dài: {delays}; mỗi năm không hoàn thành nhiệm vụ "
                f"+{self.not_completed_delay_months} tháng")

    def to_dict(self) -> JSON:
        return {"interval_months": _months_map(self.interval_months),
                "discipline_delay_months": _months_map(self.discipline_delay_months),
                "not_completed_delay_months": self.not_completed_delay_months}

    @classmethod
    def from_dict(cls, data: object) -> SalaryRaise:
        fields = read_fields(data, ("interval_months", "discipline_delay_months", "not_completed_delay_months"))
        return cls(fields["interval_months"], fields["discipline_delay_months"], fields["not_completed_delay_months"])

    def __hash__(self) -> int:
        return hash((tuple(sorted(_months_map(self.interval_months).items())),
                     tuple(sorted(_months_map(self.discipline_delay_months).items())), self.not_completed_delay_months))


@dataclass(frozen=True)
class OverFrame:
    """Phụ cấp thâm niên vượt khung: after `after_months` on the last step (by scale group),
    `first_percent` of the last coefficient, then `yearly_percent` more each further year."""

    after_months: dict[str, int]
    first_percent: int
    yearly_percent: int

    def errors(self) -> dict[str, str]:
        errors = _months_map_errors("after_months", self.after_months, 1, 120)
        for name in ("first_percent", "yearly_percent"):
            if not is_int(getattr(self, name)) or not 0 < getattr(self, name) <= 100:
                errors[name] = "Phải là số phần trăm nguyên từ 1 đến 100."
        return errors

    def after_for(self, scale_code: str) -> int | None:
        group = group_of(scale_code, self.after_months)
        return self.after_months[group] if group else None

    def describe(self) -> str:
        after = ", ".join(f"{group}: {months} tháng" for group, months in self.after_months.items())
        return (f"Sau khi giữ bậc cuối ({after}): {self.first_percent} % mức lương bậc cuối, "
                f"từ năm thứ hai thêm {self.yearly_percent} % mỗi năm")

    def to_dict(self) -> JSON:
        return {"after_months": _months_map(self.after_months), "first_percent": self.first_percent,
                "yearly_percent": self.yearly_percent}

    @classmethod
    def from_dict(cls, data: object) -> OverFrame:
        fields = read_fields(data, ("after_months", "first_percent", "yearly_percent"))
        return cls(fields["after_months"], fields["first_percent"], fields["yearly_percent"])

    def __hash__(self) -> int:
        return hash((tuple(sorted(_months_map(self.after_months).items())), self.first_percent, self.yearly_percent))


@dataclass(frozen=True)
class AppointmentTerm:
    """A leader's term (bổ nhiệm), when re-appointment work starts, when its decision is due,
    when an extension to retirement replaces re-appointment, and the consecutive-term limit."""

    term_months: int
    start_before_days: int
    decision_before_working_days: int
    extend_to_retirement_within_months: int
    max_consecutive_terms: int

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        checks = {"term_months": (1, 120), "start_before_days": (1, 366), "decision_before_working_days": (0, 60),
                  "extend_to_retirement_within_months": (0, 120), "max_consecutive_terms": (1, 10)}
        for name, (low, high) in checks.items():
            value = getattr(self, name)
            if not is_int(value) or not low <= value <= high:
                errors[name] = f"Phải là số nguyên từ {low} đến {high}."
        return errors

    def describe(self) -> str:
        return (f"Thời hạn bổ nhiệm {self.term_months} tháng; bắt đầu quy trình bổ nhiệm lại trước "
                f"{self.start_before_days} ngày; quyết định trước {self.decision_before_working_days} ngày làm việc; "
                f"còn dưới {self.extend_to_retirement_within_months} tháng đến tuổi nghỉ hưu thì kéo dài thời gian "
                f"giữ chức vụ đến khi nghỉ hưu; tối đa {self.max_consecutive_terms} nhiệm kỳ liên tiếp")

    def to_dict(self) -> JSON:
        return {name: getattr(self, name) for name in (
            "term_months", "start_before_days", "decision_before_working_days",
            "extend_to_retirement_within_months", "max_consecutive_terms")}

    @classmethod
    def from_dict(cls, data: object) -> AppointmentTerm:
        names = ("term_months", "start_before_days", "decision_before_working_days",
                 "extend_to_retirement_within_months", "max_consecutive_terms")
        fields = read_fields(data, names)
        return cls(*(fields[name] for name in names))


@dataclass(frozen=True)
class DisciplineBars:
    """Months, from a discipline decision, during which promotion, planning, training and
    appointment are barred, by discipline form."""

    bar_months: dict[str, int]

    def errors(self) -> dict[str, str]:
        return _months_map_errors("bar_months", self.bar_months, 0, MAX_DELAY_MONTHS)

    def months_for(self, form: str) -> int | None:
        return months_by_form(self.bar_months, form)

    def describe(self) -> str:
        return "; ".join(f"{form}: {months} tháng" for form, months in self.bar_months.items())

    def to_dict(self) -> JSON:
        return {"bar_months": _months_map(self.bar_months)}

    @classmethod
    def from_dict(cls, data: object) -> DisciplineBars:
        return cls(read_fields(data, ("bar_months",))["bar_months"])

    def __hash__(self) -> int:
        return hash(tuple(sorted(_months_map(self.bar_months).items())))


@dataclass(frozen=True)
class EarlyRaise:
    """Nâng bậc lương trước thời hạn (Thông tư 08/2013 Art. 3 as amended by Thông tư 03/2021):
    someone not on the last step, at most `max_months_short` months before the regular raise,
    with an award during the step, is raised up to the months its level gives (`months_by_level`,
    by the award's level as the dossier writes it); at most `quota_percent` of the unit's working
    headcount a year; never twice in a row. Someone whose retirement falls within
    `retirement_within_months` and who is at most `max_months_short` short is raised early outside
    the quota."""

    max_months_short: int
    quota_percent: int
    months_by_level: dict[str, int]
    retirement_within_months: int

    def errors(self) -> dict[str, str]:
        errors = _months_map_errors("months_by_level", self.months_by_level, 1, 24)
        message = _month_count_error(self.max_months_short, 1, 24)
        if message:
            errors["max_months_short"] = message
        message = _month_count_error(self.retirement_within_months, 0, 24)
        if message:
            errors["retirement_within_months"] = message
        if not is_int(self.quota_percent) or not 0 <= self.quota_percent <= 100:
            errors["quota_percent"] = "Phải là số phần trăm nguyên từ 0 đến 100."
        return errors

    def months_for(self, level: str) -> int | None:
        return months_by_form(self.months_by_level, level)

    def quota(self, headcount: int) -> int:
        """Whole people: 15 % of 19 is 2 (2.85 rounds down; the quota is a ceiling)."""
        return headcount * self.quota_percent // 100

    def describe(self) -> str:
        levels = ", ".join(f"{level}: {months} tháng" for level, months in self.months_by_level.items())
        return (f"Còn thiếu không quá {self.max_months_short} tháng; nâng trước theo cấp khen thưởng ({levels}); "
                f"tối đa {self.quota_percent} % số người đang làm việc của cơ quan, đơn vị mỗi năm; không hai lần "
                f"liên tiếp; người có thông báo nghỉ hưu trong {self.retirement_within_months} tháng được nâng "
                f"ngoài tỷ lệ")

    def to_dict(self) -> JSON:
        return {"max_months_short": self.max_months_short, "quota_percent": self.quota_percent,
                "months_by_level": _months_map(self.months_by_level),
                "retirement_within_months": self.retirement_within_months}

    @classmethod
    def from_dict(cls, data: object) -> EarlyRaise:
        names = ("max_months_short", "quota_percent", "months_by_level", "retirement_within_months")
        fields = read_fields(data, names)
        return cls(*(fields[name] for name in names))

    def __hash__(self) -> int:
        return hash((self.max_months_short, self.quota_percent, tuple(sorted(_months_map(self.months_by_level).items())),
                     self.retirement_within_months))


@dataclass(frozen=True)
class EvaluationScoring:
    """Công chức's yearly level from points (Nghị định 335/2025): each month or quarter out of
    `general_max` + `results_max` points, averaged for the year; at least `excellent_from` points
    "hoàn thành xuất sắc", `good_from` "tốt", `completed_from` "hoàn thành", below it "không hoàn
    thành". At most `excellent_cap_percent` % of those rated "tốt" may be rated "xuất sắc" in a unit."""

    general_max: int
    results_max: int
    excellent_from: int
    good_from: int
    completed_from: int
    excellent_cap_percent: int

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        for name in ("general_max", "results_max", "excellent_from", "good_from", "completed_from",
                     "excellent_cap_percent"):
            value = getattr(self, name)
            if not is_int(value) or not 0 <= value <= 100:
                errors[name] = "Phải là số nguyên từ 0 đến 100."
        if not errors and not self.completed_from < self.good_from < self.excellent_from <= self.general_max + self.results_max:
            errors["excellent_from"] = "Các ngưỡng phải tăng dần: hoàn thành < tốt < xuất sắc ≤ tổng điểm."
        return errors

    def grade_for(self, points: float) -> str:
        if points >= self.excellent_from:
            return "excellent"
        if points >= self.good_from:
            return "good"
        return "completed" if points >= self.completed_from else "not_completed"

    def excellent_cap(self, good: int) -> int:
        """Whole people: 20 % of 12 rated "tốt" is 2 (2.4 rounds down; the cap is a ceiling)."""
        return good * self.excellent_cap_percent // 100

    def describe(self) -> str:
        return (f"Chấm điểm hằng tháng hoặc hằng quý: {self.general_max} điểm tiêu chí chung + {self.results_max} điểm "
                f"kết quả; trung bình năm từ {self.excellent_from} điểm: hoàn thành xuất sắc, từ {self.good_from}: tốt, "
                f"từ {self.completed_from}: hoàn thành, dưới {self.completed_from}: không hoàn thành; xuất sắc tối đa "
                f"{self.excellent_cap_percent} % số người hoàn thành tốt")

    def to_dict(self) -> JSON:
        return {name: getattr(self, name) for name in (
            "general_max", "results_max", "excellent_from", "good_from", "completed_from", "excellent_cap_percent")}

    @classmethod
    def from_dict(cls, data: object) -> EvaluationScoring:
        names = ("general_max", "results_max", "excellent_from", "good_from", "completed_from", "excellent_cap_percent")
        fields = read_fields(data, names)
        return cls(*(fields[name] for name in names))
