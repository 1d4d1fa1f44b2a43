"""What a value may be, by what it measures: one home for the ranges of every form field, API schema and service.

A count is whole and bounded, a percentage lies between 0 and 100 with one decimal, money has two decimals, a date
lies within a sensible window of today, a duration is bounded and every text has a length. The database then never
receives a value it cannot give back, and a slip of the keyboard (1e20, 2020 for 2026, 9999-12-31) is refused with a
message in the person's language instead of being stored.

Forms use the fields below; services and API schemas call the `check_*` functions or use the constants, so that a
value refused on a page is refused by the API too.
"""

from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .deadlines import local_today
from .widgets import DateInput

# Whole counts (activities, people, books, visits): at most 999,999,999.
COUNT_MAX = 999_999_999
# Percentages: 0–100 with one decimal.
PERCENT_MAX = Decimal(100)
PERCENT_PLACES = 1
# Amounts of money in yuan: two decimals, below a trillion.
MONEY_MAX = Decimal("999999999999.99")
MONEY_PLACES = 2
# Other measured quantities (areas, ratios per 10,000 people): three decimals, below a billion.
QUANTITY_MAX = Decimal("999999999.999")
QUANTITY_PLACES = 3
# Dates of what happened reach back this many years; deadlines and planned dates reach forward this many.
PAST_YEARS = 10
FUTURE_YEARS = 5
# Texts: a title or a name, a paragraph, a document-length text.
TITLE_MAX = 200
TEXT_MAX = 2000
LONG_TEXT_MAX = 10000


def _years_from(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def earliest_record_date(today: date | None = None) -> date:
    return _years_from(today or local_today(), -PAST_YEARS)


def latest_planned_date(today: date | None = None) -> date:
    return _years_from(today or local_today(), FUTURE_YEARS)


def year_range(today: date | None = None) -> tuple[int, int]:
    """The years a plan, round or record may be about."""
    year = (today or local_today()).year
    return year - PAST_YEARS, year + FUTURE_YEARS


def check_record_date(value: date | None, *, field: str | None = None) -> None:
    """A date on which something happened: not in the future, not more than PAST_YEARS ago."""
    if value is None:
        return
    today = local_today()
    if value > today:
        _refuse(field, _("This date lies in the future: give the day it happened."))
    if value < earliest_record_date(today):
        _refuse(field, _("This date lies more than %(years)s years back.") % {"years": PAST_YEARS})


def check_deadline(value: date | None, *, field: str | None = None, earliest: date | None = None) -> None:
    """A date by which something is due: not before `earliest` (today unless given: an unchanged earlier deadline
    may stay), not more than FUTURE_YEARS ahead."""
    if value is None:
        return
    today = local_today()
    earliest = min(earliest, today) if earliest else today
    if value < earliest:
        _refuse(field, _("A deadline cannot lie in the past."))
    if value > latest_planned_date(today):
        _refuse(
            field, _("A deadline more than %(years)s years ahead is not accepted.") % {"years": FUTURE_YEARS}
        )


def check_planned_date(value: date | None, *, field: str | None = None) -> None:
    """A date of a plan or period, before or after today: within PAST_YEARS back and FUTURE_YEARS ahead."""
    if value is None:
        return
    today = local_today()
    if not earliest_record_date(today) <= value <= latest_planned_date(today):
        _refuse(
            field,
            _("Give a date between %(start)s and %(end)s.")
            % {
                "start": earliest_record_date(today).isoformat(),
                "end": latest_planned_date(today).isoformat(),
            },
        )


def check_year(value: int | None, *, field: str | None = None) -> None:
    if value is None:
        return
    low, high = year_range()
    if not low <= value <= high:
        _refuse(field, _("Give a year between %(low)s and %(high)s.") % {"low": low, "high": high})


def check_text(text: str | None, *, field: str, maximum: int = TEXT_MAX) -> str:
    """A text a service takes (from a form, the API or a command): stripped, storable and no longer than the form
    allows. Returns the stripped text."""
    text = (text or "").strip()
    if "\x00" in text:
        raise ValidationError({field: _("This text contains a character that cannot be stored.")})
    if len(text) > maximum:
        raise ValidationError({field: _("At most %(max)s characters.") % {"max": maximum}})
    return text


def _refuse(field: str | None, message) -> None:
    raise ValidationError({field: message} if field else message)


# --- Form fields ------------------------------------------------------------------------------------------------


class BoundedDateField(forms.DateField):
    """A date field whose window is checked by one of the check_* functions; the guard test requires every date
    field of the project's forms to be one of these."""

    check = staticmethod(check_planned_date)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DateInput())
        super().__init__(*args, **kwargs)

    def validate(self, value):
        super().validate(value)
        self.check(value)


