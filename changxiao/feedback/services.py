"""Workflows of the feedback channel: submission and routing, handling, replies, ratings, transfers, escalation."""

import hashlib
import logging
import re
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core import organizations, volunteer_teams
from changxiao.core.bounds import check_text
from changxiao.core.deadlines import local_today
from changxiao.core.events import (
    FindingOpened,
    FindingOpenRequest,
    FindingOutcome,
    FindingOutcomeEvent,
    ask,
    finding_open,
)
from changxiao.core.notifications import notify
from changxiao.core.permissions import require
from changxiao.core.personal_data import encrypt, mask_phone, normalize_phone
from changxiao.core.timeline import record_event, register_verbs
from changxiao.core.uploads import attach_files, validate_uploads
from changxiao.orgs.models import Region, Unit, User
from changxiao.orgs.owned import applies_in
from changxiao.orgs.recipients import region_managers, unit_people
from changxiao.orgs.scope import ancestor_paths, get_scope

from .choices import (
    TRANSFER_FLAG_AFTER,
    FeedbackState,
    Kind,
    Rating,
)
from .configuration import deadlines_for, route
from .models import (
    Category,
    Evaluation,
    FeedbackItem,
    PhoneView,
    Reply,
    SocialOffer,
    SupervisionOutcome,
    TransferRequest,
)
from .permissions import can_assign, can_decide_transfer, can_escalate, can_route, is_handler

register_verbs(
    {
        "feedback_submitted": gettext_lazy("submitted the feedback"),
        "feedback_routed": gettext_lazy("routed to the handling unit"),
        "feedback_assigned": gettext_lazy("assigned to a unit"),
        "feedback_acknowledged": gettext_lazy("acknowledged"),
        "feedback_replied": gettext_lazy("replied"),
        "feedback_note": gettext_lazy("added an internal note"),
        "feedback_rated": gettext_lazy("rated the reply"),
        "feedback_reopened": gettext_lazy("reopened after an unsatisfied rating"),
        "feedback_closed": gettext_lazy("closed"),
        "transfer_requested": gettext_lazy("asked to transfer the item"),
        "transfer_approved": gettext_lazy("transferred the item"),
        "transfer_refused": gettext_lazy("refused the transfer"),
        "feedback_escalated": gettext_lazy("escalated into a supervision finding"),
        "feedback_overdue": gettext_lazy("marked overdue: not answered in time"),
        "feedback_opened_to_social": gettext_lazy("opened to social organizations and volunteer teams"),
        "social_offer": gettext_lazy("a social organization offered to meet the demand"),
        "social_offer_accepted": gettext_lazy("accepted the offer of a social organization"),
        "social_outcome": gettext_lazy("recorded how social forces met the demand"),
        "feedback_outcome_told": gettext_lazy("told the outcome of the supervision"),
        "feedback_outcome_rated": gettext_lazy("rated the outcome of the supervision"),
        "feedback_follow_up_needed": gettext_lazy("passed to the office to follow up"),
        "feedback_followed_up": gettext_lazy("the office followed up and answered"),
    }
)

# Events the citizen sees on the public tracking page (never internal notes or who handled it).
PUBLIC_VERBS = (
    "feedback_opened_to_social",
    "social_offer_accepted",
    "social_outcome",
    "feedback_submitted",
    "feedback_routed",
    "feedback_assigned",
    "feedback_acknowledged",
    "feedback_replied",
    "feedback_rated",
    "feedback_reopened",
    "feedback_closed",
    "transfer_approved",
    "feedback_escalated",
    "feedback_outcome_told",
    "feedback_outcome_rated",
    "feedback_follow_up_needed",
    "feedback_followed_up",
)
MAX_PHOTOS = 3
# The name of this channel on the findings it raises (supervision's Finding.source) and in the outcome events.
FINDING_SOURCE = "feedback"
logger = logging.getLogger(__name__)
DUPLICATE_WINDOW = timedelta(hours=24)
PHOTO_TYPES = ("image/jpeg", "image/png")


