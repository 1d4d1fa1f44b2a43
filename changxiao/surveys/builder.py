"""The office's questionnaire builder: drafts are edited freely; publishing checks and freezes a version; editing a
published questionnaire starts the next version as a draft copy, so every response keeps the version it answered."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.timeline import record_event, register_verbs
from changxiao.orgs.models import Region, User
from changxiao.orgs.owned import applies_in, can_keep, keeping_regions

from . import ranges
from .choices import RANGED_KINDS, QuestionKind
from .models import Question, Questionnaire, Section
from .permissions import can_edit
from .questionnaires import CHOICE_KINDS, bound_violations, violations
from .xlsform import rule_message

LAST = 32000  # a position after every other one

register_verbs(
    {
        "questionnaire_published": gettext_lazy("published this version"),
        "questionnaire_new_version": gettext_lazy("started a new version"),
    }
)


def _editable(questionnaire: Questionnaire, by: User) -> None:
    if not can_edit(by, questionnaire):
        raise PermissionDenied
    if Questionnaire.objects.filter(pk=questionnaire.pk, published_at__isnull=False).exists():
        raise ValidationError(
            _("This version is published and can no longer change. Start a new version to edit it.")
        )


def as_data(questionnaire: Questionnaire) -> dict:
    """The questionnaire in the shape of the shipped data files (surveys/data/*.toml)."""
    sections = []
    for section in questionnaire.sections.prefetch_related("questions"):
        sections.append(
            {
                "title": section.title,
                "questions": [
                    {
                        "code": q.code,
                        "kind": q.kind,
                        "text": q.text,
                        "help": q.help_text,
                        "required": q.required,
                        "choices": q.choices,
                        "dimension": q.dimension,
                        "weight": float(q.weight),
                        "condition": q.condition,
                        "minimum": q.minimum,
                        "maximum": q.maximum,
                    }
                    for q in sorted(section.questions.all(), key=lambda q: (q.position, q.pk))
                ],
            }
        )
    return {
        "code": questionnaire.code,
        "version": questionnaire.version,
        "title": questionnaire.title,
        "introduction": questionnaire.introduction,
        "sources": questionnaire.sources,
        "dimensions": questionnaire.dimensions,
        "sections": sections,
    }


@transaction.atomic
def questionnaire_create(*, by: User, owner: Region, code: str, title: str) -> Questionnaire:
    """A new questionnaire of the owner's jurisdiction, as a draft."""
    if not can_keep(by, owner):
        raise PermissionDenied
    if Questionnaire.objects.family(owner, code).exists():
        raise ValidationError(
            _("A questionnaire with this code exists already; start a new version of it instead.")
        )
    questionnaire = Questionnaire.objects.create(owner=owner, code=code, version=1, title=title.strip())
    Section.objects.create(questionnaire=questionnaire, position=0, title=_("Questions"))
    record_event(questionnaire, actor=by, verb="created")
    return questionnaire


@transaction.atomic
def questionnaire_update(*, questionnaire: Questionnaire, by: User, **fields) -> Questionnaire:
    _editable(questionnaire, by)
    for name in ("title", "introduction", "sources"):
        if name in fields:
            setattr(questionnaire, name, fields[name].strip())
    questionnaire.save(update_fields=["title", "introduction", "sources"])
    return questionnaire


def parse_dimensions(text: str) -> list[dict]:
    """One dimension per line: code | name | weight."""
    dimensions, problems, seen = [], [], set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 3 or not parts[0] or not parts[1]:
            problems.append(_("Line %(n)s: write code | name | weight.") % {"n": number})
            continue
        code, name, weight = parts
        try:
            value = Decimal(weight)
        except InvalidOperation:
            value = Decimal(-1)
        if not (0 < value <= 100):
            problems.append(_("Line %(n)s: the weight must be a number above 0.") % {"n": number})
            continue
        if not code.replace("_", "").isalnum() or not code.isascii():
            problems.append(_("Line %(n)s: the code may use letters, digits and _ only.") % {"n": number})
            continue
        if code in seen:
            problems.append(_("Line %(n)s: the code %(code)s is used twice.") % {"n": number, "code": code})
            continue
        seen.add(code)
        dimensions.append({"code": code, "name": name, "weight": float(value)})
    if problems:
        raise ValidationError(problems)
    return dimensions


@transaction.atomic
def dimensions_set(*, questionnaire: Questionnaire, by: User, text: str) -> Questionnaire:
    _editable(questionnaire, by)
    dimensions = parse_dimensions(text)
    codes = {d["code"] for d in dimensions}
    used = set(questionnaire.questions.exclude(dimension="").values_list("dimension", flat=True))
    if used - codes:
        raise ValidationError(
            _("Questions still belong to %(codes)s; move them to another dimension first.")
            % {"codes": ", ".join(sorted(used - codes))}
        )
    questionnaire.dimensions = dimensions
    questionnaire.save(update_fields=["dimensions"])
    return questionnaire


@transaction.atomic
def section_add(*, questionnaire: Questionnaire, by: User, title: str) -> Section:
    _editable(questionnaire, by)
    last = questionnaire.sections.aggregate(last=Max("position"))["last"]
    return Section.objects.create(questionnaire=questionnaire, position=(last or 0) + 1, title=title.strip())


@transaction.atomic
def section_rename(*, section: Section, by: User, title: str) -> Section:
    _editable(section.questionnaire, by)
    section.title = title.strip()
    section.save(update_fields=["title"])
    return section


@transaction.atomic
def section_delete(*, section: Section, by: User) -> None:
    _editable(section.questionnaire, by)
    if section.questions.exists():
        raise ValidationError(_("Move or delete the section's questions first."))
    section.delete()


def _renumber(questionnaire: Questionnaire) -> None:
    """Positions follow the sections, then the questions' order inside them."""
    ordered = sorted(
        questionnaire.questions.select_related("section"),
        key=lambda q: (q.section.position, q.position, q.pk),
    )
    for position, question in enumerate(ordered):
        if question.position != position:
            question.position = position
            question.save(update_fields=["position"])


def _check_question(questionnaire: Questionnaire, question: Question) -> None:
    problems = []
    if question.kind in CHOICE_KINDS and not question.choices:
        problems.append(_("A choice question needs its answers, one per line."))
    if question.dimension and question.dimension not in {d["code"] for d in questionnaire.dimensions}:
        problems.append(_("Choose one of the questionnaire's dimensions."))
    if question.dimension and question.kind != QuestionKind.LIKERT:
        problems.append(_("Only 5-point scale questions count in a dimension."))
    for rule, value in bound_violations(
        {"kind": question.kind, "minimum": question.minimum, "maximum": question.maximum}
    ):
        problems.append(rule_message(rule, value))
    condition = question.condition or {}
    if condition:
        earlier = {
            q.code: q
            for q in questionnaire.questions.select_related("section").exclude(pk=question.pk)
            if (q.section.position, q.position) < (question.section.position, question.position)
        }
        source = earlier.get(condition.get("question"))
        if source is None:
            problems.append(_("A display condition must refer to an earlier question."))
        elif source.kind in CHOICE_KINDS:
            offered = {str(c[0]) for c in source.choices}
            if not set(condition.get("in", [])) <= offered or not condition.get("in"):
                problems.append(_("The condition's answers must be among the earlier question's answers."))
        elif source.kind not in (QuestionKind.LIKERT, QuestionKind.RATING):
            problems.append(_("A condition can only refer to a choice, scale or rating question."))
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def question_save(*, question: Question, by: User, changed: tuple = ()) -> Question:
    """Add or change a question of a draft; changed names the fields the form changed."""
    questionnaire = question.questionnaire
    _editable(questionnaire, by)
    if questionnaire.questions.filter(code=question.code).exclude(pk=question.pk).exists():
        raise ValidationError(_("Another question already has the name %(code)s.") % {"code": question.code})
    if question.pk is None or "section" in changed:
        question.position = LAST  # to the end of its section; renumbered below
    if question.kind not in CHOICE_KINDS:
        question.choices = []
    if question.kind not in RANGED_KINDS:
        question.minimum = question.maximum = ""
    _check_question(questionnaire, question)
    # Kept as the answers are compared: 07 → 7, 2026-1-5 → 2026-01-05.
    question.minimum = ranges.bound_text(question.kind, question.minimum) or ""
    question.maximum = ranges.bound_text(question.kind, question.maximum) or ""
    question.save()
    _renumber(questionnaire)
    return question


@transaction.atomic
def question_delete(*, question: Question, by: User) -> None:
    questionnaire = question.questionnaire
    _editable(questionnaire, by)
    dependants = questionnaire.questions.filter(condition__question=question.code)
    if dependants.exists():
        raise ValidationError(
            _("Questions %(codes)s are shown depending on this one; change them first.")
            % {"codes": ", ".join(dependants.values_list("code", flat=True))}
        )
    question.delete()
    _renumber(questionnaire)


@transaction.atomic
def question_move(*, question: Question, by: User, step: int) -> None:
    """Up or down by one inside its section; refused when a question would come before the one it depends on."""
    questionnaire = question.questionnaire
    _editable(questionnaire, by)
    siblings = list(question.section.questions.order_by("position", "pk"))
    at = siblings.index(question)
    if not 0 <= at + step < len(siblings):
        return
    other = siblings[at + step]
    question.position, other.position = other.position, question.position
    question.save(update_fields=["position"])
    other.save(update_fields=["position"])
    for sibling in questionnaire.questions.select_related("section").exclude(condition={}):
        try:
            _check_question(questionnaire, sibling)
        except ValidationError:
            raise ValidationError(
                _("“%(q)s” would come before the question its display depends on.") % {"q": sibling.text}
            ) from None
    _renumber(questionnaire)


@transaction.atomic
def questionnaire_publish(*, questionnaire: Questionnaire, by: User) -> Questionnaire:
    """Check the whole draft and freeze it; campaigns can then use it."""
    _editable(questionnaire, by)
    data = as_data(questionnaire)
    questions = [q for section in data["sections"] for q in section["questions"]]
    problems = []
    for violation in violations(data):
        message = rule_message(violation.rule, violation.value)
        if violation.question is not None:
            message = f"“{questions[violation.question]['text']}”: {message}"
        problems.append(message)
    if not questionnaire.questions.exists():
        problems.append(_("Add at least one question."))
    if questionnaire.questions.exclude(dimension="").exists() and not questionnaire.dimensions:
        problems.append(_("Set the dimensions and their weights."))
    if problems:
        raise ValidationError(problems)
    questionnaire.published_at = timezone.now()
    questionnaire.save(update_fields=["published_at"])
    record_event(questionnaire, actor=by, verb="questionnaire_published", comment=f"v{questionnaire.version}")
    return questionnaire


@transaction.atomic
def questionnaire_new_version(
    *, questionnaire: Questionnaire, by: User, owner: Region | None = None
) -> Questionnaire:
    """The next version as a draft copy of this one (or the draft that already exists). An office that does not
    keep the questionnaire (a shipped one, the province's) starts its own jurisdiction's next version of it: owner,
    or the first jurisdiction it keeps."""
    if can_edit(by, questionnaire):
        owner = questionnaire.owner
    else:
        owner = owner or keeping_regions(by).first()
        if owner is None or not can_keep(by, owner) or not applies_in(questionnaire.owner, owner):
            raise PermissionDenied
    versions = Questionnaire.objects.family(owner, questionnaire.code)
    draft = versions.filter(owner=owner, published_at__isnull=True).first()
    if draft is not None:
        return draft
    latest = versions.aggregate(last=Max("version"))["last"]
    copy = Questionnaire.objects.create(
        owner=owner,
        code=questionnaire.code,
        version=latest + 1,
        title=questionnaire.title,
        introduction=questionnaire.introduction,
        dimensions=questionnaire.dimensions,
        sources=questionnaire.sources,
    )
    sections = {}
    for section in questionnaire.sections.all():
        sections[section.pk] = Section.objects.create(
            questionnaire=copy, position=section.position, title=section.title
        )
    Question.objects.bulk_create(
        [
            Question(
                questionnaire=copy,
                section=sections[q.section_id],
                code=q.code,
                position=q.position,
                kind=q.kind,
                text=q.text,
                help_text=q.help_text,
                required=q.required,
                choices=q.choices,
                dimension=q.dimension,
                weight=q.weight,
                condition=q.condition,
                minimum=q.minimum,
                maximum=q.maximum,
            )
            for q in questionnaire.questions.all()
        ]
    )
    record_event(
        copy,
        actor=by,
        verb="questionnaire_new_version",
        comment=f"v{questionnaire.version} → v{copy.version}",
    )
    return copy


@transaction.atomic
def questionnaire_delete_draft(*, questionnaire: Questionnaire, by: User) -> None:
    _editable(questionnaire, by)
    questionnaire.delete()
