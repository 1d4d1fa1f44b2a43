"""What an indicator's value may be, by what it measures (core.bounds): one rule for the service, the sheet and the API.

A count is whole and bounded, a percentage lies between 0 and 100 with one decimal, money has two decimals, another
quantity three, a yes/no is yes or no, and a reviewer's rating stays within the indicator's maximum. A value is
typed by a person: it is read as written (digits, a decimal point, thousands separators), never in exponent notation
("1e20"), never infinite or "NaN", so the database only ever receives what it can give back.
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from changxiao.core.bounds import (
    COUNT_MAX,
    MONEY_MAX,
    MONEY_PLACES,
    PERCENT_MAX,
    PERCENT_PLACES,
    QUANTITY_MAX,
    QUANTITY_PLACES,
)

from .choices import DataType, Scoring

# Plain decimal notation only: digits with an optional decimal part, or digits grouped by thousands.
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
# Reviewer's points and ratings: two decimals.
POINTS_PLACES = 2
# What Submission.value (max_digits=16, decimal_places=3) can hold and give back.
STORAGE_MAX = Decimal("9999999999999.999")
STORAGE_PLACES = 3


@dataclass(frozen=True)
class ValueRule:
    minimum: Decimal
    maximum: Decimal
    places: int  # decimals allowed; 0 for whole numbers


def rule_for(indicator) -> ValueRule | None:
    """The range and precision of an indicator's value (None for yes/no)."""
    if indicator.data_type == DataType.BOOLEAN:
        return None
    if indicator.scoring == Scoring.RATING:
        return ValueRule(Decimal(0), Decimal(indicator.max_points), POINTS_PLACES)
    return {
        DataType.COUNT: ValueRule(Decimal(0), Decimal(COUNT_MAX), 0),
        DataType.PERCENT: ValueRule(Decimal(0), PERCENT_MAX, PERCENT_PLACES),
        DataType.AMOUNT: ValueRule(Decimal(0), MONEY_MAX, MONEY_PLACES),
    }.get(indicator.data_type, ValueRule(Decimal(0), QUANTITY_MAX, QUANTITY_PLACES))


def read_decimal(raw) -> Decimal:
    """A number as a person writes it; raises ValueError for anything else (exponents, NaN, infinity, words)."""
    if isinstance(raw, bool):
        raise ValueError("not a number")
    if isinstance(raw, int):
        return Decimal(raw)
    text = unicodedata.normalize("NFKC", str(raw)).strip().replace(" ", "").replace("，", ",")
    if _GROUPED.match(text):
        text = text.replace(",", "")
    if not _PLAIN.match(text):
        raise ValueError("not a plain number")
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only valid literals
        raise ValueError("not a number") from exc


def decimals_of(value: Decimal) -> int:
    """How many decimals a value has beyond trailing zeros (2.50 has one)."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def check_in_rule(value: Decimal, rule: ValueRule, *, label: str, unit: str = "") -> Decimal:
    """The value if it fits the rule; else a ValidationError saying what fits."""
    if rule.places == 0 and decimals_of(value):
        raise ValidationError(_("%(label)s: a count is a whole number (no decimals).") % {"label": label})
    if decimals_of(value) > rule.places:
        raise ValidationError(
            _("%(label)s: at most %(places)s decimal places.") % {"label": label, "places": rule.places}
        )
    if value < rule.minimum or value > rule.maximum:
        raise ValidationError(
            _("%(label)s: give a value between %(min)s and %(max)s%(unit)s.")
            % {
                "label": label,
                "min": _plain(rule.minimum),
                "max": _plain(rule.maximum),
                "unit": unit,
            }
        )
    return value.quantize(Decimal(1).scaleb(-STORAGE_PLACES))


def _plain(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    whole, _dot, decimals = text.partition(".")
    return f"{int(whole):,}" + (f".{decimals}" if decimals else "")


def parse_value(indicator, raw) -> Decimal | None:
    """An indicator's value as entered, checked by what it measures; None when left empty."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    label = indicator.code
    if indicator.data_type == DataType.BOOLEAN:
        if isinstance(raw, bool):
            return Decimal(int(raw))
        answer = str(raw).strip().lower()
        if answer in {"1", "true", "yes", "是"}:
            return Decimal(1)
        if answer in {"0", "false", "no", "否"}:
            return Decimal(0)
        raise ValidationError(_("%(indicator)s: answer yes or no.") % {"indicator": label})
    try:
        value = read_decimal(raw)
    except ValueError as exc:
        raise ValidationError(
            _("%(indicator)s: enter a number written in digits (such as 12 or 12.5).") % {"indicator": label}
        ) from exc
    if value < 0:
        raise ValidationError(_("%(indicator)s: enter a number of zero or more.") % {"indicator": label})
    return check_in_rule(value, rule_for(indicator), label=label, unit=indicator.unit_of_measure)


def parse_points(indicator, raw) -> Decimal:
    """A reviewer's points for an indicator: 0 … its maximum, two decimals."""
    try:
        value = read_decimal(raw)
    except ValueError as exc:
        raise ValidationError(_("Enter the points as a number written in digits.")) from exc
    if not Decimal(0) <= value <= indicator.max_points:
        raise ValidationError(
            _("The score must be between 0 and %(max)s.") % {"max": indicator.max_points.normalize()}
        )
    if decimals_of(value) > POINTS_PLACES:
        raise ValidationError(_("Give the points with at most two decimals."))
    return value.quantize(Decimal("0.01"))


def stored_value_problem(indicator, value: Decimal | None) -> str:
    """Why a value already stored breaks the rules ('' when it does not): for the migration and for platform
    figures."""
    if value is None:
        return ""
    if not value.is_finite() or abs(value) > STORAGE_MAX:
        return _("the value cannot be stored")
    try:
        parse_value(indicator, f"{value:f}" if indicator.data_type != DataType.BOOLEAN else str(int(value)))
    except ValidationError as exc:
        return " ".join(exc.messages)
    except (ValueError, ArithmeticError):
        return _("the value cannot be read")
    return ""


def value_hint(indicator) -> str:
    """What the sheet tells the person before they type."""
    if indicator.data_type == DataType.BOOLEAN:
        return _("Yes or no.")
    rule = rule_for(indicator)
    if rule.places == 0:
        return _("A whole number from 0 to %(max)s.") % {"max": _plain(rule.maximum)}
    return _("From %(min)s to %(max)s, at most %(places)s decimal places.") % {
        "min": _plain(rule.minimum),
        "max": _plain(rule.maximum),
        "places": rule.places,
    }


def fit_computed(indicator, value) -> Decimal | None:
    """A figure computed by the platform, rounded to the indicator's precision; None when it lies outside what the
    indicator can take (the office then scores it in review), so a computed figure never breaks the round."""
    if value is None:
        return None
    value = value if isinstance(value, Decimal) else Decimal(str(value))
    if not value.is_finite():
        return None
    rule = rule_for(indicator)
    if rule is None:
        return Decimal(1) if value else Decimal(0)
    value = value.quantize(Decimal(1).scaleb(-rule.places), rounding=ROUND_HALF_UP)
    if not rule.minimum <= value <= rule.maximum:
        return None
    return value


def shown(indicator, value: Decimal | None) -> str:
    """A stored value as the person typed it: 23 activities, 97.5%, 是 — not the column's 23.000."""
    if value is None:
        return "—"
    if indicator.data_type == DataType.BOOLEAN:
        return _("Yes") if value else _("No")
    return f"{value.normalize():f}{indicator.unit_of_measure}"
