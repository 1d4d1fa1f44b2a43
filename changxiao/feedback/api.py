"""API of the feedback channel: submit and track (public, no sign-in, rate-limited), list and reply (staff)."""

import logging
from datetime import date, datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, FilterSchema, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from changxiao.core.events import FindingOutcome
from changxiao.core.models import TimelineEvent
from changxiao.core.ratelimit import api_read_limit, client_ip, too_many_json
from changxiao.core.timeline import verb_label
from changxiao.orgs.models import Region, Unit

from . import services
from .choices import FeedbackState, Kind, Rating
from .models import Category, FeedbackItem
from .permissions import get_item_by_code, get_item_for_user
from .views import FEEDBACK_LIMITS, _drop_broken_connection

logger = logging.getLogger(__name__)
router = Router(tags=["feedback"])
PUBLIC_READS_PER_MINUTE = 120


class FeedbackIn(Schema):
    kind: Kind
    category_id: int
    region_id: int
    venue_id: int | None = None
    content: Annotated[str, Field(min_length=5, max_length=2000)]
    name: Annotated[str, Field(max_length=40)] = ""
    phone: Annotated[str, Field(max_length=20)] = ""


class ReceiptOut(Schema):
    code: str
    state: FeedbackState
    answer_due: date


class PublicReplyOut(Schema):
    text: str
    created_at: datetime
    unit: str


class PublicEventOut(Schema):
    at: datetime
    what: str


class PublicOutcomeOut(Schema):
    outcome: FindingOutcome
    decided_on: date
    text: str


class TrackOut(Schema):
    code: str
    kind: Kind
    category: str
    region: str
    state: FeedbackState
    submitted_at: datetime
    answer_due: date
    content: str
    replies: list[PublicReplyOut]
    outcomes: list[PublicOutcomeOut]
    outcome_rating: Rating | None
    events: list[PublicEventOut]


@router.post(
    "/public/feedback",
    auth=None,
    response={201: ReceiptOut, 200: ReceiptOut},
    summary="Submit feedback (public)",
)
def submit_feedback(request, payload: FeedbackIn):
    """A message the database could not take (PostgreSQL restarting, unreachable) is answered 503 with Retry-After,
    as the web form is (views.public_submit): nothing was stored, and sent again it is stored once."""
    # The web form's budgets (views.FEEDBACK_LIMITS): accepted messages count, refused ones do not.
    wait = FEEDBACK_LIMITS.wait(request)
    if wait:
        return too_many_json(wait)
    try:
        return _submit_feedback(request, payload)
    except (OperationalError, InterfaceError):
        logger.exception("A feedback message (API) could not be stored: the database did not answer")
    _drop_broken_connection()
    unsaved = _(
        "Your message could not be saved just now. Please send it again in a minute (it is never stored twice)."
    )
    response = JsonResponse({"detail": unsaved, "retry_after": 60}, status=503)
    response["Retry-After"] = "60"
    return response


def _submit_feedback(request, payload: FeedbackIn):
    category = Category.objects.filter(pk=payload.category_id, is_active=True).first()
    region = Region.objects.filter(pk=payload.region_id).first()
    venue = Unit.objects.filter(pk=payload.venue_id, kind="venue").first() if payload.venue_id else None
    if category is None or region is None or (payload.venue_id and venue is None):
        raise HttpError(422, "Unknown category, jurisdiction or venue.")
    try:
        item, created = services.feedback_submit(
            kind=payload.kind,
            category=category,
            region=region,
            venue=venue,
            content=payload.content,
            name=payload.name,
            phone=payload.phone,
            client=client_ip(request),
            source=FeedbackItem.Source.API,
        )
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    if created:
        FEEDBACK_LIMITS.accepted(request)
    return Status(201 if created else 200, item)


@router.get(
    "/public/feedback/{code}", auth=None, response=TrackOut, summary="Track feedback by its code (public)"
)
def track_feedback(request, code: str):
    limited = api_read_limit(request, "public-read", limit=PUBLIC_READS_PER_MINUTE)
    if limited:
        return limited
    item = get_item_by_code(code)
    events = (
        TimelineEvent.objects.for_object(item)
        .filter(verb__in=services.PUBLIC_VERBS)
        .order_by("created_at", "pk")
    )
    return {
        "code": item.code,
        "kind": item.kind,
        "category": item.category.name,
        "region": item.region.name,
        "state": item.state,
        "submitted_at": item.submitted_at,
        "answer_due": item.answer_due,
        # Anyone holding the code reads this: the texts redacted as on the tracking page.
        "content": item.redacted(item.content),
        "replies": [
            {"text": item.redacted(r.text), "created_at": r.created_at, "unit": r.unit.name if r.unit else ""}
            for r in item.replies.filter(is_public=True).select_related("unit")
        ],
        "outcomes": [
            {"outcome": o.outcome, "decided_on": o.decided_on, "text": o.public_text()}
            for o in item.outcomes.all()
        ],
        "outcome_rating": item.outcome_rating or None,
        "events": [{"at": e.created_at, "what": str(verb_label(e.verb))} for e in events],
    }


class ItemOut(Schema):
    id: int
    code: str
    kind: Kind
    category: str = Field(alias="category.name")
    region_id: int
    unit_id: int | None
    state: FeedbackState
    content: str
    phone_masked: str
    submitted_at: datetime
    answer_due: date
    answered_on: date | None
    transfer_count: int
    outcome: FindingOutcome | None
    outcome_rating: Rating | None
    needs_follow_up: bool

    @staticmethod
    def resolve_outcome(obj) -> str | None:
        return obj.outcome or None

    @staticmethod
    def resolve_outcome_rating(obj) -> str | None:
        return obj.outcome_rating or None


class ItemFilter(FilterSchema):
    state: FeedbackState | None = None
    kind: Kind | None = None
    unit_id: int | None = None


@router.get("/feedback", response=list[ItemOut], summary="Feedback visible to the caller")
@paginate
def list_feedback(request, filters: Query[ItemFilter]):
    items = (
        FeedbackItem.objects.visible_to(request.auth).select_related("category").order_by("answer_due", "pk")
    )
    return filters.filter(items)


class ReplyIn(Schema):
    text: Annotated[str, Field(min_length=1, max_length=5000)]
    public: bool = True


class ReplyOut(Schema):
    id: int
    text: str
    is_public: bool
    created_at: datetime


@router.post(
    "/feedback/{item_id}/replies", response={201: ReplyOut}, summary="Reply to an item (handling unit)"
)
def reply_feedback(request, item_id: int, payload: ReplyIn):
    item = get_item_for_user(request.auth, item_id)
    try:
        reply = services.reply_add(item=item, by=request.auth, text=payload.text, public=payload.public)
    except PermissionDenied as exc:
        raise HttpError(403, "Only the handling unit replies.") from exc
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    return Status(201, reply)
