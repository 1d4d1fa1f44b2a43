"""Questionnaires as data: the rules a questionnaire's data must follow, and creating one from that data.

The shipped questionnaires (surveys/data/*.toml) and the XLSForm import (xlsform.py) both describe a
questionnaire as one dict, are checked by the same rules (violations()) and are written by the same function
(create_from_data()).
"""

import re
import tomllib
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import ranges
from .choices import LIKERT_CHOICES, RANGED_KINDS, QuestionKind
from .models import Question, Questionnaire, Section

DATA_DIR = Path(__file__).resolve().parent / "data"
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)

# The limits of the model's fields, so bad data is refused with a message rather than by the database.
CODE_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
MAX_CODE = 60
MAX_QUESTION_CODE = 40
MAX_TITLE = 200
MAX_TEXT = 300
MAX_WEIGHT = Decimal("99.999")


@dataclass(frozen=True)
class Violation:
    """A broken rule of a questionnaire's data.

    `rule` is one of the keys of RULES; `question` is the question's index in reading order (over all
    sections), `section` and `dimension` the index of the section or dimension; each None where it is not
    about one.
    """

    rule: str
    value: str = ""
    question: int | None = None
    section: int | None = None
    dimension: int | None = None


# English wording for the data files; the XLSForm import words the same rules for the person importing.
RULES = {
    "code": "the code must be letters, digits, - or _ (at most 60)",
    "title": "a title is needed (at most 200 characters)",
    "dimension_code": "a dimension needs a code, used once",
    "dimension_weight": "a dimension's weight must be a number of at least 0",
    "section_title": "a section title has at most 200 characters",
    "duplicate_code": "name used twice",
    "question_code": "a name must be letters, digits, - or _ (at most 40)",
    "unknown_kind": "unknown type {value!r}",
    "text": "a question needs a text (at most 300 characters)",
    "help": "a hint has at most 300 characters",
    "no_choices": "a choice question needs choices",
    "choice": "each choice needs a value, used once, and a label",
    "unknown_dimension": "unknown dimension {value!r}",
    "weight": "the weight must be a number from 0 to 99.999",
    "condition_order": "a condition must refer to an earlier question",
    "condition_value": "the condition's answer {value!r} is not an answer of that question",
    "bounds": "the smallest and largest answer {value!r} must be numbers or dates of the type, smallest first",
}


def _is_code(value, max_length: int) -> bool:
    return isinstance(value, str) and len(value) <= max_length and bool(CODE_RE.match(value))


def _is_weight(value, maximum: Decimal | None = None) -> bool:
    if isinstance(value, bool):
        return False
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return False
    return number.is_finite() and number >= 0 and (maximum is None or number <= maximum)


def answer_values(question: dict) -> set[str] | None:
    """The possible answers of a question as condition values, or None where any text may be given."""
    kind = question.get("kind")
    if kind in CHOICE_KINDS:
        return {str(choice[0]) for choice in question.get("choices") or [] if choice}
    if kind == QuestionKind.LIKERT:
        return {value for value, _label in LIKERT_CHOICES}
    if kind == QuestionKind.RATING:
        return {str(n) for n in range(11)}
    return None


def violations(data: dict) -> list[Violation]:
    found: list[Violation] = []
    if "code" in data and not _is_code(data["code"], MAX_CODE):
        found.append(Violation("code", str(data["code"])))
    if "title" in data and not (str(data["title"]).strip() and len(str(data["title"])) <= MAX_TITLE):
        found.append(Violation("title", str(data["title"])))
    dimensions: set[str] = set()
    for index, dimension in enumerate(data.get("dimensions", [])):
        if not dimension.get("code") or dimension["code"] in dimensions:
            found.append(Violation("dimension_code", str(dimension.get("code", "")), dimension=index))
        if not _is_weight(dimension.get("weight", 0)):
            found.append(Violation("dimension_weight", str(dimension.get("weight")), dimension=index))
        dimensions.add(dimension.get("code"))
    seen: dict[str, dict] = {}
    index = 0
    for section_index, section in enumerate(data.get("sections", [])):
        if len(str(section.get("title", ""))) > MAX_TITLE:
            found.append(Violation("section_title", str(section.get("title")), section=section_index))
        for question in section.get("questions", []):
            found += [
                Violation(rule, value, question=index, section=section_index)
                for rule, value in _question_violations(question, seen, dimensions)
            ]
            seen.setdefault(question.get("code"), question)
            index += 1
    return found


