"""Reading an XLSForm into the platform's questionnaire: the survey sheet's groups become sections, its question
rows (read by `questions`) are kept in order, conditions are read back from `relevant`, and the settings and
dimensions sheets give the code, title and weights; the whole is then checked against the shared questionnaire
rules, so that every problem is reported with its sheet and row. See the package docstring for the rule."""

import re
from pathlib import Path

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..choices import QuestionKind
from ..models import Questionnaire
from ..questionnaires import CODE_RE, violations
from . import aliases
from .expressions import parse_relevant
from .layout import INTRODUCTION_SETTING, SETTINGS_COLUMNS, SOURCES_SETTING
from .problems import ImportResult, Problem, ProblemList, Severity, rule_message, shorten
from .questions import QuestionReader, number_or_text
from .workbook import Refused, Sheet, read_workbook


def import_xlsform(file, owner=None) -> ImportResult:
    """Read an XLSForm for the owner's jurisdiction (the platform's shipped questionnaires without one); never
    raises for a bad file. See the package docstring for what is refused."""
    try:
        sheets = read_workbook(file)
    except Refused as refused:
        return ImportResult(None, [Problem(Severity.ERROR, str(refused))])
    reader = _Reader(sheets, getattr(file, "name", "") or "", owner)
    data = reader.read()
    order = {"": 0, "settings": 1, "survey": 2, "choices": 3, "dimensions": 4}
    problems = sorted(reader.problems, key=lambda p: (order.get(p.sheet.lower(), 5), p.row or 0))
    return ImportResult(data, problems)


def _is_chinese(language: str) -> bool:
    """A language name as XLSForms write Chinese: 中文 (zh), Chinese (zh-CN), zh_Hans, 简体中文 …"""
    return bool(re.search(r"\bzh\b|\bzh[-_]|中文|汉语|漢語|chinese", language, re.IGNORECASE))


