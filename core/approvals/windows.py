"""When each level may approve: the regulation's monthly windows (rules app), plus the
exceptional windows the DoHA opens. Every function takes the day (`on`) as a parameter."""

from dataclasses import dataclass
from datetime import date

from core.approvals.models import ApprovalLevel, ExceptionalWindow
from core.base.errors import StateError
from core.models import OrgUnit
from rules.domain.compute import WindowDate
from rules.selectors import approval_windows_for

LEVEL_OWNER = {ApprovalLevel.UNIT: "cơ quan, đơn vị", ApprovalLevel.PROVINCE: "Sở Nội vụ"}
OUTSIDE = "Ngoài thời gian phê duyệt của {owner}. Lần phê duyệt tiếp theo: từ {opens} đến {closes}."
NO_WINDOW = "Quy chế của tỉnh chưa quy định thời gian phê duyệt của {owner}; liên hệ Sở Nội vụ."


def vn_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def approval_window_current(*, level: str, on: date) -> WindowDate | None:
    """The regulation's window at `level` that contains `on`, or else the next one (None when
    the rules set no window at that level). A December window rolled into January counts."""
    # The province's own calendar: each year's windows are computed once per request.
    windows = [w for year in (on.year - 1, on.year, on.year + 1)
               for w in approval_windows_for(year=year) if w.level == level]
    ahead = sorted((w for w in windows if w.closes >= on), key=lambda w: (w.opens, w.closes))
    return ahead[0] if ahead else None


@dataclass(frozen=True)
class OpenWindow:
    """The window an approval on `on` happens in: its data month, dates, whether ký số is
    required, and the exceptional window when it is one."""

    month: str
    opens: date
    closes: date
    signature_required: bool
    exceptional: ExceptionalWindow | None = None


def exceptional_window_covering(*, level: str, on: date, org_unit: OrgUnit | None = None) -> ExceptionalWindow | None:
    """An exceptional window open on `on` at `level`: for the whole level, or for a unit whose
    subtree holds `org_unit`."""
    candidates = ExceptionalWindow.objects.filter(level=level, opens__lte=on, closes__gte=on).select_related("org_unit")
    for window in candidates.order_by("-opens", "-id"):
        if window.org_unit is None or (org_unit is not None and org_unit.path.startswith(window.org_unit.path)):
            return window
    return None


def approval_window_require(*, level: str, on: date, org_unit: OrgUnit | None = None) -> OpenWindow:
    """The window approving on `on` falls in, or a refusal naming the next window's dates."""
    regular = approval_window_current(level=level, on=on)
    if regular is not None and regular.opens <= on <= regular.closes:
        return OpenWindow(month=regular.month, opens=regular.opens, closes=regular.closes,
                          signature_required=regular.signature_required)
    special = exceptional_window_covering(level=level, on=on, org_unit=org_unit)
    if special is not None:
        # An exceptional window keeps the signature duty of its month's regular window.
        signed = regular.signature_required if regular is not None else True
        return OpenWindow(month=special.month, opens=special.opens, closes=special.closes,
                          signature_required=signed, exceptional=special)
    owner = LEVEL_OWNER[ApprovalLevel(level)]
    if regular is None:
        raise StateError(NO_WINDOW.format(owner=owner), code="no_approval_window")
    raise StateError(
        OUTSIDE.format(owner=owner, opens=vn_date(regular.opens), closes=vn_date(regular.closes)),
        code="outside_approval_window",
        extra={"next_window": {"month": regular.month, "opens": regular.opens.isoformat(),
                               "closes": regular.closes.isoformat()}},
    )
