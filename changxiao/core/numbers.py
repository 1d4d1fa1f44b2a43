"""How figures are written where an official reader reads them: Word documents and Excel exports.

One home, so that no document prints 1E+2, 80%, 80.00 % and 80.0% side by side. The rules, the same in every
document:

- counts and other whole quantities: thousands grouped with "," as Chinese statistical tables write them (12,345).
  Numbers that name rather than measure — years, sequence numbers, ranks, codes — are not figures: write them as
  they are (2026, not 2,026);
- percentages: one decimal, from a value on the 0–100 scale (80.0%);
- points (考核得分): at most two decimals, trailing zeros dropped (100, 92.5, 87.25);
- money: two decimals, grouped (12,345.00);
- other measured values (an indicator's value): at most three decimals — the precision they are stored with —
  trailing zeros dropped, grouped (1,234.5);
- a unit follows its number without a space (12场, 1.5册/人); a percentage's unit is its "%";
- rounding is half up (四舍五入), never banker's rounding; never an exponent; a missing value is "—".

In Excel a figure stays a numeric cell; the XLSX_* number formats below say how Excel shows it (percentages are
stored as fractions, 0.8 shown as 80.0%, as Excel expects).
"""

from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext

EMPTY = "—"

# Excel number formats (xlsxwriter / openpyxl spelling).
XLSX_INTEGER = "#,##0"  # counts, population, amounts of things
XLSX_PLAIN_INTEGER = "0"  # years, sequence numbers: never grouped
XLSX_ONE_DECIMAL = "0.0"  # an index on the 0–100 scale (满意度指数)
XLSX_DECIMAL = "#,##0.00"  # any other measured value
XLSX_POINTS = "0.00"
XLSX_PERCENT = "0.0%"  # the value is a fraction: 0.8 shows as 80.0%
XLSX_MONEY = "#,##0.00"
XLSX_TEXT = "@"  # identifiers made of digits (division codes, phone numbers): text on purpose
XLSX_DATE = "yyyy-mm-dd"
XLSX_DATETIME = "yyyy-mm-dd hh:mm"

# Wide enough for any figure the platform stores (max_digits ≤ 14) plus its decimals.
_CONTEXT = Context(prec=60, rounding=ROUND_HALF_UP)


def to_decimal(value) -> Decimal | None:
    """The exact decimal a value stands for; None for a missing or non-finite value (NaN, infinity).

    A float is read through its shortest repr, so 0.1 is 0.1 and not 0.1000000000000000055…"""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, bool):
        number = Decimal(int(value))
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        try:
            number = Decimal(str(value).strip().replace(",", ""))
        except InvalidOperation as error:
            raise ValueError(f"not a number: {value!r}") from error
    return number if number.is_finite() else None


def _fixed(number: Decimal, places: int, *, keep_zeros: bool, grouped: bool = True) -> str:
    with localcontext(_CONTEXT):
        rounded = number.quantize(Decimal(1).scaleb(-places))
    if rounded.is_zero():
        rounded = abs(rounded)  # no "-0.0"
    # The "f" presentation never uses an exponent, whatever the Decimal's own exponent (Decimal("1E+2") → "100").
    text = format(rounded, f"{',' if grouped else ''}.{places}f")
    if not keep_zeros and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def rounded(value, places: int) -> Decimal | None:
    """The value rounded half up to `places` decimals, for a sentence whose translation formats it itself
    ("%(mean).1f"): pre-rounded, it prints as the pages and tables print it (78.25 → 78.3, not 78.2)."""
    number = to_decimal(value)
    if number is None:
        return None
    with localcontext(_CONTEXT):
        return number.quantize(Decimal(1).scaleb(-places))


def integer(value, *, grouped: bool = True) -> str:
    """A count: 12,345 (rounded half up when a fraction reaches here); "—" when missing."""
    number = to_decimal(value)
    return EMPTY if number is None else _fixed(number, 0, keep_zeros=True, grouped=grouped)


def figure(value, places: int = 3) -> str:
    """A measured value with at most `places` decimals, trailing zeros dropped: 1,234.5; "—" when missing."""
    number = to_decimal(value)
    return EMPTY if number is None else _fixed(number, places, keep_zeros=False)


def points(value) -> str:
    """Points of an assessment: 100, 92.5, 87.25; "—" when missing."""
    return figure(value, 2)


def percent(value, places: int = 1) -> str:
    """A percentage from a value on the 0–100 scale: 80 → "80.0%"; "—" when missing."""
    number = to_decimal(value)
    return EMPTY if number is None else f"{_fixed(number, places, keep_zeros=True)}%"


def rate(numerator, denominator, places: int = 1) -> str:
    """numerator / denominator as a percentage ("80.0%"); "—" when there is nothing to divide by."""
    top, bottom = to_decimal(numerator), to_decimal(denominator)
    if top is None or not bottom:
        return EMPTY
    return percent(top * 100 / bottom, places)


def money(value) -> str:
    """An amount of money: 12,345.00 (the currency unit, 元 or 万元, is the caller's); "—" when missing."""
    number = to_decimal(value)
    return EMPTY if number is None else _fixed(number, 2, keep_zeros=True)


def index_value(value) -> str:
    """An index on the 0–100 scale (满意度指数): one decimal, 78.0; "—" when missing."""
    number = to_decimal(value)
    return EMPTY if number is None else _fixed(number, 1, keep_zeros=True)


def measure(value, unit: str = "", places: int = 3) -> str:
    """A value with its unit of measure as a sentence or a table cell writes it: 12场, 1.5册/人, 80.0% (a "%"
    unit makes it a percentage); "—" alone when the value is missing."""
    unit = (unit or "").strip()
    if unit in {"%", "％"}:
        return percent(value)
    text = figure(value, places)
    return text if text == EMPTY else f"{text}{unit}"


def excel_fraction(value) -> float | None:
    """A 0–100 percentage as the fraction an Excel cell with XLSX_PERCENT holds (80 → 0.8)."""
    number = to_decimal(value)
    return None if number is None else float(number / 100)
