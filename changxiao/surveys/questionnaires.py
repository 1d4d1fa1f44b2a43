"""Questionnaires shipped as data files (surveys/data/*.toml): checked, then loaded once per version."""

import tomllib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .choices import QuestionKind
from .models import Question, Questionnaire, Section

DATA_DIR = Path(__file__).resolve().parent / "data"
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


def check(data: dict, name: str) -> list[str]:
    problems = []
    dimensions = {d["code"] for d in data.get("dimensions", [])}
    seen: set[str] = set()
    for section in data.get("sections", []):
        for question in section.get("questions", []):
            where = f"{name} {question.get('code', '?')}"
            if question.get("code") in seen:
                problems.append(f"{where}: name used twice")
            if question.get("kind") not in QuestionKind.values:
                problems.append(f"{where}: unknown type {question.get('kind')!r}")
            if question.get("kind") in CHOICE_KINDS and not question.get("choices"):
                problems.append(f"{where}: a choice question needs choices")
            if question.get("dimension") and question["dimension"] not in dimensions:
                problems.append(f"{where}: unknown dimension {question['dimension']!r}")
            condition = question.get("condition")
            if condition and condition.get("question") not in seen:
                problems.append(f"{where}: a condition must refer to an earlier question")
            seen.add(question.get("code"))
    return problems


@transaction.atomic
def load(path: Path) -> tuple[Questionnaire, bool]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    problems = check(data, path.name)
    if problems:
        raise ValidationError(problems)
    existing = Questionnaire.objects.filter(code=data["code"], version=data["version"]).first()
    if existing is not None:
        return existing, False
    questionnaire = Questionnaire.objects.create(
        code=data["code"],
        version=data["version"],
        title=data["title"],
        introduction=data.get("introduction", ""),
        dimensions=data.get("dimensions", []),
        sources=data.get("sources", ""),
        published_at=timezone.now(),
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
            )
            position += 1
    return questionnaire, True


def load_shipped() -> list[tuple[Questionnaire, bool]]:
    return [load(path) for path in sorted(DATA_DIR.glob("*.toml"))]