def _digest(value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()


def content_digest(content: str) -> str:
    """Same text up to spaces and punctuation gives the same digest."""
    return _digest(re.sub(r"[\W_]+", "", content.lower()))


@transaction.atomic
def feedback_submit(
    *,
    kind: str,
    category: Category,
    region: Region,
    content: str,
    venue: Unit | None = None,
    name: str = "",
    phone: str = "",
    photos: list = (),
    client: str = "",
    source: str = FeedbackItem.Source.WEB,
    received_at: datetime | None = None,
) -> tuple[FeedbackItem, bool]:
    """Store one item from a citizen and route it. The same text from the same client within a day is recognised
    as a resubmission: the first item is returned and nothing new is stored (created is False).

    received_at is when another channel took the citizen's message (a 12345 work order's 受理时间): the item is
    dated then and its deadlines count from that day, since the citizen has been waiting since; by default, now."""
    if kind not in Kind.values:
        raise ValidationError(_("Choose what kind of feedback this is."))
    if any("\x00" in value for value in (content, name, phone)):
        raise ValidationError(_("The text contains characters that cannot be stored."))
    content = content.strip()
    if len(content) < 5:
        raise ValidationError(_("Describe your demand, suggestion, complaint or praise in a few words."))
    # A city-level venue may be reported from the district it stands in, a district venue from its district.
    if venue is not None and not (venue.region.is_within(region) or region.is_within(venue.region)):
        raise ValidationError(_("The venue is not in the jurisdiction you chose."))
    if not applies_in(category.owner, region):
        raise ValidationError(
            _("This category is not offered in the place you chose. Choose one of its own.")
        )
    if len(photos) > MAX_PHOTOS:
        raise ValidationError(_("Attach at most %(n)s photos.") % {"n": MAX_PHOTOS})
    if photos and any(kind not in PHOTO_TYPES for kind in validate_uploads(list(photos))):
        raise ValidationError(_("Photos must be JPG or PNG images."))
    phone = normalize_phone(phone) if phone.strip() else ""
    digest, client_hash = content_digest(content), _digest(client) if client else ""
    if client_hash:
        earlier = FeedbackItem.objects.filter(
            content_hash=digest, client_hash=client_hash, submitted_at__gte=timezone.now() - DUPLICATE_WINDOW
        ).first()
        if earlier is not None:
            return earlier, False
    if received_at is not None and received_at > timezone.now():
        raise ValidationError(_("The date is in the future."))
    start = timezone.localtime(received_at).date() if received_at is not None else local_today()
    acknowledge_due, answer_due = deadlines_for(kind, start, region)
    unit = route(category, region, venue)
    item = FeedbackItem(
        kind=kind,
        category=category,
        region=region,
        venue=venue,
        content=content,
        name=name.strip()[:40],
        phone_encrypted=encrypt(phone),
        phone_masked=mask_phone(phone),
        source=source,
        unit=unit,
        state=FeedbackState.ASSIGNED if unit else FeedbackState.NEW,
        acknowledge_due=acknowledge_due,
        answer_due=answer_due,
        content_hash=digest,
        client_hash=client_hash,
    )
    if received_at is not None:
        item.submitted_at = received_at
    item.full_clean(exclude=["code", "content_hash", "client_hash"])
    item.save()
    if photos:
        attach_files(item, list(photos), by=None)
    record_event(item, actor=None, verb="feedback_submitted", to_state=FeedbackState.NEW)
    if unit is not None:
        record_event(item, actor=None, verb="feedback_routed", to_state=item.state, comment=unit.name)
        notify(
            unit_people(unit),
            title=_("New feedback to handle: %(code)s") % {"code": item.code},
            url=item.get_absolute_url(),
        )
    else:
        notify(
            region_managers(region),
            title=_("New feedback to route: %(code)s") % {"code": item.code},
            url=item.get_absolute_url(),
        )
    return item, True


# What a handling is: reset when an item is transferred, so the new unit's handling starts anew (_handling_restart).
HANDLING_FIELDS = [
    "state",
    "acknowledge_due",
    "answer_due",
    "acknowledged_on",
    "answered_on",
    "answered_on_time",
    "last_rating",
    "reopen_count",
    "unsatisfied_count",
]


@transaction.atomic
def item_assign(*, item: FeedbackItem, by: User, unit: Unit) -> FeedbackItem:
    """The office routes an item to a unit; to another unit than the one handling it, a transfer (转办), which
    starts a new handling (_handling_restart) and is decided by someone other than the unit handling it."""
    item = FeedbackItem.objects.select_for_update().get(pk=item.pk)
    require(can_assign(by, item))
    if item.state in (FeedbackState.CLOSED, FeedbackState.ESCALATED):
        raise ValidationError(_("This item is closed."))
    if item.unit_id == unit.pk:
        raise ValidationError(_("The item is already with this unit."))
    moved = item.unit_id is not None
    before = item.state
    item.unit = unit
    if item.state == FeedbackState.NEW:
        item.state = FeedbackState.ASSIGNED
    if moved:
        item.transfer_count += 1
        _handling_restart(item)
        # A request to transfer it away that was still waiting is granted by the move itself.
        item.transfer_requests.filter(state=TransferRequest.State.PENDING).update(
            state=TransferRequest.State.APPROVED, decided_by=by, decided_at=timezone.now()
        )
    item.save(update_fields=["unit", "transfer_count", *HANDLING_FIELDS])
    record_event(
        item,
        actor=by,
        verb="transfer_approved" if moved else "feedback_assigned",
        from_state=before,
        to_state=item.state,
        comment=unit.name,
    )
    notify(
        unit_people(unit),
        title=_("New feedback to handle: %(code)s") % {"code": item.code},
        url=item.get_absolute_url(),
    )
    if item.transfer_count > TRANSFER_FLAG_AFTER:
        notify(
            region_managers(item.region),
            title=_("Feedback %(code)s transferred %(n)s times: possible buck-passing (推诿扯皮)")
            % {"code": item.code, "n": item.transfer_count},
            url=item.get_absolute_url(),
        )
    return item


def _handling_restart(item: FeedbackItem) -> None:
    """A transferred item is the new unit's to handle from the day of the transfer, as if routed to it then: it signs
    for it (签收) and answers within its own deadlines (the policy of the item's kind, counted from today). What the
    unit before it did stays in the story (its replies, the transfer request, the timeline) but is no answer of the
    item: its holding reply is not what the citizen rates, the figures do not count it as answered (on time or
    not), and a rating of it (and the reopening it spent) belongs to that handling. The transfer itself is counted
    (transfer_count), and flagged to the office past TRANSFER_FLAG_AFTER."""
    item.state = FeedbackState.ASSIGNED
    item.acknowledge_due, item.answer_due = deadlines_for(item.kind, local_today(), item.region)
    item.acknowledged_on = item.answered_on = item.answered_on_time = None
    item.last_rating = ""
    item.reopen_count = item.unsatisfied_count = 0


@transaction.atomic
def item_acknowledge(*, item: FeedbackItem, by: User) -> FeedbackItem:
    """签收: the handling unit confirms it has the item (also done by its first reply)."""
    require(is_handler(by, item))
    item = FeedbackItem.objects.select_for_update().get(pk=item.pk)
    if item.acknowledged_on is None:
        item.acknowledged_on = local_today()
        item.save(update_fields=["acknowledged_on"])
        record_event(item, actor=by, verb="feedback_acknowledged")
    return item


@transaction.atomic
def transfer_request(
    *, item: FeedbackItem, by: User, reason: str, suggested_unit: Unit | None = None
) -> TransferRequest:
    require(is_handler(by, item))
    if item.state in (FeedbackState.CLOSED, FeedbackState.ESCALATED):
        raise ValidationError(_("This item is closed."))
    if not reason.strip():
        raise ValidationError(_("Say why the item is not for your unit."))
    if item.transfer_requests.filter(state=TransferRequest.State.PENDING).exists():
        raise ValidationError(_("A transfer request is already waiting for the office."))
    request = TransferRequest.objects.create(
        item=item, from_unit=item.unit, suggested_unit=suggested_unit, reason=reason.strip(), requested_by=by
    )
    record_event(item, actor=by, verb="transfer_requested", comment=reason.strip())
    notify(
        [person for person in region_managers(item.region) if can_decide_transfer(person, request)],
        title=_("Transfer requested for feedback %(code)s") % {"code": item.code},
        body=reason,
        url=item.get_absolute_url(),
    )
    return request


@transaction.atomic
def transfer_approve(*, request: TransferRequest, by: User, unit: Unit) -> TransferRequest:
    """The office of the item's jurisdiction (not the unit that asked) grants the transfer by naming the unit the
    item goes to."""
    return _transfer_decide(request, by=by, unit=unit)


@transaction.atomic
def transfer_refuse(*, request: TransferRequest, by: User, reason: str) -> TransferRequest:
    """The item stays with the unit that asked, which is told why (the reason is required)."""
    reason = check_text(
        reason, field="reason", maximum=TransferRequest._meta.get_field("refusal_reason").max_length
    )
    if not reason:
        raise ValidationError({"reason": _("Give the reason for refusing.")})
    return _transfer_decide(request, by=by, unit=None, reason=reason)


def _transfer_decide(
    request: TransferRequest, *, by: User, unit: Unit | None, reason: str = ""
) -> TransferRequest:
    item = request.item
    require(can_decide_transfer(by, request))
    request = TransferRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != TransferRequest.State.PENDING:
        raise ValidationError(_("This transfer request has already been decided."))
    request.state = TransferRequest.State.APPROVED if unit else TransferRequest.State.REFUSED
    request.decided_by, request.decided_at, request.refusal_reason = by, timezone.now(), reason
    request.save(update_fields=["state", "decided_by", "decided_at", "refusal_reason"])
    if unit is not None:
        item_assign(item=item, by=by, unit=unit)
    else:
        record_event(item, actor=by, verb="transfer_refused", comment=reason)
        notify(
            unit_people(request.from_unit),
            title=_("Transfer refused: %(code)s") % {"code": item.code},
            body=reason,
            url=item.get_absolute_url(),
        )
    return request


@transaction.atomic
def reply_add(*, item: FeedbackItem, by: User, text: str, public: bool) -> Reply:
    """A public reply answers the citizen; an internal note stays with the staff."""
    require(is_handler(by, item))
    item = FeedbackItem.objects.select_for_update().get(pk=item.pk)
    if item.state in (FeedbackState.CLOSED, FeedbackState.ESCALATED):
        raise ValidationError(_("This item is closed."))
    if not text.strip():
        raise ValidationError(_("Write the reply."))
    reply = Reply.objects.create(item=item, text=text.strip(), is_public=public, unit=item.unit, author=by)
    today = local_today()
    if item.acknowledged_on is None:
        item.acknowledged_on = today
    if not public:
        item.save(update_fields=["acknowledged_on"])
        record_event(item, actor=by, verb="feedback_note")
        return reply
    before = item.state
    item.state = FeedbackState.ANSWERED
    item.answered_on = today
    if item.answered_on_time is None:
        item.answered_on_time = today <= item.answer_due
    item.save(update_fields=["acknowledged_on", "state", "answered_on", "answered_on_time"])
    record_event(
        item, actor=by, verb="feedback_replied", from_state=before, to_state=item.state, comment=reply.text
    )
    return reply


@transaction.atomic
def item_rate(*, item: FeedbackItem, rating: str, comment: str = "") -> Evaluation:
    """The citizen rates the answer on the tracking page. 不满意 reopens the item once; a second 不满意 lets the
    office escalate it into a supervision finding. Once supervision has told its final outcome, the same form rates
    that outcome, once (_evaluate_outcome)."""
    item = FeedbackItem.objects.select_for_update().get(pk=item.pk)
    if item.outcome_to_rate:
        return _evaluate_outcome(item, rating=rating, comment=comment)
    if item.state == FeedbackState.CLOSED and item.outcome_rating:
        raise ValidationError(_("You have already rated the outcome of the supervision."))
    if item.state != FeedbackState.ANSWERED:
        raise ValidationError(_("There is no answer to rate yet."))
    if rating not in Rating.values:
        raise ValidationError(_("Choose how satisfied you are."))
    evaluation = Evaluation.objects.create(item=item, rating=rating, comment=comment.strip()[:500])
    item.last_rating = rating
    record_event(item, actor=None, verb="feedback_rated", comment=Rating(rating).label)
    if rating != Rating.UNSATISFIED:
        item.state = FeedbackState.CLOSED
        item.save(update_fields=["last_rating", "state"])
        record_event(
            item, actor=None, verb="feedback_closed", from_state=FeedbackState.ANSWERED, to_state=item.state
        )
        return evaluation
    item.unsatisfied_count += 1
    if item.reopen_count == 0:
        item.reopen_count = 1
        item.state = FeedbackState.ASSIGNED
        item.answer_due = deadlines_for(item.kind, local_today(), item.region)[1]
        item.answered_on = None
        item.save(
            update_fields=[
                "last_rating",
                "unsatisfied_count",
                "reopen_count",
                "state",
                "answer_due",
                "answered_on",
            ]
        )
        record_event(
            item, actor=None, verb="feedback_reopened", from_state=FeedbackState.ANSWERED, to_state=item.state
        )
        if item.unit_id:
            notify(
                unit_people(item.unit),
                title=_("Feedback %(code)s reopened: the citizen is not satisfied") % {"code": item.code},
                body=comment,
                url=item.get_absolute_url(),
            )
    else:
        item.save(update_fields=["last_rating", "unsatisfied_count"])
        notify(
            region_managers(item.region),
            title=_("Feedback %(code)s: not satisfied a second time, may be escalated") % {"code": item.code},
            url=item.get_absolute_url(),
        )
    return evaluation


def _evaluate_outcome(item: FeedbackItem, *, rating: str, comment: str) -> Evaluation:
    """The citizen's rating of the supervision's final outcome. 不满意 is what a government channel does not leave
    there: the office of the item's jurisdiction is told, and the item waits in its follow-up list (回访) until the
    office answers the citizen (item_follow_up)."""
    if rating not in Rating.values:
        raise ValidationError(_("Choose how satisfied you are."))
    outcome = item.outcomes.order_by("-pk").first()
    evaluation = Evaluation.objects.create(
        item=item, outcome=outcome, rating=rating, comment=comment.strip()[:500]
    )
    item.outcome_rating = rating
    record_event(item, actor=None, verb="feedback_outcome_rated", comment=Rating(rating).label)
    if rating != Rating.UNSATISFIED:
        item.save(update_fields=["outcome_rating"])
        return evaluation
    item.needs_follow_up = True
    item.save(update_fields=["outcome_rating", "needs_follow_up"])
    record_event(item, actor=None, verb="feedback_follow_up_needed")
    notify(
        region_managers(item.region),
        title=_(
            "Feedback %(code)s: the citizen is not satisfied with the outcome of the supervision; follow it up"
        )
        % {"code": item.code},
        body=comment,
        url=item.get_absolute_url(),
    )
    return evaluation


def _office_unit(user, item: FeedbackItem) -> Unit | None:
    """The unit in whose name the person answers for the item's jurisdiction (the office, a district bureau)."""
    return (
        Unit.objects.filter(
            pk__in=get_scope(user).acting_unit_ids, region__path__in=ancestor_paths(item.region.path)
        )
        .order_by("-region__path")
        .first()
    )


@transaction.atomic
def item_follow_up(*, item: FeedbackItem, by: User, text: str) -> Reply:
    """回访: the office answers a citizen not satisfied with the outcome of the supervision — what it did, found or
    decided — on the tracking page, and the item leaves the follow-up list."""
    require(can_route(by, item))
    item = FeedbackItem.objects.select_for_update().get(pk=item.pk)
    if not item.needs_follow_up:
        raise ValidationError(_("This item has no follow-up waiting."))
    text = text.strip()
    if not text:
        raise ValidationError(_("Write what the office did and tells the citizen."))
    limit = Reply._meta.get_field("text").max_length
    if len(text) > limit:
        raise ValidationError(_("Keep the text under %(max)s characters.") % {"max": limit})
    reply = Reply.objects.create(item=item, text=text, is_public=True, unit=_office_unit(by, item), author=by)
    item.needs_follow_up = False
    item.save(update_fields=["needs_follow_up"])
    record_event(item, actor=by, verb="feedback_followed_up", comment=text)
    return reply


@transaction.atomic
def supervision_outcome_record(*, event: FindingOutcomeEvent) -> SupervisionOutcome | None:
    """Keep what supervision decided on the finding an item was escalated into (core.events.finding_outcome, received
    in apps.py) and move the item on: a final outcome closes it and opens the citizen's rating of the outcome; a
    reassignment keeps it escalated, following the new finding, whose outcome comes in turn. A finding's outcome
    received twice is kept once; findings raised elsewhere are not this channel's."""
    if event.source != FINDING_SOURCE:
        return None
    item = FeedbackItem.objects.select_for_update().filter(code=event.source_ref).first()
    if item is None:
        logger.error("outcome of finding %s names no feedback item: %r", event.finding_id, event)
        return None
    if item.outcomes.filter(finding_ref=event.finding_id).exists():
        return None
    outcome = SupervisionOutcome.objects.create(
        item=item,
        finding_ref=event.finding_id,
        outcome=event.outcome,
        decided_on=event.decided_on,
        unit_name=event.unit_name[:200],
        new_unit_name=event.successor_unit_name[:200],
        new_due_date=event.successor_due_date,
    )
    before = item.state
    item.outcome = event.outcome
    item.finding_id = event.successor_id or event.finding_id
    fields = ["outcome", "finding"]
    if event.is_final:
        item.state, item.outcome_rating = FeedbackState.CLOSED, ""
        fields += ["state", "outcome_rating"]
    item.save(update_fields=fields)
    record_event(
        item,
        actor=None,
        verb="feedback_outcome_told",
        from_state=before,
        to_state=item.state,
        comment=event.summary or FindingOutcome(event.outcome).label,
    )
    return outcome


@transaction.atomic
def item_escalate(*, item: FeedbackItem, by: User, due_workdays: int = 10) -> FindingOpened:
    """One step: supervision opens a 群众反馈转办 inspection with one finding against the handling unit
    (core.events.finding_open, in this transaction: the item is escalated only if the finding exists). The item
    keeps the finding's number; the finding names the item only by its code (its source), and supervision tells its
    outcome through core.events.finding_outcome (supervision_outcome_record)."""
    if not can_escalate(by, item):
        raise ValidationError(_("This item cannot be escalated (yet)."))
    item = FeedbackItem.objects.select_for_update().get(pk=item.pk)
    opened = ask(
        finding_open,
        FindingOpenRequest(
            source=FINDING_SOURCE,
            source_ref=item.code,
            source_url=item.get_absolute_url(),
            by_id=by.pk,
            region_id=item.region_id,
            unit_id=item.unit_id,
            title=_("Citizen feedback %(code)s") % {"code": item.code},
            notes=_("Raised from citizen feedback %(code)s (%(kind)s).")
            % {"code": item.code, "kind": item.get_kind_display()},
            description=item.content,
            personal=item.personal_values(),
            requirement=_("Verify what the citizen reports, put it right and answer the citizen."),
            place=item.venue.name if item.venue else "",
            due_workdays=due_workdays,
            severity="major",
        ),
    )
    before = item.state
    item.finding_id, item.state = opened.finding_id, FeedbackState.ESCALATED
    item.save(update_fields=["finding", "state"])
    record_event(item, actor=by, verb="feedback_escalated", from_state=before, to_state=item.state)
    return opened


def phone_reveal(*, item: FeedbackItem, by: User) -> str:
    """The full number, for the handling unit only; every view is logged."""
    from changxiao.core.personal_data import decrypt

    require(is_handler(by, item))
    PhoneView.objects.create(item=item, viewer=by)
    return decrypt(item.phone_encrypted)


# --- Social forces (社会力量) ------------------------------------------------------------------------------


def offering_units(user):
    """The social organizations the person may offer in the name of."""
    return Unit.objects.filter(
        pk__in=get_scope(user).acting_unit_ids, kind="social_organization", is_active=True
    )


@transaction.atomic
def item_open_to_social(*, item: FeedbackItem, by: User) -> FeedbackItem:
    """The office or the handling unit invites social organizations and volunteer teams to meet a demand."""
    require(can_route(by, item) or is_handler(by, item))
    if item.kind != Kind.DEMAND:
        raise ValidationError(_("Only demands are opened to social forces."))
    if item.state in (FeedbackState.CLOSED, FeedbackState.ESCALATED) or item.open_to_social:
        raise ValidationError(_("This demand cannot be opened (again)."))
    item.open_to_social = True
    item.save(update_fields=["open_to_social"])
    record_event(item, actor=by, verb="feedback_opened_to_social")
    return item


@transaction.atomic
def social_offer_submit(
    *, item: FeedbackItem, by: User, unit: Unit, plan: str, team_id: int | None = None
) -> SocialOffer:
    """A social organization offers to meet an open demand, staffed by one of its volunteer teams if it says so."""
    require(unit in offering_units(by))
    team = volunteer_teams.staffing_team(unit.pk, unit.name, team_id)
    item = FeedbackItem.objects.select_for_update().get(pk=item.pk)
    if not item.open_to_social or item.social_offers.filter(state=SocialOffer.State.ACCEPTED).exists():
        raise ValidationError(_("This demand is not open to offers."))
    if not plan.strip():
        raise ValidationError(_("Say what your organization offers."))
    if item.social_offers.filter(unit=unit).exists():
        raise ValidationError(_("Your organization has already offered to meet this demand."))
    registration = organizations.registrations([unit.pk]).get(unit.pk)
    if registration is not None and not registration.active:
        raise ValidationError(
            _("%(name)s is dissolved in the registry of social organizations: it cannot offer.")
            % {"name": registration.name}
        )
    offer = SocialOffer.objects.create(
        item=item,
        unit=unit,
        plan=plan.strip(),
        offered_by=by,
        staffing_team_id=team.id if team else None,
        staffing_team_name=team.name if team else "",
    )
    staffed = f"（{team.name}）" if team else ""
    record_event(item, actor=by, verb="social_offer", comment=f"{unit.name}{staffed}：{plan.strip()}")
    notify(
        region_managers(item.region),
        title=_("Offer to meet demand %(code)s") % {"code": item.code},
        url=item.get_absolute_url(),
    )
    return offer


@transaction.atomic
def social_offer_accept(*, offer: SocialOffer, by: User) -> SocialOffer:
    item = FeedbackItem.objects.select_for_update().get(pk=offer.item_id)
    require(can_route(by, item))
    if (
        offer.state != SocialOffer.State.OFFERED
        or item.social_offers.filter(state=SocialOffer.State.ACCEPTED).exists()
    ):
        raise ValidationError(_("An offer has already been accepted for this demand."))
    item.social_offers.exclude(pk=offer.pk).update(state=SocialOffer.State.DECLINED)
    offer.state = SocialOffer.State.ACCEPTED
    offer.save(update_fields=["state"])
    record_event(item, actor=by, verb="social_offer_accepted", comment=offer.unit.name)
    notify(
        unit_people(offer.unit),
        title=_("Your offer for demand %(code)s was accepted") % {"code": item.code},
        url=reverse("feedback:open_demands"),
    )
    return offer


@transaction.atomic
def social_outcome_record(*, item: FeedbackItem, by: User, outcome: str) -> FeedbackItem:
    """The office records how the accepted organization met the demand; it is shown to the citizen."""
    require(can_route(by, item))
    item = FeedbackItem.objects.select_for_update().get(pk=item.pk)
    if not item.social_offers.filter(state=SocialOffer.State.ACCEPTED).exists():
        raise ValidationError(_("Accept an offer before recording the outcome."))
    if not outcome.strip():
        raise ValidationError(_("Describe the outcome."))
    item.social_outcome = outcome.strip()
    item.save(update_fields=["social_outcome"])
    record_event(item, actor=by, verb="social_outcome", comment=outcome.strip())
    return item
