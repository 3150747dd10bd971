from typing import Any

from django import template

from frontend.common.paging import PAGE_PARAMETER, page_query

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context: dict[str, Any], number: int, parameter: str = "") -> str:
    """`?…&trang=number` for the current request (escaped by the template: `&amp;`)."""
    return "?" + page_query(context["request"], number, parameter or PAGE_PARAMETER)
