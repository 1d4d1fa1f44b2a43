"""Reading the rows that become questions: the choice lists of the choices sheet, and each question row of the
survey sheet as one of the platform's question kinds, reporting whatever of a row (its type, required
expression, appearance, further columns) the platform cannot represent."""

import re
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .. import ranges
from ..choices import LIKERT_CHOICES, RANGED_KINDS, QuestionKind
from . import aliases
from .layout import DIMENSION_COLUMN, LIKERT_LIST, PICKER_LISTS, SURVEY_COLUMNS, WEIGHT_COLUMN
from .problems import Problem, ProblemList, Severity, shorten
from .workbook import Sheet

YES = aliases.YES
NO = aliases.NO
RANGED_TYPES = {
    "integer": QuestionKind.INTEGER,
    "decimal": QuestionKind.DECIMAL,
    "date": QuestionKind.DATE,
}


class QuestionReader:
    """Turns the choices sheet into lists and each question row into a question dict (the shape of
    surveys/data/*.toml), adding what it finds to the import's problems."""

    def __init__(self, problems: ProblemList, text: Callable[[dict[str, str], str], str]):
        self.problems = problems
        self.text = text  # a row's label or hint in the language the import keeps
        self.lists: dict[str, list[list[str]]] = {}
        self.list_problems: dict[str, list[Problem]] = {}
        self.missing_list_rows: set[int] = set()

    # Choices --------------------------------------------------------------------------------------------

    def read_choices(self, sheet: Sheet | None) -> None:
        if sheet is None:
            return
        other_columns: list[str] = []
        for number, row in sheet.rows:
            list_name, name, label = row.get("list_name", ""), row.get("name", ""), self.text(row, "label")
            for header, value in row.items():
                if value and not self._is_choice_column(header) and header not in other_columns:
                    other_columns.append(header)
            if not list_name:
                self.problems.add(Severity.ERROR, _("A choice without a list_name."), "choices", number)
                continue
            choices = self.lists.setdefault(list_name, [])
            problems = self.list_problems.setdefault(list_name, [])
            if not name or not label:
                message = _("The choice of list “%(list)s” lacks its name or label.") % {"list": list_name}
                problems.append(Problem(Severity.ERROR, message, "choices", number))
            elif any(value == name for value, _label in choices):
                message = _("The choice name “%(name)s” is used twice in list “%(list)s”.") % {
                    "name": name,
                    "list": list_name,
                }
                problems.append(Problem(Severity.ERROR, message, "choices", number))
            else:
                choices.append([name, label])
        for header in other_columns:
            self.problems.add(
                Severity.NOT_IMPORTED,
                _("The column “%(column)s” cannot be represented; not imported.") % {"column": header},
                "choices",
            )

    def _is_choice_column(self, header: str) -> bool:
        return (
            not header
            or header.startswith("$")
            or header in ("list_name", "name")
            or header.split("::")[0] == "label"
        )

    def _use_list(self, list_name: str, number: int) -> list[list[str]] | None:
        """The choices of a list a question uses, reporting the list's own problems once."""
        if list_name not in self.lists:
            self.problems.add(
                Severity.ERROR,
                _("The choice list “%(list)s” is not on the choices sheet.") % {"list": list_name},
                "survey",
                number,
            )
            self.missing_list_rows.add(number)
            return None
        self.problems.extend(self.list_problems.pop(list_name, []))
        return self.lists[list_name]

    def report_unused_lists(self) -> None:
        for list_name in self.list_problems:  # lists no imported question used
            self.problems.add(
                Severity.NOTE,
                _("The choice list “%(list)s” is not used by an imported question; ignored.")
                % {"list": list_name},
                "choices",
            )

    # Question rows --------------------------------------------------------------------------------------

    def read_question(self, row: dict[str, str], number: int, xls_type: str) -> dict | None:
        """The question of a row (its type with spaces collapsed), or None (reported) when it is not imported."""
        name, label = row.get("name", ""), self.text(row, "label")
        if not xls_type:
            if name or label:
                self.problems.add(Severity.ERROR, _("The row has no type."), "survey", number)
            return None
        kind_and_choices = self._kind(row, number, xls_type, name, label)
        if kind_and_choices is None:
            return None
        kind, choices = kind_and_choices
        if row.get("parameters") and kind != QuestionKind.RATING:
            self.problems.add(
                Severity.NOTE,
                _("The parameters “%(value)s” are not used; ignored.") % {"value": row["parameters"]},
                "survey",
                number,
            )
        question = {
            "code": name,
            "kind": kind,
            "text": label,
            "help": self.text(row, "hint"),
            "required": self._required(row.get("required", ""), number),
            "choices": choices,
            "dimension": row.get(DIMENSION_COLUMN, ""),
            "weight": number_or_text(row.get(WEIGHT_COLUMN, ""), 1),
        }
        handled: set[str] = set()
        if kind in RANGED_KINDS:
            question["minimum"], question["maximum"] = self._bounds(row, number, kind, name)
            handled = {"constraint", "constraint_message"}
        if not name:
            self.problems.add(Severity.ERROR, _("The question has no name."), "survey", number)
        for part in ("text", "help"):
            reference = re.search(r"\$\{[^}]*\}", question[part])
            if reference:
                self.problems.add(
                    Severity.NOT_IMPORTED,
                    _("The text refers to another answer (%(reference)s); it is shown as written.")
                    % {"reference": reference.group()},
                    "survey",
                    number,
                )
        for header, value in row.items():
            if value and not self._is_known_column(header) and header.split("::")[0] not in handled:
                self._report_column(header, value, number)
        return question

    def _bounds(self, row: dict[str, str], number: int, kind: str, name: str) -> tuple[str, str]:
        """The smallest and largest answer a number or date question's constraint gives, where it is a simple
        range (. >= 0 and . <= 120); any other constraint is reported and the answer is only bounded by the
        platform's limits."""
        expression = row.get("constraint", "")
        if not expression:
            return "", ""
        found = parse_range(expression, kind, name)
        if found is None:
            self.problems.add(
                Severity.NOT_IMPORTED,
                _(
                    "The constraint “%(constraint)s” cannot be represented; only a range such as "
                    "“. >= 0 and . <= 120” can. The answer is not checked against it."
                )
                % {"constraint": shorten(expression, 120)},
                "survey",
                number,
            )
            return "", ""
        if any(header.split("::")[0] == "constraint_message" and value for header, value in row.items()):
            self.problems.add(
                Severity.NOTE,
                _("The constraint message is not used; the survey page says the range itself."),
                "survey",
                number,
            )
        return found

    def _kind(self, row, number: int, xls_type: str, name: str, label: str) -> tuple[str, list] | None:
        """Our kind and choices for a row, or None (reported) when the row is not imported."""
        appearances = row.get("appearance", "").split()
        if aliases.is_other_select(xls_type):
            return self._unsupported(xls_type, name, number)
        select = aliases.select_command(xls_type)
        if select is not None:
            lowered, rest = select
            if not rest:
                self.problems.add(Severity.ERROR, _("The select has no choice list."), "survey", number)
                return None
            list_name = rest[0]
            or_other = aliases.normalized(" ".join(rest[1:])) in aliases.OR_OTHER
            if or_other:
                self.problems.add(
                    Severity.NOT_IMPORTED,
                    _(
                        "The “or_other” text box cannot be represented: the choice “other” is offered, "
                        "without a box to write in."
                    ),
                    "survey",
                    number,
                )
            elif rest[1:]:
                return self._unsupported(xls_type, name, number)
            self._report_appearances(appearances, set(), number)
            if lowered == "select_one" and list_name in PICKER_LISTS:
                return PICKER_LISTS[list_name], []
            choices = self._use_list(list_name, number)
            if choices is None:
                choices = []
            elif (
                lowered == "select_one"
                and list_name == LIKERT_LIST
                and sorted(value for value, _label in choices) == sorted(v for v, _l in LIKERT_CHOICES)
            ):
                return QuestionKind.LIKERT, []
            kind = QuestionKind.SINGLE if lowered == "select_one" else QuestionKind.MULTIPLE
            choices = [list(choice) for choice in choices]
            # pyxform adds the choice "other" to the list of an or_other select, as ODK Collect shows it.
            if or_other and choices and not any(value == "other" for value, _label in choices):
                choices.append(["other", _("Other")])
            return kind, choices
        lowered = aliases.QUESTION_TYPES.get(aliases.normalized(xls_type), "")
        if lowered in RANGED_TYPES:
            self._report_appearances(appearances, set(), number)
            return RANGED_TYPES[lowered], []
        if lowered == "text":
            self._report_appearances(appearances, {"multiline"}, number)
            return (QuestionKind.LONG_TEXT if "multiline" in appearances else QuestionKind.SHORT_TEXT), []
        if lowered == "range":
            parameters = dict(re.findall(r"(\w+)\s*=\s*([^\s;,]+)", row.get("parameters", "")))
            # pyxform's defaults are start=1 end=10 step=1.
            if (
                _same_number(parameters.get("start", "1"), "0")
                and _same_number(parameters.get("end", "10"), "10")
                and _same_number(parameters.get("step", "1"), "1")
            ):
                self._report_appearances(appearances, set(), number)
                return QuestionKind.RATING, []
            self.problems.add(
                Severity.NOT_IMPORTED,
                _(
                    "Only a range from 0 to 10 in steps of 1 can be represented (this one: %(parameters)s); "
                    "“%(name)s” was not imported."
                )
                % {"parameters": row.get("parameters", "") or "start=1 end=10 step=1", "name": name},
                "survey",
                number,
            )
            return None
        metadata = aliases.METADATA_TYPES.get(aliases.normalized(xls_type))
        if metadata:
            self.problems.add(
                Severity.NOTE,
                _("The metadata “%(type)s” is not collected; ignored.") % {"type": xls_type},
                "survey",
                number,
            )
            return None
        if lowered == "note":
            if label:
                self.problems.add(
                    Severity.NOT_IMPORTED,
                    _("The note “%(label)s” cannot be represented; not imported.")
                    % {"label": shorten(label)},
                    "survey",
                    number,
                )
            else:
                self.problems.add(Severity.NOTE, _("A note without text; ignored."), "survey", number)
            return None
        return self._unsupported(xls_type, name, number)

    def _unsupported(self, xls_type: str, name: str, number: int) -> None:
        self.problems.add(
            Severity.NOT_IMPORTED,
            _("The type %(type)s cannot be represented; “%(name)s” was not imported.")
            % {"type": xls_type, "name": name},
            "survey",
            number,
        )
        return None

    def _report_appearances(self, appearances: list[str], used: set[str], number: int) -> None:
        ignored = [a for a in appearances if a not in used]
        if ignored:
            self.problems.add(
                Severity.NOTE,
                _("The appearance “%(value)s” is not used; ignored.") % {"value": " ".join(ignored)},
                "survey",
                number,
            )

    def _required(self, value: str, number: int) -> bool:
        lowered = value.strip().lower()
        if lowered in YES:
            return True
        if lowered not in NO:
            self.problems.add(
                Severity.NOT_IMPORTED,
                _("“Required” as “%(value)s” cannot be represented; the question is optional.")
                % {"value": shorten(value)},
                "survey",
                number,
            )
        return False

    def _is_known_column(self, header: str) -> bool:
        return (
            not header
            or header.startswith("$")  # Kobo's bookkeeping: $kuid, $autoname, $given_name …
            or (header in SURVEY_COLUMNS and header != "constraint")  # a constraint only for number and date
            or header.split("::")[0] in ("label", "hint")
        )

    def report_group_columns(self, row: dict[str, str], number: int) -> None:
        """A group keeps only its label as the section title; report the rest of its row."""
        for header, value in row.items():
            if not value or header in ("type", "name") or header.startswith("$"):
                continue
            if header.split("::")[0] == "label":
                continue
            if header == "appearance":
                self.problems.add(
                    Severity.NOTE,
                    _("The appearance “%(value)s” is not used; ignored.") % {"value": value},
                    "survey",
                    number,
                )
            elif header == "relevant":
                self.problems.add(
                    Severity.NOT_IMPORTED,
                    _("A condition on a group cannot be represented; its questions are always shown."),
                    "survey",
                    number,
                )
            else:
                self._report_column(header, value, number)

    def _report_column(self, header: str, value: str, number: int) -> None:
        self.problems.add(
            Severity.NOT_IMPORTED,
            _("The column “%(column)s” (“%(value)s”) cannot be represented; not imported.")
            % {"column": header, "value": shorten(value)},
            "survey",
            number,
        )


