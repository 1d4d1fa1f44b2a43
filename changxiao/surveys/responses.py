"""Public survey responses: the link, the campaign's state, answers checked against the questionnaire version and the
integrity checks, for the page and for services.response_submit, which stores a response in one insert.

A retried or double-tapped submission carries the same client identifier: with the same content it is acknowledged,
with different content refused. Suspicious responses (too fast, honeypot filled, unsigned start) are stored and
flagged, never dropped."""

import copy
import time
from dataclasses import dataclass

from django.core import signing
from django.core.cache import cache, caches
from django.core.exceptions import ValidationError
from django.db.models import Count, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from changxiao.core.deadlines import local_today
from changxiao.core.personal_data import redact_identifiers
from changxiao.orgs.districts import districts_of, venues_by_district
from changxiao.orgs.models import Region, Unit

from . import ranges
from .choices import LIKERT_CHOICES, RANGED_KINDS, QuestionKind
from .models import (
    Campaign,
    CampaignTarget,
    Question,
    Questionnaire,
    Response,
)

STARTED_SALT = "surveys.started"
MAX_SHORT_TEXT = 200
MAX_LONG_TEXT = 2000
LIKERT_VALUES = {value for value, _label in LIKERT_CHOICES}
RATING_VALUES = {str(n) for n in range(11)}
QUOTA_COUNT_SECONDS = 5
TARGET_SECONDS = 5
OFFERED_SECONDS = 60
# The page's form with what its pickers offer, kept per process as long as _offered keeps the identifiers.
FORMS_CACHE = "survey_forms"
_VERSION_QUESTIONS: dict = {}
_VERSION_RULES: dict = {}
# What each process keeps for a few seconds (see _kept): token → (kept until, target); (picker kind, region) →
# (kept until, identifiers offered).
_TARGETS: dict[str, tuple[float, CampaignTarget]] = {}
_OFFERED: dict[tuple[str, int | None], tuple[float, frozenset[int]]] = {}


