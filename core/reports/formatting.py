"""Numbers and dates as Vietnamese documents write them: 1.234 and 12,5 and 31/12/2025."""

from datetime import date


def vn_number(value: object) -> str:
    try:
        return f"{int(value):,}".replace(",", ".")  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return ""


def vn_percent(part: int, whole: int) -> str:
    """`part` of `whole` in percent with one decimal, comma as the decimal mark ("12,5")."""
    return f"{share(part, whole):.1f}".replace(".", ",")


def share(part: int, whole: int) -> float:
    return round(part * 100 / whole, 1) if whole else 0.0


def vn_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""
