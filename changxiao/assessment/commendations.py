"""Commendations (表彰奖励): a call for nominations, nominations with supporting material, review, decision and the
published honour list."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.deadlines import local_today
from changxiao.core.notifications import notify
from changxiao.core.timeline import record_event, register_verbs
from changxiao.core.uploads import attach_files
from changxiao.orgs.models import Region, Unit, User
from changxiao.orgs.permissions import is_office_of
from changxiao.orgs.recipients import unit_people
from changxiao.orgs.scope import get_scope

from .choices import NominationState, NomineeKind
from .models import HonourList, Nomination, Participant

register_verbs(
    {
        "nomination_submitted": gettext_lazy("submitted a nomination"),
        "nomination_reviewed": gettext_lazy("reviewed a nomination"),
        "nomination_decided": gettext_lazy("decided on a nomination"),
        "honours_published": gettext_lazy("published the honour list"),
    }
)

S = NominationState
REVIEW_OUTCOMES = (S.RECOMMENDED, S.NOT_RECOMMENDED)
DECISIONS = (S.AWARDED, S.NOT_AWARDED)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@transaction.atomic
def honour_list_create(*, by: User, region: Region, year: int, title: str, nominations_due) -> HonourList:
    _require(is_office_of(by, region))
    if nominations_due < local_today():
        raise ValidationError(_("The nomination deadline is in the past."))
    honours = HonourList.objects.create(
        region=region, year=year, title=title.strip(), nominations_due=nominations_due, created_by=by
    )
    record_event(honours, actor=by, verb="created")
    return honours


@transaction.atomic
def nominate(
    *,
    honour_list: HonourList,
    by: User,
    unit: Unit,
    kind: str,
    nominee: str,
    achievements: str,
    participant: Participant | None = None,
    material: list = (),
) -> Nomination:
    _require(unit.pk in get_scope(by).acting_unit_ids)
    if honour_list.published_at or local_today() > honour_list.nominations_due:
        raise ValidationError(_("Nominations for this list are closed."))
    if kind not in NomineeKind.values or not nominee.strip() or len(achievements.strip()) < 10:
        raise ValidationError(_("Say who is nominated, in which category, and describe the achievements."))
    if participant is not None and participant.unit_id != unit.pk:
        raise ValidationError(_("Cite an assessment result of your own unit."))
    nomination = Nomination.objects.create(
        honour_list=honour_list,
        unit=unit,
        kind=kind,
        nominee=nominee.strip()[:200],
        achievements=achievements.strip(),
        participant=participant,
        submitted_by=by,
    )
    stored = attach_files(nomination, list(material), by=by) if material else []
    record_event(
        honour_list,
        actor=by,
        verb="nomination_submitted",
        comment=f"{unit.name}：{nomination}",
        attachments=stored,
    )
    return nomination


@transaction.atomic
def nomination_judge(*, nomination: Nomination, by: User, outcome: str, comment: str = "") -> Nomination:
    """Review (recommend or not) a submitted nomination, then decide (award or not) a recommended one."""
    honour_list = nomination.honour_list
    _require(is_office_of(by, honour_list.region))
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if honour_list.published_at:
        raise ValidationError(_("The honour list is published."))
    allowed = {S.SUBMITTED: REVIEW_OUTCOMES, S.RECOMMENDED: DECISIONS}.get(nomination.state, ())
    if outcome not in allowed:
        raise ValidationError(_("This step does not follow from the nomination's state."))
    if outcome in (S.NOT_RECOMMENDED, S.NOT_AWARDED) and not comment.strip():
        raise ValidationError(_("Give the reason."))
    before = nomination.state
    nomination.state, nomination.review_comment = outcome, comment.strip() or nomination.review_comment
    nomination.save(update_fields=["state", "review_comment"])
    verb = "nomination_reviewed" if outcome in REVIEW_OUTCOMES else "nomination_decided"
    record_event(
        honour_list, actor=by, verb=verb, from_state=before, to_state=outcome, comment=str(nomination)
    )
    return nomination


@transaction.atomic
def honour_list_publish(*, honour_list: HonourList, by: User) -> HonourList:
    _require(is_office_of(by, honour_list.region))
    honour_list = HonourList.objects.select_for_update().get(pk=honour_list.pk)
    if honour_list.published_at:
        raise ValidationError(_("The honour list is already published."))
    if honour_list.nominations.filter(state__in=[S.SUBMITTED, S.RECOMMENDED]).exists():
        raise ValidationError(_("Decide every nomination before publishing."))
    if not honour_list.nominations.filter(state=S.AWARDED).exists():
        raise ValidationError(_("Nobody has been awarded yet."))
    honour_list.published_at = timezone.now()
    honour_list.save(update_fields=["published_at"])
    record_event(honour_list, actor=by, verb="honours_published")
    units = {n.unit for n in honour_list.nominations.filter(state=S.AWARDED).select_related("unit")}
    notify(
        [p for unit in units for p in unit_people(unit)],
        title=_("Published: %(title)s") % {"title": honour_list.title},
        url=honour_list.get_absolute_url(),
    )
    return honour_list
