"""Value types of the province rules: pure, frozen, and JSON round-trippable.

Each type checks itself with `errors()`, which answers in Vietnamese per field name, so the
admin page and the API refuse the same bad value with the same words. Constructors never
raise on bad values (a form must be able to hold and redisplay them); `from_dict` raises
`ValueError` only when the JSON's shape is wrong (not an object, unknown or missing field).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, get_args

JSON = dict[str, Any]

DayUnit = Literal["working", "calendar"]
WindowKind = Literal["last_working_days", "last_calendar_days", "day_range", "before_day"]
Reporter = Literal["unit", "doha"]
Recipient = Literal["doha", "ministry"]
ReportPeriod = Literal["yearly", "half_yearly"]
BackupActor = Literal["doha", "unit", "tech_agency"]
BackupFrequency = Literal["monthly", "periodic"]
# The words pages use for these values.
REPORTER_LABELS = {"unit": "Cơ quan, đơn vị", "doha": "Sở Nội vụ"}
RECIPIENT_LABELS = {"doha": "Sở Nội vụ", "ministry": "Bộ Nội vụ"}
PERIOD_LABELS = {"yearly": "hằng năm", "half_yearly": "6 tháng một lần"}
BACKUP_ACTOR_LABELS = {"doha": "Sở Nội vụ", "unit": "cơ quan, đơn vị", "tech_agency": "cơ quan công nghệ thông tin của tỉnh"}
FREQUENCY_LABELS = {"monthly": "hằng tháng", "periodic": "định kỳ"}

# A day every month has: February stops at 28 in three years out of four.
LAST_DAY_EVERY_MONTH = 28
# No regulation counts deadlines in years; the cap also bounds day-by-day loops.
MAX_DAY_COUNT = 366

MSG_REQUIRED = "Cần nhập giá trị này."
MSG_BOOL = "Giá trị phải là có hoặc không."
MSG_TEXT = "Không được để trống."


def read_fields(data: object, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> JSON:
    """Check a JSON object's shape before reading it; refuse rather than guess."""
    if not isinstance(data, dict):
        raise ValueError("Dữ liệu phải là một đối tượng JSON.")
    unknown = sorted(set(data) - set(required) - set(optional))
    if unknown:
        raise ValueError(f"Trường không hợp lệ: {', '.join(map(str, unknown))}.")
    missing = [name for name in required if name not in data]
    if missing:
        raise ValueError(f"Thiếu trường: {', '.join(missing)}.")
    return data


