"""The years a date read from input may fall in, for pages and endpoints alike: outside them
the working-day calendar has no holidays and date arithmetic overflows."""

from datetime import date

DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2100, 12, 31)
DATE_OUT_OF_RANGE = "Ngày phải trong khoảng 1900-01-01 đến 2100-12-31."


def date_in_bounds(value: date) -> bool:
    return DATE_MIN <= value <= DATE_MAX