class _Reader:
    """Turns the sheets into the questionnaire dict, collecting problems row by row."""

    def __init__(self, sheets: dict[str, Sheet], filename: str, owner=None):
        self.sheets = sheets
        self.filename = filename
        self.owner = owner  # the jurisdiction importing it: its versions of the code count
        self.problems = ProblemList()
        self.language: str | None = None
        self.question_reader = QuestionReader(self.problems, self._text)
        self.sections: list[dict] = []
        self.section_rows: list[int | None] = []
        self.question_rows: list[int] = []
        self.relevant: dict[int, str] = {}  # question index → expression
        self.names: set[str] = set()  # every name on the survey sheet, imported or not
        self.dimension_rows: list[int] = []

    def read(self) -> dict | None:
        survey = self.sheets.get("survey")
        if survey is None:
            self.problems.add(Severity.ERROR, _("The workbook has no sheet named survey."))
            return None
        if not (
            survey.has("type")
            and survey.has("name")
            and any(h.split("::")[0] == "label" for h in survey.headers)
        ):
            self.problems.add(
                Severity.ERROR, _("The survey sheet needs the columns type, name and label."), "survey"
            )
            return None
        self._choose_language()
        self.question_reader.read_choices(self.sheets.get("choices"))
        self._read_survey()
        questions = [q for section in self.sections for q in section["questions"]]
        if not questions and not self.problems.has_errors:
            self.problems.add(Severity.ERROR, _("No question of the form could be imported."), "survey")
        self._read_conditions(questions)
        data = {
            **self._read_settings(),
            "dimensions": self._read_dimensions(),
            "sections": self.sections,
        }
        self._check(data)
        self.question_reader.report_unused_lists()
        return None if self.problems.has_errors else data

    # Languages ------------------------------------------------------------------------------------------

    def _choose_language(self) -> None:
        """Keep one language of the labels and hints: the settings' default_language where it names one, else
        Chinese, else the plain label column (pyxform's default language), else the first; say which."""
        survey = self.sheets["survey"]
        headers = survey.headers + (self.sheets["choices"].headers if "choices" in self.sheets else [])
        languages: list[str] = []
        for header in headers:
            base, separator, language = header.partition("::")
            if separator and base in ("label", "hint") and language and language not in languages:
                languages.append(language)
        if not languages:
            return
        plain = "label" in survey.headers
        default = self._setting("default_language")
        chinese = [lang for lang in languages if _is_chinese(lang)]
        if default in languages:
            self.language = default
        elif plain and default and _is_chinese(default):
            self.language = None  # the plain column is the default language, here Chinese
        elif chinese:
            self.language = chinese[0]
        elif plain:
            self.language = None
        else:
            self.language = languages[0]
        default_name = default or _("the default language (the label column without a language)")
        kept = self.language or default_name
        others = [lang for lang in languages if lang != self.language]
        if self.language and plain:
            others.append(default_name)
        self.problems.add(
            Severity.NOTE,
            _("The labels and hints in %(kept)s were used.") % {"kept": kept},
            "survey",
        )
        if others:
            self.problems.add(
                Severity.NOT_IMPORTED,
                _("The labels in other languages (%(others)s) were not imported.")
                % {"others": "、".join(others)},
                "survey",
            )

    def _text(self, row: dict[str, str], base: str) -> str:
        if not self.language:
            return row.get(base, "")
        # A text missing in the kept language is taken from another one rather than lost.
        others = (value for header, value in row.items() if header.partition("::")[0] == base)
        return row.get(f"{base}::{self.language}") or row.get(base) or next((v for v in others if v), "")

    # Survey ---------------------------------------------------------------------------------------------

    def _read_survey(self) -> None:
        sheet = self.sheets["survey"]
        stack: list[tuple[str, int, str]] = []  # ("group" | "repeat", row, name)
        repeat_depth = 0
        repeat_rows = 0
        current: dict | None = None
        for number, row in sheet.rows:
            xls_type = " ".join(row.get("type", "").split())
            name = row.get("name", "")
            if name:
                self.names.add(name)
            edge, kind = aliases.control(xls_type) or ("", "")
            if edge == "begin":
                stack.append((kind, number, name))
                if repeat_depth or kind == "repeat":
                    repeat_depth += 1
                    if kind == "repeat" and repeat_depth == 1:
                        repeat_rows = 0
                    else:
                        repeat_rows += 1
                    continue
                if len([s for s in stack if s[0] == "group"]) == 1:
                    current = self._start_section(row, number)
                    self.question_reader.report_group_columns(row, number)
                else:
                    self.problems.add(
                        Severity.NOT_IMPORTED,
                        _(
                            "A group inside a group cannot be represented; "
                            "its questions are kept in the section “%(section)s”."
                        )
                        % {"section": current["title"] if current else ""},
                        "survey",
                        number,
                    )
                    self.question_reader.report_group_columns(row, number)
                continue
            if edge == "end":
                if not stack or stack[-1][0] != kind:
                    self.problems.add(
                        Severity.ERROR,
                        _("This %(type)s has no matching begin.") % {"type": xls_type},
                        "survey",
                        number,
                    )
                    continue
                _kind, begin_row, begin_name = stack.pop()
                if repeat_depth:
                    repeat_depth -= 1
                    if repeat_depth == 0:
                        self.problems.add(
                            Severity.NOT_IMPORTED,
                            ngettext(
                                "The repeat “%(name)s” cannot be represented; "
                                "it was not imported, nor was the %(count)d row inside it.",
                                "The repeat “%(name)s” cannot be represented; "
                                "it was not imported, nor were the %(count)d rows inside it.",
                                repeat_rows,
                            )
                            % {"name": begin_name, "count": repeat_rows},
                            "survey",
                            begin_row,
                        )
                    else:
                        repeat_rows += 1
                elif not any(s[0] == "group" for s in stack):
                    current = None
                continue
            if repeat_depth:
                repeat_rows += 1
                continue
            question = self.question_reader.read_question(row, number, xls_type)
            if question is None:
                continue
            if row.get("relevant"):
                self.relevant[len(self.question_rows)] = row["relevant"]
            self.question_rows.append(number)
            if current is None:
                current = self._start_section(None, None)
            current["questions"].append(question)
        for kind, number, name in stack:
            self.problems.add(
                Severity.ERROR,
                _("The %(type)s “%(name)s” is not closed.") % {"type": f"begin_{kind}", "name": name},
                "survey",
                number,
            )
        self._drop_empty_sections()

    def _start_section(self, row: dict | None, number: int | None) -> dict:
        title = (self._text(row, "label") or row.get("name", "")) if row else ""
        section = {"title": title, "questions": []}
        self.sections.append(section)
        self.section_rows.append(number)
        return section

    def _drop_empty_sections(self) -> None:
        kept = [(s, r) for s, r in zip(self.sections, self.section_rows, strict=True) if s["questions"]]
        self.sections = [s for s, _r in kept]
        self.section_rows = [r for _s, r in kept]

    # Conditions -----------------------------------------------------------------------------------------

    def _read_conditions(self, questions: list[dict]) -> None:
        by_code = {q["code"]: q for q in questions}
        for index, question in enumerate(questions):
            expression = self.relevant.get(index)
            if not expression:
                continue
            number = self.question_rows[index]
            parsed = parse_relevant(expression)
            referred = by_code.get(parsed[1]) if parsed else None
            if parsed and parsed[1] not in self.names:
                self.problems.add(
                    Severity.ERROR,
                    _("The condition refers to “%(name)s”, which is not a question of the form.")
                    % {"name": parsed[1]},
                    "survey",
                    number,
                )
            elif parsed and referred is None:
                self.problems.add(
                    Severity.NOT_IMPORTED,
                    _(
                        "The condition refers to “%(name)s”, which was not imported; "
                        "the question is always shown."
                    )
                    % {"name": parsed[1]},
                    "survey",
                    number,
                )
            elif parsed and not (parsed[0] == "=" and referred["kind"] == QuestionKind.MULTIPLE):
                question["condition"] = {"question": parsed[1], "in": parsed[2]}
            else:
                self.problems.add(
                    Severity.NOT_IMPORTED,
                    _(
                        "The condition “%(relevant)s” cannot be represented; the question is always shown. "
                        "Conditions like ${q} = 'x' or selected(${q}, 'x'), joined with “or”, can be."
                    )
                    % {"relevant": shorten(expression, 120)},
                    "survey",
                    number,
                )

    # Settings and dimensions ----------------------------------------------------------------------------

    def _setting(self, key: str) -> str:
        sheet = self.sheets.get("settings")
        return sheet.rows[0][1].get(key, "") if sheet and sheet.rows else ""

    def _read_settings(self) -> dict:
        sheet = self.sheets.get("settings")
        if sheet and sheet.rows:
            for header, value in sheet.rows[0][1].items():
                if (
                    value
                    and header not in SETTINGS_COLUMNS
                    and header != "default_language"
                    and not header.startswith("$")
                ):
                    self.problems.add(
                        Severity.NOTE,
                        _("The setting “%(setting)s” is not used; ignored.") % {"setting": header},
                        "settings",
                    )
        stem = Path(self.filename).stem
        code = self._setting("form_id")
        if code and not CODE_RE.match(code):
            # "Library survey 2026" → "Library_survey_2026", as the form's id must be letters, digits, - and _.
            normalized = re.sub(r"[^-a-zA-Z0-9_]", "", re.sub(r"\s+", "_", code.strip()))[:60].strip("_")
            normalized = normalized or slugify(stem)[:60] or "xlsform"
            self.problems.add(
                Severity.NOTE,
                _(
                    "The form_id “%(form_id)s” is not only letters, digits, - and _; "
                    "the code “%(code)s” is used."
                )
                % {"form_id": shorten(code), "code": normalized},
                "settings",
            )
            code = normalized
        if not code:
            code = slugify(stem)[:60] or "xlsform"
            self.problems.add(
                Severity.NOTE,
                _("The settings sheet has no form_id; the code “%(code)s” is used.") % {"code": code},
                "settings",
            )
        version = (
            Questionnaire.objects.family(self.owner, code).aggregate(latest=models.Max("version"))["latest"]
            or 0
        ) + 1
        if version > 1:
            self.problems.add(
                Severity.NOTE,
                _(
                    "A questionnaire with the code “%(code)s” exists; "
                    "the import becomes its version %(version)d."
                )
                % {"code": code, "version": version},
            )
        return {
            "code": code,
            "version": version,
            "title": self._setting("form_title") or stem or code,
            "introduction": self._setting(INTRODUCTION_SETTING),
            "sources": self._setting(SOURCES_SETTING),
        }

    def _read_dimensions(self) -> list[dict]:
        sheet = self.sheets.get("dimensions")
        if sheet is None:
            return []
        self.dimension_rows = [number for number, _row in sheet.rows]
        return [
            {
                "code": row.get("code", ""),
                "name": row.get("name", "") or row.get("code", ""),
                "weight": number_or_text(row.get("weight", ""), 0),
            }
            for _number, row in sheet.rows
        ]

    # The shared rules -----------------------------------------------------------------------------------

    def _check(self, data: dict) -> None:
        for violation in violations(data):
            if violation.question is not None:
                sheet, number = "survey", self.question_rows[violation.question]
                if violation.rule == "no_choices" and number in self.question_reader.missing_list_rows:
                    continue
            elif violation.section is not None:
                sheet, number = "survey", self.section_rows[violation.section]
            elif violation.dimension is not None:
                sheet, number = "dimensions", self.dimension_rows[violation.dimension]
            else:
                settings = self.sheets.get("settings")
                sheet, number = "settings", settings.rows[0][0] if settings and settings.rows else None
            if violation.rule in ("question_code", "duplicate_code") and not violation.value:
                continue  # reported as "The question has no name."
            self.problems.add(Severity.ERROR, rule_message(violation.rule, violation.value), sheet, number)
