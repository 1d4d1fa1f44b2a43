from django import template

from changxiao.core import numbers

register = template.Library()


@register.filter
def figure(value) -> str:
    """A figure as the pages write it (core.numbers): 25.5, 3, 1,234 — never 25.500 or 1E+2."""
    return numbers.figure(value)
