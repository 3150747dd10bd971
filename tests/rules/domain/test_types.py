"""Value types: Vietnamese validation messages per field, and exact JSON round-trips."""

import json
from datetime import date
from typing import Any

import pytest

from rules.domain import ApprovalWindow, BackupDuty, Citation, DayCount, ReportObligation

CITE = Citation("Quyết định 18/2024/QĐ-UBND tỉnh Bình Thuận", "Điều 15 khoản 9", date(2024, 6, 20))
FEBRUARY = "Ngày trong tháng phải từ 1 đến 28: tháng Hai không có ngày 29, 30, 31."


def report(**changes: object) -> ReportObligation:
    fields: dict[str, object] = {
        "code": "unit_to_doha",
        "reporter": "unit",
        "recipient": "doha",
        "due_dates": ((5, 31), (11, 30)),
        "period": "half_yearly",
        "contents": ("Kết quả quản lý, sử dụng, cập nhật dữ liệu",),
        "citation": CITE,
    }
    return ReportObligation(**{**fields, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("window", "errors"),
    [
        (ApprovalWindow.last_working_days(5), {}),
        (ApprovalWindow.day_range(21, 25, roll_forward_end=True), {}),
        (ApprovalWindow.before(25), {}),
        (ApprovalWindow.last_working_days(0), {"n": "Số ngày phải từ 1 đến 28."}),
        (ApprovalWindow.last_calendar_days(29), {"n": "Số ngày phải từ 1 đến 28."}),
        (ApprovalWindow.day_range(21, 31), {"end_day": FEBRUARY}),
        (ApprovalWindow.day_range(0, 5), {"start_day": FEBRUARY}),
        (ApprovalWindow.before(30), {"before_day": FEBRUARY}),
        (
            ApprovalWindow.day_range(25, 21),
            {"end_day": "Ngày kết thúc không được trước ngày bắt đầu."},
        ),
        (
            ApprovalWindow.before(1),
            {
                "before_day": "“Trước ngày 1” không để lại ngày nào để phê duyệt; hãy chọn từ ngày 2."
            },
        ),
        (ApprovalWindow("day_range", start_day=21), {"end_day": "Cần nhập giá trị này."}),
        (ApprovalWindow("last_calendar_days", n="5"), {"n": "Phải là số nguyên."}),  # type: ignore[arg-type]
        (
            ApprovalWindow("last_working_days", n=5, start_day=3),
            {"start_day": "Trường này không dùng cho loại thời gian phê duyệt đã chọn."},
        ),
        (ApprovalWindow("weekly"), {"kind": "Loại thời gian phê duyệt không hợp lệ."}),  # type: ignore[arg-type]
        (
            ApprovalWindow("before_day", before_day=25, signature_required="yes"),  # type: ignore[arg-type]
            {"signature_required": "Giá trị phải là có hoặc không."},
        ),
    ],
)
def test_approval_window_errors(window: ApprovalWindow, errors: dict[str, str]) -> None:
    assert window.errors() == errors


def test_approval_window_describes_itself_in_vietnamese() -> None:
    assert (
        ApprovalWindow.last_working_days(5, signature_required=True).describe()
        == "05 ngày làm việc cuối tháng, ký số"
    )
    assert ApprovalWindow.day_range(21, 25).describe() == "Từ ngày 21 đến hết ngày 25"
    assert ApprovalWindow.before(25).describe() == "Trước ngày 25"
    assert ApprovalWindow.last_calendar_days(5, roll_forward_end=True).describe() == (
        "05 ngày cuối tháng; hạn cuối trùng ngày nghỉ thì tính là ngày làm việc tiếp theo"
    )


@pytest.mark.parametrize(
    ("count", "errors"),
    [
        (DayCount(5, "working"), {}),
        (DayCount(0, "working"), {"n": "Số ngày phải là số nguyên từ 1 đến 366."}),
        (DayCount(True, "calendar"), {"n": "Số ngày phải là số nguyên từ 1 đến 366."}),
        (DayCount(5, "hours"), {"unit": "Đơn vị phải là ngày làm việc hoặc ngày (ngày lịch)."}),  # type: ignore[arg-type]
    ],
)
def test_day_count_errors(count: DayCount, errors: dict[str, str]) -> None:
    assert count.errors() == errors


def test_day_count_label() -> None:
    assert DayCount(5, "working").describe() == "05 ngày làm việc"
    assert DayCount(15, "calendar").describe() == "15 ngày"


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({}, {}),
        (
            {"due_dates": ((2, 29),), "period": "yearly"},
            {"due_dates": "Ngày 29/2 không có trong năm thường; hãy chọn ngày 28/2."},
        ),
        ({"due_dates": ((4, 31),), "period": "yearly"}, {"due_dates": "Tháng 4 không có ngày 31."}),
        ({"due_dates": ((13, 1),), "period": "yearly"}, {"due_dates": "Tháng phải từ 1 đến 12."}),
        ({"due_dates": ()}, {"due_dates": "Cần ít nhất một hạn nộp."}),
        ({"due_dates": ((5, 31), (5, 31))}, {"due_dates": "Hạn nộp bị trùng."}),
        (
            {"due_dates": ((5, 31),)},
            {"due_dates": "Báo cáo 6 tháng có đúng hai hạn nộp trong năm."},
        ),
        ({"period": "yearly"}, {"due_dates": "Báo cáo hằng năm có đúng một hạn nộp."}),
        ({"recipient": "unit"}, {"recipient": "Nơi nhận phải là Sở Nội vụ hoặc Bộ Nội vụ."}),
        (
            {"reporter": "doha", "recipient": "doha"},
            {"recipient": "Nơi nhận phải khác bên báo cáo."},
        ),
        (
            {"contents": ("",)},
            {"contents": "Mỗi nội dung báo cáo phải là một dòng chữ, không để trống."},
        ),
        (
            {"citation": Citation("", "Điều 15")},
            {"citation.document": "Cần ghi số, ký hiệu và tên văn bản."},
        ),
    ],
)
def test_report_obligation_errors(changes: dict[str, object], errors: dict[str, str]) -> None:
    assert report(**changes).errors() == errors


