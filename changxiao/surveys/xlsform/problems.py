"""What the office is told about an imported XLSForm: each problem with its severity, sheet and row, the result
of an import, and the shared questionnaire rules worded in XLSForm's terms (the builder shows the same words)."""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Severity(models.TextChoices):
    ERROR = "error", gettext_lazy("Error: nothing is imported")
    NOT_IMPORTED = "not_imported", gettext_lazy("Not imported")
    NOTE = "note", gettext_lazy("Note")


@dataclass(frozen=True)
class Problem:
    """One thing the office must know about an imported file, where it is (sheet, Excel row) and how bad."""

    severity: str
    message: str
    sheet: str = ""
    row: int | None = None

    def __str__(self) -> str:
        if self.sheet and self.row:
            return _("Sheet %(sheet)s, row %(row)d: %(message)s") % {
                "sheet": self.sheet,
                "row": self.row,
                "message": self.message,
            }
        if self.sheet:
            return _("Sheet %(sheet)s: %(message)s") % {"sheet": self.sheet, "message": self.message}
        return self.message


@dataclass
class ImportResult:
    """The questionnaire read from a file (None when refused) and every problem found on the way."""

    data: dict | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.data is not None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.ERROR]

    @property
    def not_imported(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.NOT_IMPORTED]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.NOTE]


class ProblemList(list):
    """The problems found so far, in the order found."""

    def add(self, severity: str, message: str, sheet: str = "", row: int | None = None) -> None:
        self.append(Problem(severity, message, sheet, row))

    @property
    def has_errors(self) -> bool:
        return any(p.severity == Severity.ERROR for p in self)


def rule_message(rule: str, value: str) -> str:
    """The message for a violation of the shared questionnaire rules (`questionnaires.violations`)."""
    messages = {
        "code": _("The form_id “%(value)s” must be letters, digits, - or _ (at most 60)."),
        "title": _("The form title is missing or longer than 200 characters."),
        "dimension_code": _("The dimension code “%(value)s” is missing or used twice."),
        "dimension_weight": _("The dimension weight “%(value)s” is not a number of at least 0."),
        "section_title": _("The group label is longer than 200 characters."),
        "duplicate_code": _("The name “%(value)s” is used twice."),
        "question_code": _("The name “%(value)s” must be letters, digits, - or _ (at most 40)."),
        "unknown_kind": _("The type “%(value)s” is not known."),
        "text": _("The label is missing or longer than 300 characters."),
        "help": _("The hint is longer than 300 characters."),
        "no_choices": _("A select question needs choices."),
        "choice": _("Each choice needs a name, used once, and a label."),
        "unknown_dimension": _("The dimension “%(value)s” is not on the dimensions sheet."),
        "weight": _("The weight “%(value)s” must be a number from 0 to 99.999."),
        "condition_order": _("The condition refers to “%(value)s”, which comes later in the form."),
        "condition_value": _("The condition's answer “%(value)s” is not an answer of that question."),
        "bounds": _(
            "The smallest and largest answer (%(value)s) must be numbers or dates of the question's type, "
            "the smallest first."
        ),
    }
    return messages[rule] % {"value": shorten(value)}


def shorten(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
