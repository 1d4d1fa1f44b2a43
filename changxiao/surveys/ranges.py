"""Answers that are numbers or dates (whole numbers, decimals, dates: an age, visits per month, the date of a visit):
what such an answer may be, read from the text a respondent typed, and the question's own smallest and largest
answer. The bounds of core.bounds apply under the question's own: a count is at most COUNT_MAX, a decimal has at
most QUANTITY_PLACES places below QUANTITY_MAX, a date lies between EARLIEST_DATE and LATEST_DATE, so a slip of the
keyboard is refused rather than stored.

A bound is kept as text on the question (`minimum`, `maximum`): a number (12, 2.5) or an ISO date (2026-01-31)."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from changxiao.core.bounds import COUNT_MAX, QUANTITY_MAX, QUANTITY_PLACES

from .choices import QuestionKind

EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
_INTEGER = re.compile(r"[-+]?\d{1,12}")
_DECIMAL = re.compile(r"[-+]?(\d{1,12}(\.\d*)?|\.\d+)")
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse(kind: str, text: str) -> int | Decimal | date | None:
    """The number or date a text gives for a question of this kind, or None when it is not one (or outside the
    platform's bounds). Half-width and full-width digits and a comma as decimal separator are accepted."""
    text = _half_width(text.strip()).replace(",", ".")
    if kind == QuestionKind.INTEGER:
        if not _INTEGER.fullmatch(text):
            return None
        number = int(text)
        return number if -COUNT_MAX <= number <= COUNT_MAX else None
    if kind == QuestionKind.DECIMAL:
        if not _DECIMAL.fullmatch(text):
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
        if abs(number) > QUANTITY_MAX or -number.as_tuple().exponent > QUANTITY_PLACES:
            return None
        return number.normalize() if number != number.to_integral_value() else Decimal(int(number))
    if kind == QuestionKind.DATE:
        text = text.replace("/", "-").replace(".", "-")
        match = _DATE.fullmatch(text)
        if not match:
            return None
        try:
            day = date(*(int(part) for part in match.groups()))
        except ValueError:
            return None
        return day if EARLIEST_DATE <= day <= LATEST_DATE else None
    return None


def _half_width(text: str) -> str:
    return "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in text)


def bound_text(kind: str, text: str) -> str | None:
    """A bound as it is stored ("" for none), or None when it is not a value of the kind."""
    if not str(text).strip():
        return ""
    value = parse(kind, str(text))
    return None if value is None else stored_text(value)


def stored_text(value) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def bounds(kind: str, minimum: str, maximum: str) -> tuple:
    """The question's smallest and largest answer as values (None where there is none or it is not valid)."""
    return (
        parse(kind, minimum) if minimum else None,
        parse(kind, maximum) if maximum else None,
    )


def stored(value):
    """The answer as it is stored in a response's JSON: a whole number as a number, a decimal as a number (at most
    QUANTITY_PLACES places, exact in a float), a date as its ISO text."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
