"""Public survey responses: answers checked against the questionnaire version, integrity checks, one insert.

A retried or double-tapped submission carries the same client identifier: with the same content it is acknowledged,
with different content refused. Suspicious responses (too fast, honeypot filled, unsigned start) are stored and
flagged, never dropped."""

import copy
import hashlib
import json
import uuid
from dataclasses import dataclass

from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from changxiao.core.deadlines import local_today
from changxiao.orgs.models import Region, Unit

from .choices import LIKERT_CHOICES, QuestionKind
from .models import Campaign, CampaignTarget, Question, Response

STARTED_SALT = "surveys.started"
MAX_SHORT_TEXT = 200
MAX_LONG_TEXT = 2000
LIKERT_VALUES = {value for value, _label in LIKERT_CHOICES}
QUOTA_COUNT_SECONDS = 5
_VERSION_QUESTIONS: dict = {}
# The jurisdiction picker offers the districts (counties and functional zones) of the campaign's jurisdiction.
PICKER_LEVELS = ("county", "zone")


class Refused(Exception):
    """A submission that cannot be taken, with a message for the respondent."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


def campaign_state(campaign: Campaign, *, counted_recently: bool = False) -> str | None:
    """None when open; otherwise why not, in the respondent's language. Page views may use a response count up to
    a few seconds old (counted_recently); a submission always counts exactly."""
    today = local_today()
    if today < campaign.starts_on:
        return _("This survey has not started yet. It opens on %(date)s.") % {
            "date": campaign.starts_on.isoformat()
        }
    if today > campaign.ends_on:
        return _("This survey ended on %(date)s. Thank you for your interest.") % {
            "date": campaign.ends_on.isoformat()
        }
    if campaign.quota and _response_count(campaign, counted_recently) >= campaign.quota:
        return _("This survey has received all the answers it needs. Thank you for your interest.")
    return None


def _response_count(campaign: Campaign, recent: bool) -> int:
    if not recent:
        return campaign.responses.count()
    return cache.get_or_set(f"surveys:count:{campaign.pk}", campaign.responses.count, QUOTA_COUNT_SECONDS)


def version_questions(questionnaire) -> list[Question]:
    """The questions of a version. A published version never changes, so its questions are read once per process;
    callers that annotate them work on copies."""
    if questionnaire.published_at is None:
        return list(questionnaire.questions.select_related("section"))
    key = (questionnaire.pk, questionnaire.published_at)
    questions = _VERSION_QUESTIONS.get(key)
    if questions is None:
        questions = list(questionnaire.questions.select_related("section"))
        _VERSION_QUESTIONS[key] = questions
    return [copy.copy(question) for question in questions]


def started_token() -> str:
    return signing.dumps(timezone.now().timestamp(), salt=STARTED_SALT)


def _seconds_since(token: str) -> int | None:
    try:
        started = signing.loads(token, salt=STARTED_SALT, max_age=24 * 3600)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return max(int(timezone.now().timestamp() - float(started)), 0)


def _shown(question: Question, answers: dict) -> bool:
    condition = question.condition or {}
    if not condition:
        return True
    given = answers.get(condition.get("question"))
    values = given if isinstance(given, list) else [given]
    return any(v in condition.get("in", []) for v in values if v is not None)


def _is_id(value: str) -> bool:
    """A database identifier as the pickers post it: plain ASCII digits, not too long."""
    return value.isascii() and value.isdecimal() and len(value) <= 12


def _clean(question: Question, raw: list[str], campaign: Campaign):
    """The stored value of one answer, or a ValidationError for the respondent."""
    values = [v.strip() for v in raw if v and v.strip()]
    if not values:
        return None
    if any("\x00" in v for v in values):
        raise ValidationError(
            _("“%(q)s”: the answer contains characters that cannot be stored.") % {"q": question.text}
        )
    kind = question.kind
    if kind == QuestionKind.MULTIPLE:
        allowed = {str(c[0]) for c in question.choices}
        if not set(values) <= allowed or len(values) > len(allowed):
            raise ValidationError(_("“%(q)s”: choose among the answers offered.") % {"q": question.text})
        return sorted(set(values))
    if len(values) > 1:
        raise ValidationError(_("“%(q)s”: give one answer.") % {"q": question.text})
    value = values[0]
    if kind == QuestionKind.SINGLE and value not in {str(c[0]) for c in question.choices}:
        raise ValidationError(_("“%(q)s”: choose among the answers offered.") % {"q": question.text})
    if kind == QuestionKind.LIKERT and value not in LIKERT_VALUES:
        raise ValidationError(_("“%(q)s”: choose a point of the scale.") % {"q": question.text})
    if kind == QuestionKind.RATING and value not in {str(n) for n in range(11)}:
        raise ValidationError(_("“%(q)s”: choose a number from 0 to 10.") % {"q": question.text})
    if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        limit = MAX_SHORT_TEXT if kind == QuestionKind.SHORT_TEXT else MAX_LONG_TEXT
        if len(value) > limit:
            raise ValidationError(_("“%(q)s”: at most %(n)s characters.") % {"q": question.text, "n": limit})
    if kind == QuestionKind.REGION and not (
        _is_id(value)
        and Region.objects.filter(
            pk=int(value), path__startswith=campaign.region.path, level__in=PICKER_LEVELS
        ).exists()
    ):
        raise ValidationError(_("“%(q)s”: choose one of the districts offered.") % {"q": question.text})
    if kind == QuestionKind.VENUE and not (
        _is_id(value) and Unit.objects.filter(pk=int(value), kind="venue", is_active=True).exists()
    ):
        raise ValidationError(_("“%(q)s”: choose one of the venues offered.") % {"q": question.text})
    return (
        int(value)
        if kind in (QuestionKind.RATING, QuestionKind.REGION, QuestionKind.VENUE, QuestionKind.LIKERT)
        else value
    )


def clean_answers(campaign: Campaign, data) -> dict:
    """Every answer of the form checked against the version; all problems at once."""
    answers: dict = {}
    errors: list[str] = []
    for question in version_questions(campaign.questionnaire):
        if not _shown(question, {k: str(v) if not isinstance(v, list) else v for k, v in answers.items()}):
            continue
        try:
            value = _clean(question, data.getlist(f"q_{question.code}"), campaign)
        except ValidationError as exc:
            errors += exc.messages
            continue
        if value is None:
            if question.required:
                errors.append(_("“%(q)s” needs an answer.") % {"q": question.text})
            continue
        answers[question.code] = value
    if errors:
        raise ValidationError(errors)
    return answers


@dataclass
class Outcome:
    response: Response
    replay: bool


def submit(*, target: CampaignTarget, data, client_ip: str = "") -> Outcome:
    campaign = target.campaign
    closed = campaign_state(campaign)
    if closed:
        raise Refused(closed, status=410)
    try:
        client_id = uuid.UUID(str(data.get("client_id", "")))
    except ValueError as exc:
        raise Refused(_("The form has expired. Please open the survey again."), status=400) from exc
    answers = clean_answers(campaign, data)
    digest = hashlib.sha256(json.dumps(answers, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    reasons = []
    seconds = _seconds_since(data.get("started", ""))
    if seconds is None:
        reasons.append("unsigned start")
    elif seconds < campaign.min_seconds:
        reasons.append(f"answered in {seconds}s")
    if data.get("website"):
        reasons.append("honeypot")
    region_id = answers.get("district") if isinstance(answers.get("district"), int) else None
    venue_id = target.venue_id or (answers.get("venue") if isinstance(answers.get("venue"), int) else None)
    try:
        with transaction.atomic():
            response = Response.objects.create(
                campaign=campaign,
                target=target,
                questionnaire_id=campaign.questionnaire_id,
                client_id=client_id,
                answers=answers,
                content_hash=digest,
                region_id=region_id or target.region_id,
                venue_id=venue_id,
                seconds=seconds,
                suspicious=bool(reasons),
                suspicion="; ".join(reasons),
            )
    except IntegrityError:  # the identifier is stored already: a retry, a double tap, or a reused form
        earlier = Response.objects.filter(client_id=client_id).first()
        if earlier is None:
            raise
        if earlier.content_hash != digest or earlier.target_id != target.pk:
            raise Refused(
                _("This form was already sent with other answers. Please open the survey again."), status=409
            ) from None
        return Outcome(earlier, replay=True)
    return Outcome(response, replay=False)
