from django import template

from changxiao.portal.choices import WEEKDAYS

register = template.Library()
_NAMES = dict(WEEKDAYS)


@register.filter
def weekday_name(value) -> str:
    """1 … 7 → Monday … Sunday, in the reader's language."""
    return str(_NAMES.get(value, ""))