def is_int(value: object) -> bool:
    """True for a real integer: `True` is an int to Python but not a day count."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def parse_date(value: object) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("Ngày phải viết theo dạng YYYY-MM-DD.")
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"Ngày không hợp lệ: {value}.") from error


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True)
class Citation:
    """Where a value comes from: a document's number and name, the article, and since when.

    `effective` is the date the document took effect; a draft has none.
    """

    document: str
    article: str
    effective: date | None = None

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not is_text(self.document):
            errors["document"] = "Cần ghi số, ký hiệu và tên văn bản."
        if not is_text(self.article):
            errors["article"] = "Cần ghi điều, khoản (hoặc mục) của văn bản."
        if self.effective is not None and not isinstance(self.effective, date):
            errors["effective"] = "Ngày hiệu lực không hợp lệ."
        return errors

    def to_dict(self) -> JSON:
        return {
            "document": self.document,
            "article": self.article,
            "effective": _iso(self.effective),
        }

    @classmethod
    def from_dict(cls, data: object) -> Citation:
        fields = read_fields(data, ("document", "article"), ("effective",))
        return cls(fields["document"], fields["article"], parse_date(fields.get("effective")))


@dataclass(frozen=True)
class DayCount:
    """A deadline length: `n` working days (ngày làm việc) or `n` calendar days (ngày)."""

    n: int
    unit: DayUnit

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not is_int(self.n) or not 1 <= self.n <= MAX_DAY_COUNT:
            errors["n"] = f"Số ngày phải là số nguyên từ 1 đến {MAX_DAY_COUNT}."
        if self.unit not in get_args(DayUnit):
            errors["unit"] = "Đơn vị phải là ngày làm việc hoặc ngày (ngày lịch)."
        return errors

    def describe(self) -> str:
        """Vietnamese label as the regulations write it: "05 ngày làm việc"."""
        unit = "ngày làm việc" if self.unit == "working" else "ngày"
        return f"{self.n:02d} {unit}"

    def to_dict(self) -> JSON:
        return {"n": self.n, "unit": self.unit}

    @classmethod
    def from_dict(cls, data: object) -> DayCount:
        fields = read_fields(data, ("n", "unit"))
        return cls(fields["n"], fields["unit"])


# Which of the optional day fields each kind of window reads.
WINDOW_FIELDS: dict[str, tuple[str, ...]] = {
    "last_working_days": ("n",),
    "last_calendar_days": ("n",),
    "day_range": ("start_day", "end_day"),
    "before_day": ("before_day",),
}
_DAY_FIELDS = ("n", "start_day", "end_day", "before_day")


def _day_field_error(name: str, value: object) -> str | None:
    if value is None:
        return MSG_REQUIRED
    if not is_int(value):
        return "Phải là số nguyên."
    assert isinstance(value, int)
    if 1 <= value <= LAST_DAY_EVERY_MONTH:
        return None
    if name == "n":
        return "Số ngày phải từ 1 đến 28."
    return "Ngày trong tháng phải từ 1 đến 28: tháng Hai không có ngày 29, 30, 31."


@dataclass(frozen=True)
class ApprovalWindow:
    """The days of each month in which data must be approved.

    kinds: "last_working_days" (the last `n` working days), "last_calendar_days" (the last
    `n` days), "day_range" (`start_day`..`end_day` inclusive, e.g. 21..25) and "before_day"
    (day 1 .. `before_day` - 1 inclusive: "trước ngày 25" leaves the 25th out).
    `roll_forward_end`: a window whose last day is a day off ends on the next working day
    instead (Lào Cai Art. 7); without it the dates stand as written.
    """

    kind: WindowKind
    n: int | None = None
    start_day: int | None = None
    end_day: int | None = None
    before_day: int | None = None
    roll_forward_end: bool = False
    signature_required: bool = False

    @classmethod
    def last_working_days(
        cls, n: int, *, roll_forward_end: bool = False, signature_required: bool = False
    ) -> ApprovalWindow:
        return cls(
            "last_working_days",
            n=n,
            roll_forward_end=roll_forward_end,
            signature_required=signature_required,
        )

    @classmethod
    def last_calendar_days(
        cls, n: int, *, roll_forward_end: bool = False, signature_required: bool = False
    ) -> ApprovalWindow:
        return cls(
            "last_calendar_days",
            n=n,
            roll_forward_end=roll_forward_end,
            signature_required=signature_required,
        )

    @classmethod
    def day_range(
        cls,
        start_day: int,
        end_day: int,
        *,
        roll_forward_end: bool = False,
        signature_required: bool = False,
    ) -> ApprovalWindow:
        return cls(
            "day_range",
            start_day=start_day,
            end_day=end_day,
            roll_forward_end=roll_forward_end,
            signature_required=signature_required,
        )

    @classmethod
    def before(
        cls, before_day: int, *, roll_forward_end: bool = False, signature_required: bool = False
    ) -> ApprovalWindow:
        return cls(
            "before_day",
            before_day=before_day,
            roll_forward_end=roll_forward_end,
            signature_required=signature_required,
        )

    def errors(self) -> dict[str, str]:
        if self.kind not in WINDOW_FIELDS:
            return {"kind": "Loại thời gian phê duyệt không hợp lệ."}
        errors = self._day_errors()
        for name in ("roll_forward_end", "signature_required"):
            if not isinstance(getattr(self, name), bool):
                errors[name] = MSG_BOOL
        if errors:
            return errors
        return self._order_errors()

    def _day_errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        used = WINDOW_FIELDS[self.kind]
        for name in _DAY_FIELDS:
            value = getattr(self, name)
            if name not in used:
                # Refused, not ignored: a stray value would read as if it counted.
                if value is not None:
                    errors[name] = "Trường này không dùng cho loại thời gian phê duyệt đã chọn."
                continue
            message = _day_field_error(name, value)
            if message:
                errors[name] = message
        return errors

    def _order_errors(self) -> dict[str, str]:
        # Only reached once each used day is a valid integer.
        if self.kind == "day_range" and (self.end_day or 0) < (self.start_day or 0):
            return {"end_day": "Ngày kết thúc không được trước ngày bắt đầu."}
        if self.kind == "before_day" and self.before_day == 1:
            return {
                "before_day": "“Trước ngày 1” không để lại ngày nào để phê duyệt; hãy chọn từ ngày 2."
            }
        return {}

    def describe(self) -> str:
        """Vietnamese label, e.g. "05 ngày làm việc cuối tháng, ký số"."""
        if self.kind == "last_working_days":
            text = f"{self.n:02d} ngày làm việc cuối tháng"
        elif self.kind == "last_calendar_days":
            text = f"{self.n:02d} ngày cuối tháng"
        elif self.kind == "day_range":
            text = f"Từ ngày {self.start_day} đến hết ngày {self.end_day}"
        else:
            text = f"Trước ngày {self.before_day}"
        if self.signature_required:
            text += ", ký số"
        if self.roll_forward_end:
            text += "; hạn cuối trùng ngày nghỉ thì tính là ngày làm việc tiếp theo"
        return text

    def to_dict(self) -> JSON:
        return {
            "kind": self.kind,
            "n": self.n,
            "start_day": self.start_day,
            "end_day": self.end_day,
            "before_day": self.before_day,
            "roll_forward_end": self.roll_forward_end,
            "signature_required": self.signature_required,
        }

    @classmethod
    def from_dict(cls, data: object) -> ApprovalWindow:
        optional = (*_DAY_FIELDS, "roll_forward_end", "signature_required")
        fields = read_fields(data, ("kind",), optional)
        return cls(
            fields["kind"],
            n=fields.get("n"),
            start_day=fields.get("start_day"),
            end_day=fields.get("end_day"),
            before_day=fields.get("before_day"),
            roll_forward_end=fields.get("roll_forward_end", False),
            signature_required=fields.get("signature_required", False),
        )


def _due_date_error(pair: object) -> str | None:
    if not (isinstance(pair, tuple) and len(pair) == 2 and all(map(is_int, pair))):
        return "Mỗi hạn nộp gồm tháng và ngày."
    month, day = pair
    if not 1 <= month <= 12:
        return "Tháng phải từ 1 đến 12."
    # Judged against a common year: a due date must exist every year.
    if not 1 <= day <= _stdlib_calendar.monthrange(2025, month)[1]:
        if (month, day) == (2, 29):
            return "Ngày 29/2 không có trong năm thường; hãy chọn ngày 28/2."
        return f"Tháng {month} không có ngày {day}."
    return None


def _normalise_pairs(pairs: object) -> object:
    """Lists from JSON become tuples, so equal obligations compare equal and hash."""
    if not isinstance(pairs, list | tuple):
        return pairs
    return tuple(tuple(pair) if isinstance(pair, list | tuple) else pair for pair in pairs)


def _normalise_list(items: object) -> object:
    return tuple(items) if isinstance(items, list | tuple) else items


@dataclass(frozen=True)
class ReportObligation:
    """A periodic report: who sends it to whom, by which dates, about what.

    `due_dates` are (month, day) pairs in each calendar year. "Before 5 January" is stored
    as (1, 4) and "by 10 January" as (1, 10): the stored day is the last day allowed.
    Periods reported: a "yearly" report covers the calendar year before the year it is
    due in (every yearly report in the texts says "năm trước liền kề"). A "half_yearly"
    report has two due dates and covers the days since the previous due date, up to and
    including its own: with 31/5 and 30/11 that is 1/12–31/5 and 1/6–30/11.
    `via`: an intermediary the report passes through (Tuyên Quang's goes through the
    provincial People's Committee), else None.
    """

    code: str
    reporter: Reporter
    recipient: Recipient
    due_dates: tuple[tuple[int, int], ...]
    period: ReportPeriod
    contents: tuple[str, ...]
    citation: Citation
    via: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "due_dates", _normalise_pairs(self.due_dates))
        object.__setattr__(self, "contents", _normalise_list(self.contents))

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not is_text(self.code):
            errors["code"] = "Cần mã báo cáo."
        if self.reporter not in get_args(Reporter):
            errors["reporter"] = "Bên báo cáo phải là cơ quan, đơn vị hoặc Sở Nội vụ."
        if self.recipient not in get_args(Recipient):
            errors["recipient"] = "Nơi nhận phải là Sở Nội vụ hoặc Bộ Nội vụ."
        elif self.reporter == self.recipient:
            errors["recipient"] = "Nơi nhận phải khác bên báo cáo."
        if self.period not in get_args(ReportPeriod):
            errors["period"] = "Kỳ báo cáo phải là hằng năm hoặc 6 tháng."
        due_error = self._due_dates_error()
        if due_error:
            errors["due_dates"] = due_error
        if not isinstance(self.contents, tuple) or not all(map(is_text, self.contents)):
            errors["contents"] = "Mỗi nội dung báo cáo phải là một dòng chữ, không để trống."
        if self.via is not None and not is_text(self.via):
            errors["via"] = MSG_TEXT
        errors.update(
            {
                f"citation.{name}": message
                for name, message in _citation_errors(self.citation).items()
            }
        )
        return errors

    def _due_dates_error(self) -> str | None:
        if not isinstance(self.due_dates, tuple) or not self.due_dates:
            return "Cần ít nhất một hạn nộp."
        for pair in self.due_dates:
            message = _due_date_error(pair)
            if message:
                return message
        if len(set(self.due_dates)) != len(self.due_dates):
            return "Hạn nộp bị trùng."
        expected = {"yearly": 1, "half_yearly": 2}.get(self.period)
        if expected == 1 and len(self.due_dates) != 1:
            return "Báo cáo hằng năm có đúng một hạn nộp."
        if expected == 2 and len(self.due_dates) != 2:
            return "Báo cáo 6 tháng có đúng hai hạn nộp trong năm."
        return None

    def describe(self) -> str:
        """In words: "Cơ quan, đơn vị báo cáo Sở Nội vụ 6 tháng một lần, hạn 31/05 và 30/11:
        …; Điều 15 khoản 7, Quyết định … ."""
        dates = " và ".join(f"{day:02d}/{month:02d}" for month, day in self.due_dates)
        via = f" qua {self.via}" if self.via else ""
        contents = "; ".join(self.contents)
        return (f"{REPORTER_LABELS.get(self.reporter, self.reporter)} báo cáo "
                f"{RECIPIENT_LABELS.get(self.recipient, self.recipient)}{via} "
                f"{PERIOD_LABELS.get(self.period, self.period)}, hạn {dates}: {contents} "
                f"({self.citation.article}, {self.citation.document})")

    def to_dict(self) -> JSON:
        return {
            "code": self.code,
            "reporter": self.reporter,
            "recipient": self.recipient,
            "due_dates": [list(pair) for pair in self.due_dates],
            "period": self.period,
            "contents": list(self.contents),
            "citation": self.citation.to_dict(),
            "via": self.via,
        }

    @classmethod
    def from_dict(cls, data: object) -> ReportObligation:
        required = ("code", "reporter", "recipient", "due_dates", "period", "contents", "citation")
        fields = read_fields(data, required, ("via",))
        return cls(
            code=fields["code"],
            reporter=fields["reporter"],
            recipient=fields["recipient"],
            due_dates=fields["due_dates"],
            period=fields["period"],
            contents=fields["contents"],
            citation=Citation.from_dict(fields["citation"]),
            via=fields.get("via"),
        )


def _citation_errors(citation: object) -> dict[str, str]:
    if not isinstance(citation, Citation):
        return {"document": "Cần trích dẫn văn bản."}
    return citation.errors()


@dataclass(frozen=True)
class BackupDuty:
    """Who backs the database up, how often, for how long, and on what.

    `frequency` None or `keep_months` None: the text sets nothing.
    """

    who: tuple[BackupActor, ...]
    frequency: BackupFrequency | None
    keep_months: int | None
    storage: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "who", _normalise_list(self.who))

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        actors = get_args(BackupActor)
        if not isinstance(self.who, tuple) or not self.who:
            errors["who"] = "Cần ít nhất một bên thực hiện sao lưu."
        elif not all(actor in actors for actor in self.who) or len(set(self.who)) != len(self.who):
            errors["who"] = (
                "Bên sao lưu chỉ gồm Sở Nội vụ, cơ quan, đơn vị hoặc cơ quan công nghệ, không trùng lặp."
            )
        if self.frequency is not None and self.frequency not in get_args(BackupFrequency):
            errors["frequency"] = "Tần suất phải là hằng tháng hoặc định kỳ."
        if self.keep_months is not None and (not is_int(self.keep_months) or self.keep_months < 1):
            errors["keep_months"] = "Thời gian lưu giữ phải là số tháng nguyên dương."
        if not is_text(self.storage):
            errors["storage"] = "Cần ghi nơi lưu trữ bản sao lưu."
        return errors

    def describe(self) -> str:
        """In words: "Sở Nội vụ sao lưu hằng tháng, giữ 3 tháng, trên phương tiện …"."""
        who = ", ".join(BACKUP_ACTOR_LABELS.get(actor, actor) for actor in self.who)
        how_often = FREQUENCY_LABELS.get(self.frequency, self.frequency) if self.frequency else "tần suất không quy định"
        keep = f"giữ {self.keep_months} tháng" if self.keep_months else "thời gian lưu giữ không quy định"
        return f"{who} sao lưu {how_often}, {keep}, lưu trên: {self.storage}"

    def to_dict(self) -> JSON:
        return {
            "who": list(self.who),
            "frequency": self.frequency,
            "keep_months": self.keep_months,
            "storage": self.storage,
        }

    @classmethod
    def from_dict(cls, data: object) -> BackupDuty:
        fields = read_fields(data, ("who", "frequency", "keep_months", "storage"))
        return cls(fields["who"], fields["frequency"], fields["keep_months"], fields["storage"])
