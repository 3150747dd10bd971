"""The yearly emulation score of a unit for keeping its personnel data (Tuyên Quang Art. 8.2, Lào
Cai Art. 17.5, Bình Thuận Art. 15.5 put updating and syncing the data among the year-end
emulation criteria): the method is a rule value (the weight of each component), the score is
the weighted sum of the components' percentages, and every line of the breakdown shows its
numerator, denominator, percentage, weight and points, so the score can be redone by hand.

No text sets the weights: until the DoHA records its council's method as a new version, the
presets weigh the four components alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from rules.domain.types import JSON, is_int

COMPONENT_LABELS = {
    "duties_on_time": "Việc có thời hạn thực hiện đúng hạn",
    "completeness": "Hồ sơ đầy đủ các mục bắt buộc",
    "approvals": "Đề nghị cập nhật được phê duyệt",
    "reports": "Báo cáo định kỳ gửi đúng hạn",
}
WEIGHTS_TOTAL = 100


@dataclass(frozen=True)
class ScoreMethod:
    """Each component's weight, in points out of 100."""

    weights: Any  # Mapping[component, int], frozen

    def __post_init__(self) -> None:
        if isinstance(self.weights, dict):
            object.__setattr__(self, "weights", MappingProxyType(dict(self.weights)))

    @classmethod
    def equal(cls) -> ScoreMethod:
        share = WEIGHTS_TOTAL // len(COMPONENT_LABELS)
        return cls({component: share for component in COMPONENT_LABELS})

    def errors(self) -> dict[str, str]:
        if not isinstance(self.weights, MappingProxyType):
            return {"weights": "Cần ghi trọng số của từng tiêu chí."}
        errors: dict[str, str] = {}
        for component in self.weights:
            if component not in COMPONENT_LABELS:
                errors[str(component)] = "Không có tiêu chí này; các tiêu chí: " + ", ".join(COMPONENT_LABELS) + "."
        for component in COMPONENT_LABELS:
            weight = self.weights.get(component)
            if not (isinstance(weight, int) and is_int(weight) and 0 <= weight <= WEIGHTS_TOTAL):
                errors[component] = f"Trọng số của “{COMPONENT_LABELS[component]}” phải là số nguyên từ 0 đến 100."
        if not errors and sum(self.weights.values()) != WEIGHTS_TOTAL:
            errors["weights"] = f"Tổng các trọng số phải bằng {WEIGHTS_TOTAL} (đang là {sum(self.weights.values())})."
        return errors

    def describe(self) -> str:
        return "; ".join(f"{COMPONENT_LABELS.get(c, c)}: {w} điểm" for c, w in self.weights.items())

    def to_dict(self) -> JSON:
        return dict(self.weights)

    @classmethod
    def from_dict(cls, data: object) -> ScoreMethod:
        if not isinstance(data, dict):
            raise ValueError("Dữ liệu phải là một đối tượng JSON.")
        return cls(dict(data))


@dataclass(frozen=True)
class ScoreLine:
    component: str
    done: int
    out_of: int
    weight: int

    @property
    def label(self) -> str:
        return COMPONENT_LABELS[self.component]

    @property
    def percent(self) -> float:
        """Nothing to do counts as done in full: a unit is not marked down for an empty year."""
        return round(100 * self.done / self.out_of, 1) if self.out_of else 100.0

    @property
    def points(self) -> float:
        return round(self.percent * self.weight / 100, 2)


@dataclass(frozen=True)
class ScoreBreakdown:
    lines: tuple[ScoreLine, ...]

    @property
    def score(self) -> float:
        """The sum of the lines' points, rounded to two decimals."""
        return round(sum(line.points for line in self.lines), 2)


def score_breakdown(method: ScoreMethod, counts: dict[str, tuple[int, int]]) -> ScoreBreakdown:
    """The breakdown of one unit: `counts` gives each component's (done, out of)."""
    return ScoreBreakdown(tuple(
        ScoreLine(component, *counts.get(component, (0, 0)), weight=int(method.weights.get(component, 0)))
        for component in COMPONENT_LABELS
    ))