class RecordDateField(BoundedDateField):
    """The day something happened (an inspection, a decision): not in the future, not decades back."""

    check = staticmethod(check_record_date)


class PlannedDateField(BoundedDateField):
    """A date of a plan or a period, before or after today, within the window."""


class DeadlineField(BoundedDateField):
    """A due date: from today (or `earliest`, set by an edit form to the unchanged stored deadline) to FUTURE_YEARS
    ahead."""

    def __init__(self, *args, earliest: date | None = None, **kwargs):
        self.earliest = earliest
        super().__init__(*args, **kwargs)

    def validate(self, value):
        forms.DateField.validate(self, value)
        check_deadline(value, earliest=self.earliest)


class CountField(forms.IntegerField):
    """A whole count: 0 … COUNT_MAX."""

    def __init__(self, *args, max_value: int = COUNT_MAX, **kwargs):
        super().__init__(*args, min_value=kwargs.pop("min_value", 0), max_value=max_value, **kwargs)


class PercentField(forms.DecimalField):
    """A percentage, 0–100 with one decimal."""

    def __init__(self, *args, **kwargs):
        super().__init__(
            *args,
            min_value=Decimal(0),
            max_value=PERCENT_MAX,
            max_digits=4,
            decimal_places=PERCENT_PLACES,
            **kwargs,
        )


class MoneyField(forms.DecimalField):
    """An amount in yuan, two decimals, 0 … MONEY_MAX."""

    def __init__(self, *args, **kwargs):
        super().__init__(
            *args,
            min_value=kwargs.pop("min_value", Decimal(0)),
            max_value=MONEY_MAX,
            max_digits=14,
            decimal_places=MONEY_PLACES,
            **kwargs,
        )


class YearField(forms.IntegerField):
    """A year within the window around today."""

    def __init__(self, *args, **kwargs):
        low, high = year_range()
        super().__init__(*args, min_value=low, max_value=high, **kwargs)


class JSONTextField(forms.JSONField):
    """A JSON value typed as text, bounded by the length of what is typed (Django's max_length would measure the
    parsed value, and fail on a number)."""

    def __init__(self, *args, max_length: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_length = max_length
        self.widget.attrs["maxlength"] = str(max_length)

    def to_python(self, value):
        if isinstance(value, str) and len(value) > self.max_length:
            raise ValidationError(
                _("Keep this under %(max)s characters.") % {"max": self.max_length}, code="max_length"
            )
        return super().to_python(value)


# The largest primary key any of the databases holds (a 64-bit signed integer).
ID_MAX = 2**63 - 1


class ModelChoicesField(forms.ModelMultipleChoiceField):
    """Several records chosen by id. An id no database could hold (99999999999999999999) is an invalid choice, as any
    unknown id is; Django's own field sends it to the database, where SQLite raises an overflow."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        if key == "pk":
            for each in value if isinstance(value, list | tuple) else [value]:
                text = str(each).strip()
                if text.lstrip("-").isdecimal() and not -ID_MAX <= int(text) <= ID_MAX:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": text[:30]},
                    )
        return super()._check_values(value)