class Refused(Exception):
    """A submission that cannot be taken, with a message for the respondent."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


class Unavailable(Refused):
    """Answers that passed every check but could not be stored just now (the database busy or unreachable): nothing
    was stored, and the same form sent again is stored once (its client identifier)."""

    def __init__(self):
        super().__init__(
            _(
                "Your answers could not be saved just now. Please send them again in a minute "
                "(they are never stored twice)."
            ),
            status=503,
        )


def campaign_state(campaign: Campaign, *, counted_recently: bool = False) -> str | None:
    """None when open; otherwise why not, in the respondent's language. Page views may use a response count up to
    a few seconds old (counted_recently); a submission counts exactly where it is stored (services.response_submit)."""
    dates = dates_state(campaign)
    if dates:
        return dates
    if campaign.quota and _response_count(campaign, counted_recently) >= campaign.quota:
        return full_message()
    return None


def dates_state(campaign: Campaign) -> str | None:
    today = local_today()
    if today < campaign.starts_on:
        return _("This survey has not started yet. It opens on %(date)s.") % {
            "date": campaign.starts_on.isoformat()
        }
    if today > campaign.ends_on:
        return _("This survey ended on %(date)s. Thank you for your interest.") % {
            "date": campaign.ends_on.isoformat()
        }
    return None


def full_message() -> str:
    return _("This survey has received all the answers it needs. Thank you for your interest.")


def _response_count(campaign: Campaign, recent: bool) -> int:
    if not recent:
        return quota_filled(campaign)
    return cache.get_or_set(
        f"surveys:count:{campaign.pk}", lambda: quota_filled(campaign), QUOTA_COUNT_SECONDS
    )


def _count(queryset) -> Subquery:
    return Subquery(queryset.order_by().annotate(n=Func("pk", function="COUNT")).values("n"))


def quota_filled(campaign: Campaign) -> int:
    """How much of the quota the campaign's responses fill: the counted ones (index.counted: unflagged, or included
    by the office), so a robot's flagged answers, kept for review, cannot close a campaign.

    One query: all the campaign's responses (the index on campaign and id alone) less the flagged ones not included
    (the partial index of flagged responses, which an unflagged insert never writes), so a submission to a campaign
    with a quota costs what it cost when every response counted. The office includes or excludes flagged responses
    only, so these are exactly the responses index.counted leaves out."""
    responses = Response.objects.filter(campaign_id=campaign.pk)
    uncounted = responses.filter(suspicious=True).exclude(included=True)
    total, left_out = (
        Campaign.objects.filter(pk=campaign.pk).values_list(_count(responses), _count(uncounted)).get()
    )
    return total - left_out


def version_questions(questionnaire, *, copies: bool = True) -> list[Question]:
    """The questions of a version. A published version never changes, so its questions are read once per process;
    callers that annotate them get copies (copies=False for callers that only read them)."""
    if questionnaire.published_at is None:
        return list(questionnaire.questions.select_related("section"))
    key = (questionnaire.pk, questionnaire.published_at)
    questions = _VERSION_QUESTIONS.get(key)
    if questions is None:
        questions = list(questionnaire.questions.select_related("section"))
        _VERSION_QUESTIONS[key] = questions
    return [copy.copy(question) for question in questions] if copies else questions


@dataclass(frozen=True, slots=True)
class _Rule:
    """How the submission check reads one question, worked out once per published version."""

    question: Question
    field: str  # the form field: q_<code>
    allowed: frozenset[str] | None  # the values a choice, scale or rating question accepts
    shown_if: tuple[str, frozenset[str]] | None  # (question code, answers) of its display condition
    bounds: tuple = (None, None)  # a number or date question's smallest and largest answer


def _rules(questionnaire) -> list[_Rule]:
    key = (questionnaire.pk, questionnaire.published_at)
    rules = _VERSION_RULES.get(key) if questionnaire.published_at is not None else None
    if rules is None:
        rules = [_rule(question) for question in version_questions(questionnaire, copies=False)]
        if questionnaire.published_at is not None:
            _VERSION_RULES[key] = rules
    return rules


def _rule(question: Question) -> _Rule:
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        allowed = frozenset(str(choice[0]) for choice in question.choices)
    else:
        allowed = {QuestionKind.LIKERT: LIKERT_VALUES, QuestionKind.RATING: RATING_VALUES}.get(question.kind)
    condition = question.condition or {}
    shown_if = (condition.get("question"), frozenset(condition.get("in", []))) if condition else None
    limits = (
        ranges.bounds(question.kind, question.minimum, question.maximum)
        if question.kind in RANGED_KINDS
        else (None, None)
    )
    return _Rule(question, f"q_{question.code}", allowed, shown_if, limits)


def started_token() -> str:
    return signing.dumps(timezone.now().timestamp(), salt=STARTED_SALT)


def seconds_since(token: str) -> int | None:
    try:
        started = signing.loads(token, salt=STARTED_SALT, max_age=24 * 3600)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return max(int(timezone.now().timestamp() - float(started)), 0)


def _shown(rule: _Rule, answers: dict) -> bool:
    if rule.shown_if is None:
        return True
    code, wanted = rule.shown_if
    given = answers.get(code)
    values = given if isinstance(given, list) else [given]
    return any(v in wanted for v in values if v is not None)


def public_target(token: str) -> CampaignTarget | None:
    """The target of a public link with its campaign, questionnaire and jurisdiction. Every page view and submission
    needs it, so each process keeps it for a few seconds: a saved change to the target, its campaign or the
    questionnaire shows at once in the process that saved it and within TARGET_SECONDS in the others."""
    if not (token.isascii() and 0 < len(token) <= 20 and token.replace("-", "").replace("_", "").isalnum()):
        return None
    found = CampaignTarget.objects.select_related("campaign__questionnaire", "campaign__region")
    return _kept(
        _TARGETS, token, TARGET_SECONDS, lambda: next(iter(found.filter(token=token).order_by()[:1]), None)
    )


def _kept(store: dict, key, seconds: float, compute):
    """store[key], worked out again when older than `seconds` (None is not kept): what every public request needs
    and changes rarely, kept in this process without a round trip to the shared cache."""
    now = time.monotonic()
    kept = store.get(key)
    if kept is not None and kept[0] > now:
        return kept[1]
    value = compute()
    if value is not None:
        store[key] = (now + seconds, value)
    return value


@receiver([post_save, post_delete], sender=CampaignTarget)
@receiver([post_save, post_delete], sender=Campaign)
@receiver([post_save, post_delete], sender=Questionnaire)
def _forget_targets(**kwargs) -> None:
    _TARGETS.clear()


@receiver([post_save, post_delete], sender=Region)
@receiver([post_save, post_delete], sender=Unit)
def _forget_offered(**kwargs) -> None:
    _OFFERED.clear()
    caches[FORMS_CACHE].clear()


def region_options(region: Region | None) -> list[tuple[str, str]]:
    """What the jurisdiction picker offers: the districts of the campaign's jurisdiction, in code order."""
    return [(str(pk), name) for pk, name in districts_of(region).values_list("pk", "name")]


def venue_options(region: Region | None) -> list[tuple[str, list[tuple[str, str]]]]:
    """What the venue picker offers: the active venues of the campaign's jurisdiction, grouped by district, so a
    respondent finds theirs in a long list."""
    return [
        (district, [(str(pk), name) for pk, name in venues])
        for district, venues in venues_by_district(region)
    ]


def _offered(kind: str, campaign: Campaign) -> frozenset[int]:
    """The identifiers the pickers offer (region_options, venue_options). Each process keeps them OFFERED_SECONDS
    and forgets them when it saves a region or unit."""

    def offered():
        if kind == QuestionKind.REGION:
            return frozenset(int(pk) for pk, _name in region_options(campaign.region))
        return frozenset(int(pk) for _group, venues in venue_options(campaign.region) for pk, _name in venues)

    return _kept(_OFFERED, (kind, campaign.region_id), OFFERED_SECONDS, offered)


def _is_id(value: str) -> bool:
    """A database identifier as the pickers post it: plain ASCII digits, not too long."""
    return value.isascii() and value.isdecimal() and len(value) <= 12


