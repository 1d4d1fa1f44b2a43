"""Commendations (表彰奖励): a call for nominations, nominations with supporting material, review, decision and the
published honour list."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.bounds import LONG_TEXT_MAX, TEXT_MAX, TITLE_MAX, check_deadline, check_text, check_year
from changxiao.core.confirmation import StepCheck
from changxiao.core.corrections import require_reason
from changxiao.core.deadlines import local_today
from changxiao.core.notifications import notify
from changxiao.core.permissions import require
from changxiao.core.timeline import record_event, register_verbs
from changxiao.core.uploads import attach_files
from changxiao.orgs.models import Region, Unit, User
from changxiao.orgs.permissions import is_office_of
from changxiao.orgs.recipients import unit_people
from changxiao.orgs.scope import get_scope

from .choices import NominationState, NomineeKind, Phase
from .models import AssessmentRound, HonourList, Nomination, Participant

register_verbs(
    {
        "nomination_submitted": gettext_lazy("submitted a nomination"),
        "nomination_reviewed": gettext_lazy("reviewed a nomination"),
        "nomination_decided": gettext_lazy("decided on a nomination"),
        "honours_published": gettext_lazy("published the honour list"),
        "nomination_withdrawn": gettext_lazy("withdrew a nomination"),
    }
)

S = NominationState
REVIEW_OUTCOMES = (S.RECOMMENDED, S.NOT_RECOMMENDED)
DECISIONS = (S.AWARDED, S.NOT_AWARDED)


@transaction.atomic
def honour_list_create(*, by: User, region: Region, year: int, title: str, nominations_due) -> HonourList:
    require(is_office_of(by, region))
    title = check_text(title, field="title", maximum=TITLE_MAX)
    if not title:
        raise ValidationError({"title": _("Give the call a title.")})
    check_year(year, field="year")
    check_deadline(nominations_due, field="nominations_due")
    honours = HonourList.objects.create(
        region=region, year=year, title=title, nominations_due=nominations_due, created_by=by
    )
    record_event(honours, actor=by, verb="created")
    return honours


@transaction.atomic
def nomination_submit(
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
    require(unit.pk in get_scope(by).acting_unit_ids)
    if honour_list.published_at or local_today() > honour_list.nominations_due:
        raise ValidationError(_("Nominations for this list are closed."))
    nominee = check_text(nominee, field="nominee", maximum=TITLE_MAX)
    achievements = check_text(achievements, field="achievements", maximum=LONG_TEXT_MAX)
    if kind not in NomineeKind.values or not nominee or len(achievements) < 10:
        raise ValidationError(_("Say who is nominated, in which category, and describe the achievements."))
    if participant is not None and (
        participant.unit_id != unit.pk
        or not AssessmentRound.objects.current()
        .filter(pk=participant.assessment_round_id, phase=Phase.PUBLISHED)
        .exists()
    ):
        raise ValidationError({"participant": _("Cite a published assessment result of your own unit.")})
    nomination = Nomination.objects.create(
        honour_list=honour_list,
        unit=unit,
        kind=kind,
        nominee=nominee,
        achievements=achievements,
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
def nomination_decide(*, nomination: Nomination, by: User, outcome: str, comment: str = "") -> Nomination:
    """Review (recommend or not) a submitted nomination, then decide (award or not) a recommended one."""
    honour_list = nomination.honour_list
    require(is_office_of(by, honour_list.region))
    # A unit never judges its own nomination.
    require(nomination.unit_id not in get_scope(by).acting_unit_ids)
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if honour_list.published_at:
        raise ValidationError(_("The honour list is published."))
    allowed = {S.SUBMITTED: REVIEW_OUTCOMES, S.RECOMMENDED: DECISIONS}.get(nomination.state, ())
    if outcome not in allowed:
        raise ValidationError(_("This step does not follow from the nomination's state."))
    comment = check_text(comment, field="comment", maximum=TEXT_MAX)
    if outcome in (S.NOT_RECOMMENDED, S.NOT_AWARDED) and not comment:
        raise ValidationError({"comment": _("Give the reason.")})
    before = nomination.state
    nomination.state, nomination.review_comment = outcome, comment or nomination.review_comment
    nomination.save(update_fields=["state", "review_comment"])
    verb = "nomination_reviewed" if outcome in REVIEW_OUTCOMES else "nomination_decided"
    record_event(
        honour_list, actor=by, verb=verb, from_state=before, to_state=outcome, comment=str(nomination)
    )
    return nomination


@transaction.atomic
def nomination_withdraw(*, nomination: Nomination, by: User, reason: str) -> Nomination:
    """The nominating unit withdraws its nomination before the office has judged it, with the reason."""
    require(nomination.unit_id in get_scope(by).acting_unit_ids)
    nomination = Nomination.objects.select_for_update().select_related("honour_list").get(pk=nomination.pk)
    if nomination.state != S.SUBMITTED or nomination.honour_list.published_at:
        raise ValidationError(_("Only a nomination not yet reviewed can be withdrawn."))
    reason = require_reason(reason)
    nomination.state, nomination.withdraw_reason = S.WITHDRAWN, reason
    nomination.save(update_fields=["state", "withdraw_reason"])
    record_event(
        nomination.honour_list,
        actor=by,
        verb="nomination_withdrawn",
        from_state=S.SUBMITTED,
        to_state=S.WITHDRAWN,
        comment=f"{nomination}：{reason}",
    )
    return nomination


def honour_list_publish_check(honour_list: HonourList) -> StepCheck:
    """What publishing the honour list does, and what forbids it now."""
    nominations = honour_list.nominations.exclude(state=S.WITHDRAWN)
    awarded = nominations.filter(state=S.AWARDED).count()
    check = StepCheck(
        action=_("Publish the honour list %(title)s") % {"title": honour_list.title},
        consequences=[
            _("%(n)s awarded nominations are published on the public site.") % {"n": awarded},
            _("The nominating units are told; the list can no longer be changed."),
        ],
    )
    if honour_list.published_at:
        check.refusals.append(_("The honour list is already published."))
    undecided = nominations.filter(state__in=[S.SUBMITTED, S.RECOMMENDED]).count()
    if undecided:
        check.refusals.append(
            _("Decide every nomination before publishing: %(n)s are not decided.") % {"n": undecided}
        )
    if not awarded:
        check.refusals.append(_("Nobody has been awarded yet."))
    if local_today() <= honour_list.nominations_due:
        check.missing.append(
            _("Nominations are open until %(date)s: units may still nominate.")
            % {"date": honour_list.nominations_due.isoformat()}
        )
    return check


@transaction.atomic
def honour_list_publish(*, honour_list: HonourList, by: User, confirmed: bool = False) -> HonourList:
    require(is_office_of(by, honour_list.region))
    honour_list = HonourList.objects.select_for_update().get(pk=honour_list.pk)
    honour_list_publish_check(honour_list).require(confirmed=confirmed)
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