def _same_number(text: str, expected: str) -> bool:
    try:
        return Decimal(text) == Decimal(expected)
    except InvalidOperation:
        return False


def number_or_text(text: str, default):
    if not text:
        return default
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text  # the shared rules refuse it, with the value in the message
    if not number.is_finite():
        return text
    return int(number) if number == number.to_integral_value() else float(number)


# One side of a range: ". >= 0", "${age} <= 120", ". >= date('2020-01-01')", maybe in parentheses.
_BOUND = re.compile(
    r"\(?\s*(?:\.|\$\{\s*(?P<name>[^}\s]+)\s*\})\s*(?P<op><=|>=|<|>)\s*"
    r"""(?:date\(\s*(?P<quote>['"])(?P<date>[^'"]+)(?P=quote)\s*\)|(?P<q2>['"])(?P<text>[^'"]+)(?P=q2)"""
    r"|(?P<number>[-+]?\d+(?:\.\d+)?))\s*\)?"
)


def parse_range(expression: str, kind: str, name: str) -> tuple[str, str] | None:
    """(minimum, maximum) as stored ("" where open) for a constraint joining at most one lower and one upper bound
    on the answer itself with "and"; None for anything else. A strict bound of a whole number or a date becomes
    the next value inside (. > 0 → at least 1); a strict bound of a decimal cannot be represented."""
    parts = re.split(r"\s+and\s+", expression.strip())
    minimum = maximum = ""
    for part in parts:
        match = _BOUND.fullmatch(part.strip())
        if not match or (match["name"] and match["name"] != name):
            return None
        text = match["date"] or match["text"] or match["number"]
        value = ranges.parse(kind, text)
        if value is None:
            return None
        op = match["op"]
        if op in ("<", ">"):
            if kind == QuestionKind.DECIMAL:
                return None
            step = timedelta(days=1) if kind == QuestionKind.DATE else 1
            value = value + step if op == ">" else value - step
        if op.startswith(">"):
            if minimum:
                return None
            minimum = ranges.stored_text(value)
        else:
            if maximum:
                return None
            maximum = ranges.stored_text(value)
    low, high = ranges.bounds(kind, minimum, maximum)
    if low is not None and high is not None and low > high:
        return None
    return minimum, maximum