def _clean(rule: _Rule, raw: list[str], campaign: Campaign):
    """The stored value of one answer, or a ValidationError for the respondent."""
    values = [value for value in (v.strip() for v in raw) if value]
    if not values:
        return None
    question = rule.question
    if any("\x00" in v for v in values):
        raise ValidationError(
            _("“%(q)s”: the answer contains characters that cannot be stored.") % {"q": question.text}
        )
    kind = question.kind
    if kind == QuestionKind.MULTIPLE:
        allowed = rule.allowed
        if not allowed.issuperset(values) or len(values) > len(allowed):
            raise ValidationError(_("“%(q)s”: choose among the answers offered.") % {"q": question.text})
        return sorted(set(values))
    if len(values) > 1:
        raise ValidationError(_("“%(q)s”: give one answer.") % {"q": question.text})
    value = values[0]
    if rule.allowed is not None and value not in rule.allowed:
        if kind == QuestionKind.LIKERT:
            raise ValidationError(_("“%(q)s”: choose a point of the scale.") % {"q": question.text})
        if kind == QuestionKind.RATING:
            raise ValidationError(_("“%(q)s”: choose a number from 0 to 10.") % {"q": question.text})
        raise ValidationError(_("“%(q)s”: choose among the answers offered.") % {"q": question.text})
    if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        limit = MAX_SHORT_TEXT if kind == QuestionKind.SHORT_TEXT else MAX_LONG_TEXT
        if len(value) > limit:
            raise ValidationError(_("“%(q)s”: at most %(n)s characters.") % {"q": question.text, "n": limit})
        return redact_identifiers(value)  # anonymous: a phone or card number typed here is not kept
    if kind in RANGED_KINDS:
        return ranges.stored(_ranged(rule, value))
    if kind == QuestionKind.REGION and not (_is_id(value) and int(value) in _offered(kind, campaign)):
        raise ValidationError(_("“%(q)s”: choose one of the districts offered.") % {"q": question.text})
    if kind == QuestionKind.VENUE and not (_is_id(value) and int(value) in _offered(kind, campaign)):
        raise ValidationError(_("“%(q)s”: choose one of the venues offered.") % {"q": question.text})
    return (
        int(value)
        if kind in (QuestionKind.RATING, QuestionKind.REGION, QuestionKind.VENUE, QuestionKind.LIKERT)
        else value
    )


def _ranged(rule: _Rule, value: str):
    """A whole number, decimal or date answer within the question's bounds, or a ValidationError."""
    question = rule.question
    parsed = ranges.parse(question.kind, value)
    if parsed is None:
        message = {
            QuestionKind.INTEGER: _("“%(q)s”: write a whole number, such as 12."),
            QuestionKind.DECIMAL: _("“%(q)s”: write a number, such as 2.5 (at most three decimals)."),
            QuestionKind.DATE: _("“%(q)s”: write a date as year-month-day, such as 2026-05-01."),
        }[question.kind]
        raise ValidationError(message % {"q": question.text})
    low, high = rule.bounds
    if (low is not None and parsed < low) or (high is not None and parsed > high):
        shown = {"q": question.text, "min": question.minimum, "max": question.maximum}
        if low is not None and high is not None:
            message = _("“%(q)s”: the answer must lie between %(min)s and %(max)s.")
        elif low is not None:
            message = _("“%(q)s”: the answer must be at least %(min)s.")
        else:
            message = _("“%(q)s”: the answer must be at most %(max)s.")
        raise ValidationError(message % shown)
    return parsed


def clean_answers(campaign: Campaign, data) -> dict:
    """Every answer of the form checked against the version; all problems at once."""
    answers: dict = {}
    given: dict = {}  # the answers so far as the display conditions compare them (texts, or lists of texts)
    errors: list[str] = []
    for rule in _rules(campaign.questionnaire):
        if not _shown(rule, given):
            continue
        try:
            value = _clean(rule, data.getlist(rule.field), campaign)
        except ValidationError as exc:
            errors += exc.messages
            continue
        question = rule.question
        if value is None:
            if question.required:
                errors.append(_("“%(q)s” needs an answer.") % {"q": question.text})
            continue
        answers[question.code] = value
        given[question.code] = value if isinstance(value, list) else str(value)
    if errors:
        raise ValidationError(errors)
    return answers


def response_count(condition: Q | None = None) -> Coalesce:
    """An annotation of campaigns: how many of the campaign's responses meet `condition`, counted in a subquery on the
    responses' campaign index. (Counted over a join of the campaigns to their responses, GROUP BY carried the
    campaigns' and questionnaires' wide rows into a sort of every response: 420 ms for a city's 77,000.) COUNT(*), so
    a district's share of a city's campaign (`region_id IN (…)`) is counted from the index of campaign and region
    alone: 2.3 s → 15 ms for a county's 96,000 of 10,000,000 responses (COUNT(id) read every one from the table)."""
    responses = (
        Response.objects.filter(condition or Q(), campaign=OuterRef("pk"))
        .order_by()
        .values("campaign")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(responses, output_field=IntegerField()), 0)
