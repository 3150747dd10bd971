from django import template

register = template.Library()


@register.filter
def rule_value(value: object) -> str:
    """A rule's value as the regulations write it, in Vietnamese."""
    if value is None:
        return "Không quy định"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    describe = getattr(value, "describe", None)
    if callable(describe):
        return str(describe())
    if isinstance(value, tuple | list):
        return "; ".join(rule_value(item) for item in value)
    return str(value)


@register.filter
def vn_date(value: object) -> str:
    return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else ""


@register.filter
def vn_money(value: object) -> str:
    """2340000 → "2.340.000" (the Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".") if isinstance(value, int) else ""


@register.filter
def event_label(event: str) -> str:
    from rules.domain.compute import EVENT_RULES
    from rules.domain.registry import RULE_SPECS

    key = EVENT_RULES.get(event)
    return RULE_SPECS[key].label if key else event
