"""A month's salary and allowances on a date: pure, from the salary row, the allowance rows, the
base salary in force and the beyond-top-step percent on that date.

Nghị định 204/2004/NĐ-CP: salary = coefficient × base salary (lương cơ sở); an allowance set as a
coefficient is that coefficient × base salary; the beyond-top-step allowance (phụ cấp thâm niên
vượt khung) is its percent of the last step's coefficient × base salary. An allowance set as a
percent (thâm niên nghề, trách nhiệm theo nghề…) is read, as the decree's Art. 6 reads the
seniority allowance, as a percent of salary + position allowance + beyond-top-step allowance; one
set as an amount is that amount. Amounts are whole đồng, half up, each rounded once.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

POSITION = "position"
PERCENT = Decimal(100)


@dataclass(frozen=True)
class AllowanceFact:
    kind: str
    label: str
    start: date
    end: date | None
    coefficient: Decimal | None = None
    percent: int | None = None
    amount: int | None = None

    def in_force(self, on: date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class PayLine:
    label: str
    basis: str
    amount: int


@dataclass(frozen=True)
class Pay:
    on: date
    base_salary: int
    coefficient: Decimal
    salary: int
    over_frame_percent: int
    over_frame: int
    allowances: tuple[PayLine, ...]

    @property
    def total(self) -> int:
        return self.salary + self.over_frame + sum(line.amount for line in self.allowances)


def dong(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def pay_compute(*, on: date, base_salary: int, coefficient: Decimal, over_frame_percent: int = 0,
                allowances: Iterable[AllowanceFact] = ()) -> Pay:
    base = Decimal(base_salary)
    salary = dong(coefficient * base)
    frame = dong(coefficient * base * over_frame_percent / PERCENT)
    current = [a for a in allowances if a.in_force(on)]
    lines: list[PayLine] = []
    position = Decimal(0)
    for a in current:
        if a.coefficient is not None:
            amount = dong(a.coefficient * base)
            if a.kind == POSITION:
                position += a.coefficient * base
            lines.append(PayLine(a.label, f"hệ số {_number(a.coefficient)} × {base_salary:,}".replace(",", "."), amount))
        elif a.amount is not None:
            lines.append(PayLine(a.label, "số tiền", a.amount))
    # Percent allowances last: they are counted on salary + position + beyond-top-step.
    on_what = coefficient * base + position + coefficient * base * over_frame_percent / PERCENT
    for a in current:
        if a.coefficient is None and a.amount is None and a.percent is not None:
            lines.append(PayLine(a.label, f"{a.percent} % lương, phụ cấp chức vụ, vượt khung",
                                 dong(on_what * a.percent / PERCENT)))
    return Pay(on=on, base_salary=base_salary, coefficient=coefficient, salary=salary,
               over_frame_percent=over_frame_percent, over_frame=frame, allowances=tuple(lines))
