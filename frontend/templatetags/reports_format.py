from django import template

from core.reports import formatting

register = template.Library()


@register.filter
def vn_number(value: object) -> str:
    """1234 → "1.234"."""
    return formatting.vn_number(value)


@register.filter
def vn_percent(part: int, whole: int) -> str:
    return formatting.vn_percent(part, whole)


@register.filter
def bar_width(part: int, widest: int) -> str:
    """A bar's width in percent of the widest row, for the CSS bar charts ("0" … "100")."""
    return f"{part * 100 / widest:.1f}" if widest else "0"
