"""Reading the rows that become questions: the choice lists of the choices sheet, and each question row of the
survey sheet as one of the platform's question kinds, reporting whatever of a row (its type, required
expression, appearance, further columns) the platform cannot represent."""

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ..choices import LIKERT_CHOICES, QuestionKind
from .layout import DIMENSION_COLUMN, LIKERT_LIST, PICKER_LISTS, SURVEY_COLUMNS, WEIGHT_COLUMN
from .problems import Problem, ProblemList, Severity, shorten
from .workbook import Sheet

METADATA_TYPES = {
    "start",
    "end",
    "today",
    "deviceid",
    "imei",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "start-geopoint",
}
SELECT_ALIASES = {
    "select one": "select_one",
    "select1": "select_one",
    "select multiple": "select_multiple",
    "select all that apply": "select_multiple",
}
YES = {"yes", "true", "true()", "1"}
NO = {"no", "false", "false()", "0", ""}


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
            if value and not self._is_known_column(header):
                self._report_column(header, value, number)
        return question

    def _kind(self, row, number: int, xls_type: str, name: str, label: str) -> tuple[str, list] | None:
        """Our kind and choices for a row, or None (reported) when the row is not imported."""
        for alias, canonical in SELECT_ALIASES.items():
            if xls_type.lower().startswith(f"{alias} "):
                xls_type = canonical + xls_type[len(alias) :]
        tokens = xls_type.split()
        lowered = tokens[0].lower()
        appearances = row.get("appearance", "").split()
        if lowered in ("select_one", "select_multiple") and len(tokens) == 1:
            self.problems.add(Severity.ERROR, _("The select has no choice list."), "survey", number)
            return None
        if lowered in ("select_one", "select_multiple"):
            list_name = tokens[1]
            if tokens[2:] == ["or_other"]:
                self.problems.add(
                    Severity.NOT_IMPORTED,
                    _("The “or_other” choice cannot be represented; not imported."),
                    "survey",
                    number,
                )
            elif tokens[2:]:
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
            return kind, [list(choice) for choice in choices]
        if lowered == "text" and len(tokens) == 1:
            self._report_appearances(appearances, {"multiline"}, number)
            return (QuestionKind.LONG_TEXT if "multiline" in appearances else QuestionKind.SHORT_TEXT), []
        if lowered == "range" and len(tokens) == 1:
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
        if lowered in METADATA_TYPES:
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
            or header in SURVEY_COLUMNS
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