def test_report_obligation_takes_lists_as_tuples() -> None:
    """JSON gives lists; the obligation stores tuples, so both spellings are one value."""
    assert (
        report(
            due_dates=[[5, 31], [11, 30]], contents=["Kết quả quản lý, sử dụng, cập nhật dữ liệu"]
        )
        == report()
    )


@pytest.mark.parametrize(
    ("duty", "errors"),
    [
        (BackupDuty(("doha",), "monthly", 3, "Phương tiện lưu trữ chuyên dụng"), {}),
        (
            BackupDuty((), "monthly", 3, "Phương tiện lưu trữ chuyên dụng"),
            {"who": "Cần ít nhất một bên thực hiện sao lưu."},
        ),
        (
            BackupDuty(("doha", "ministry"), None, None, "Thiết bị"),  # type: ignore[arg-type]
            {
                "who": "Bên sao lưu chỉ gồm Sở Nội vụ, cơ quan, đơn vị hoặc cơ quan công nghệ, không trùng lặp."
            },
        ),
        (
            BackupDuty(("doha",), "weekly", 0, ""),  # type: ignore[arg-type]
            {
                "frequency": "Tần suất phải là hằng tháng hoặc định kỳ.",
                "keep_months": "Thời gian lưu giữ phải là số tháng nguyên dương.",
                "storage": "Cần ghi nơi lưu trữ bản sao lưu.",
            },
        ),
    ],
)
def test_backup_duty_errors(duty: BackupDuty, errors: dict[str, str]) -> None:
    assert duty.errors() == errors


def test_citation_errors() -> None:
    assert Citation(" ", "").errors() == {
        "document": "Cần ghi số, ký hiệu và tên văn bản.",
        "article": "Cần ghi điều, khoản (hoặc mục) của văn bản.",
    }


@pytest.mark.parametrize(
    "value",
    [
        CITE,
        Citation("Dự thảo Quyết định …/2026/QĐ-UBND tỉnh Sơn La", "Điều 7", None),
        DayCount(10, "working"),
        DayCount(30, "calendar"),
        ApprovalWindow.day_range(21, 25, roll_forward_end=True, signature_required=True),
        ApprovalWindow.before(25, signature_required=True),
        report(),
        report(
            code="doha_to_ministry",
            reporter="doha",
            recipient="ministry",
            due_dates=((1, 25),),
            period="yearly",
            via="Ủy ban nhân dân tỉnh",
        ),
        BackupDuty(("unit", "doha"), "monthly", 3, "Phương tiện lưu trữ chuyên dụng"),
        BackupDuty(("doha", "tech_agency"), "periodic", None, "Thiết bị chuyên dụng"),
    ],
)
def test_round_trip_through_json(
    value: Citation | DayCount | ApprovalWindow | ReportObligation | BackupDuty,
) -> None:
    """to_dict is plain JSON, and from_dict gives back an equal value, and the same dict."""
    data = value.to_dict()
    assert json.loads(json.dumps(data)) == data
    again = type(value).from_dict(json.loads(json.dumps(data)))
    assert again == value
    assert again.to_dict() == data


def test_window_json_shape() -> None:
    assert ApprovalWindow.day_range(
        21, 25, roll_forward_end=True, signature_required=True
    ).to_dict() == {
        "kind": "day_range",
        "n": None,
        "start_day": 21,
        "end_day": 25,
        "before_day": None,
        "roll_forward_end": True,
        "signature_required": True,
    }
    assert report().to_dict()["due_dates"] == [[5, 31], [11, 30]]
    assert CITE.to_dict() == {
        "document": "Quyết định 18/2024/QĐ-UBND tỉnh Bình Thuận",
        "article": "Điều 15 khoản 9",
        "effective": "2024-06-20",
    }


@pytest.mark.parametrize(
    ("cls", "data", "message"),
    [
        (DayCount, {"n": 5}, "Thiếu trường: unit."),
        (DayCount, {"n": 5, "unit": "working", "hours": 2}, "Trường không hợp lệ: hours."),
        (DayCount, [5, "working"], "Dữ liệu phải là một đối tượng JSON."),
        (
            Citation,
            {"document": "QĐ", "article": "Điều 1", "effective": "20/6/2024"},
            "Ngày không hợp lệ: 20/6/2024.",
        ),
        (ApprovalWindow, {"n": 5}, "Thiếu trường: kind."),
    ],
)
def test_from_dict_refuses_a_wrong_shape(cls: Any, data: object, message: str) -> None:
    with pytest.raises(ValueError) as error:
        cls.from_dict(data)
    assert str(error.value) == message
