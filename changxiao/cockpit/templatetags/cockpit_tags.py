from django import template

from changxiao.core import numbers

from ..figures import is_stale

register = template.Library()


@register.filter
def figure(value) -> str:
    """A figure as the pages write it (core.numbers): 25.5, 3, 1,234 — never 25.500 or 1E+2."""
    return numbers.figure(value)


@register.filter
def stale(kept) -> bool:
    """A kept figure computed longer ago than the cockpit trusts (cockpit.figures.FRESH_FOR)."""
    return is_stale(kept)


@register.filter
def measure(value, unit) -> str:
    """A figure with its unit as the documents write it (core.numbers.measure): 25.0%, 12场, 1.5册/人."""
    return numbers.measure(value, str(unit or ""))