def _question_violations(question: dict, seen: dict[str, dict], dimensions: set[str]):
    code, kind = question.get("code"), question.get("kind")
    if code in seen:
        yield "duplicate_code", str(code)
    elif not _is_code(code, MAX_QUESTION_CODE):
        yield "question_code", str(code)
    if kind not in QuestionKind.values:
        yield "unknown_kind", str(kind)
    text = str(question.get("text", ""))
    if not text.strip() or len(text) > MAX_TEXT:
        yield "text", text
    if len(str(question.get("help", ""))) > MAX_TEXT:
        yield "help", str(question["help"])
    choices = question.get("choices") or []
    if kind in CHOICE_KINDS and not choices:
        yield "no_choices", ""
    values = [str(choice[0]) if choice else "" for choice in choices]
    if any(len(c) != 2 or not str(c[0]) or not str(c[1]).strip() for c in choices) or len(set(values)) < len(
        values
    ):
        yield "choice", ""
    if question.get("dimension") and question["dimension"] not in dimensions:
        yield "unknown_dimension", str(question["dimension"])
    if not _is_weight(question.get("weight", 1), MAX_WEIGHT):
        yield "weight", str(question.get("weight"))
    yield from bound_violations(question)
    condition = question.get("condition")
    if condition:
        earlier = seen.get(condition.get("question"))
        if earlier is None:
            yield "condition_order", str(condition.get("question"))
        else:
            allowed = answer_values(earlier)
            for value in condition.get("in", []):
                if allowed is not None and str(value) not in allowed:
                    yield "condition_value", str(value)


def bound_violations(question: dict):
    """A whole number, decimal or date question's smallest and largest answer are values of its kind, smallest
    first; other kinds have none."""
    kind = question.get("kind")
    minimum, maximum = str(question.get("minimum", "") or ""), str(question.get("maximum", "") or "")
    if not (minimum or maximum):
        return
    shown = f"{minimum}–{maximum}"
    if kind not in RANGED_KINDS:
        yield "bounds", shown
        return
    low, high = ranges.bound_text(kind, minimum), ranges.bound_text(kind, maximum)
    if low is None or high is None:
        yield "bounds", shown
        return
    low_value, high_value = ranges.bounds(kind, low, high)
    if low_value is not None and high_value is not None and low_value > high_value:
        yield "bounds", shown


def check(data: dict, name: str) -> list[str]:
    """The violations of a data file in English, for the developer who wrote it."""
    problems = []
    questions = [q for section in data.get("sections", []) for q in section.get("questions", [])]
    for violation in violations(data):
        if violation.question is not None:
            where = f"{name} {questions[violation.question].get('code', '?')}"
        elif violation.section is not None:
            where = f"{name} section {violation.section + 1}"
        elif violation.dimension is not None:
            where = f"{name} dimension {violation.dimension + 1}"
        else:
            where = name
        problems.append(f"{where}: {RULES[violation.rule].format(value=violation.value)}")
    return problems


def create_from_data(data: dict, *, published_at: datetime | None, owner=None) -> Questionnaire:
    """Write a checked questionnaire dict (the shape of the data files) with its sections and questions, kept by
    the owner's jurisdiction (shipped with the platform without one)."""
    questionnaire = Questionnaire.objects.create(
        owner=owner,
        code=data["code"],
        version=data["version"],
        title=data["title"],
        introduction=data.get("introduction", ""),
        dimensions=data.get("dimensions", []),
        sources=data.get("sources", ""),
        published_at=published_at,
    )
    position = 0
    for section_position, section_data in enumerate(data.get("sections", [])):
        section = Section.objects.create(
            questionnaire=questionnaire, position=section_position, title=section_data["title"]
        )
        for item in section_data.get("questions", []):
            Question.objects.create(
                questionnaire=questionnaire,
                section=section,
                code=item["code"],
                position=position,
                kind=item["kind"],
                text=item["text"],
                help_text=item.get("help", ""),
                required=item.get("required", True),
                choices=item.get("choices", []),
                dimension=item.get("dimension", ""),
                weight=item.get("weight", 1),
                condition=item.get("condition", {}),
                minimum=ranges.bound_text(item["kind"], str(item.get("minimum", "") or "")) or "",
                maximum=ranges.bound_text(item["kind"], str(item.get("maximum", "") or "")) or "",
            )
            position += 1
    return questionnaire


@transaction.atomic
def load(path: Path) -> tuple[Questionnaire, bool]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    problems = check(data, path.name)
    if problems:
        raise ValidationError(problems)
    existing = Questionnaire.objects.filter(
        owner__isnull=True, code=data["code"], version=data["version"]
    ).first()
    if existing is not None:
        return existing, False
    return create_from_data(data, published_at=timezone.now()), True


def load_shipped() -> list[tuple[Questionnaire, bool]]:
    return [load(path) for path in sorted(DATA_DIR.glob("*.toml"))]
