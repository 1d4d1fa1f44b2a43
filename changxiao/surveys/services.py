"""The steps of public evaluation: the office's work on campaigns (creating them with their links, reviewing flagged
responses, publishing results) and the public's response to a survey."""

import functools
import hashlib
import json
import logging
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.bounds import check_deadline, check_planned_date
from changxiao.core.confirmation import StepCheck
from changxiao.core.notifications import notify
from changxiao.core.permissions import require
from changxiao.core.timeline import record_event, register_verbs
from changxiao.orgs.models import Region, Unit, User
from changxiao.orgs.owned import applies_in
from changxiao.orgs.permissions import can_manage_region
from changxiao.orgs.recipients import managers_below, region_managers, unit_people

from . import index, responses, tallies
from .models import HONEYPOT, UNSIGNED_START, Campaign, CampaignTarget, Questionnaire, Response, answered_fast
from .permissions import can_manage_campaign

REVIEW_AT_ONCE = 500  # flagged responses included or excluded in one action at most

register_verbs(
    {
        "target_added": gettext_lazy("added a link for a target"),
        "repeated": gettext_lazy("ran the survey again, with the links of"),
        "response_included": gettext_lazy("included flagged responses in the index"),
        "response_excluded": gettext_lazy("excluded flagged responses from the index"),
        "results_published": gettext_lazy("published the results on the public site"),
        "results_withdrawn": gettext_lazy("withdrew the results from the public site"),
    }
)
logger = logging.getLogger(__name__)


@transaction.atomic
def campaign_create(
    *,
    by: User,
    title: str,
    questionnaire: Questionnaire,
    region: Region,
    starts_on,
    ends_on,
    quota=None,
    min_seconds: int = 20,
) -> Campaign:
    require(can_manage_region(by, region))
    if questionnaire.published_at is None:
        raise ValidationError(_("Only a published questionnaire version can be used in a campaign."))
    if not applies_in(questionnaire.owner, region):
        raise ValidationError(
            {
                "questionnaire": _(
                    "Choose a questionnaire of the campaign's jurisdiction, of one above it or shipped."
                )
            }
        )
    if ends_on < starts_on:
        raise ValidationError(_("The campaign ends before it starts."))
    check_planned_date(starts_on, field="starts_on")
    check_deadline(ends_on, field="ends_on")
    campaign = Campaign.objects.create(
        title=title.strip(),
        questionnaire=questionnaire,
        region=region,
        starts_on=starts_on,
        ends_on=ends_on,
        quota=quota,
        min_seconds=min_seconds,
        created_by=by,
    )
    CampaignTarget.objects.create(campaign=campaign, label=region.name, region=region)
    record_event(campaign, actor=by, verb="created")
    notify(
        managers_below(region),
        title=_("A new satisfaction survey covers your jurisdiction: %(campaign)s")
        % {"campaign": campaign.title},
        body=_(
            "Open %(start)s to %(end)s. Its campaign-wide link and QR code, and your jurisdiction's share of the "
            "results, are on the campaign's index page."
        )
        % {"start": starts_on.isoformat(), "end": ends_on.isoformat()},
        url=reverse("surveys:campaign_index", args=[campaign.pk]),
    )
    return campaign


@transaction.atomic
def campaign_repeat(
    *, source: Campaign, by: User, title: str, questionnaire: Questionnaire, starts_on, ends_on
) -> Campaign:
    """The same survey run again (each half-year, each year): a new campaign over the source's jurisdiction with its
    quota, minimum answering time and links. Each link is new — its own address and QR code — so the responses of
    each run stay apart; those who spread a link are told, as when the office adds it."""
    campaign = campaign_create(
        by=by,
        title=title,
        questionnaire=questionnaire,
        region=source.region,
        starts_on=starts_on,
        ends_on=ends_on,
        quota=source.quota,
        min_seconds=source.min_seconds,
    )
    for target in source.targets.select_related("region", "venue").order_by("pk"):
        if target.region_id == source.region_id and target.venue_id is None:
            continue  # the whole jurisdiction's link: every campaign is created with one
        target_add(campaign=campaign, by=by, label=target.label, region=target.region, venue=target.venue)
    record_event(campaign, actor=by, verb="repeated", comment=source.title)
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, by: User, changes_comment: str) -> Campaign:
    """The office corrects the title, moves the period (a closed campaign opens again when its end is moved later),
    changes the quota or the minimum answering time."""
    require(can_manage_campaign(by, campaign))
    if campaign.ends_on < campaign.starts_on:
        raise ValidationError({"ends_on": _("The campaign ends before it starts.")})
    stored = Campaign.objects.get(pk=campaign.pk)
    check_planned_date(campaign.starts_on, field="starts_on")
    check_deadline(campaign.ends_on, field="ends_on", earliest=stored.ends_on)
    campaign.title = campaign.title.strip()
    campaign.save(update_fields=["title", "starts_on", "ends_on", "quota", "min_seconds"])
    if changes_comment:
        record_event(campaign, actor=by, verb="updated", comment=changes_comment)
    return campaign


@transaction.atomic
def target_add(
    *, campaign: Campaign, by: User, label: str, region: Region | None = None, venue: Unit | None = None
) -> CampaignTarget:
    require(can_manage_campaign(by, campaign))
    inside = [r for r in (region, venue.region if venue is not None else None) if r is not None]
    if any(not r.is_within(campaign.region) for r in inside):
        raise ValidationError(_("The target must lie within the campaign's jurisdiction."))
    if not label.strip() and region is None and venue is None:
        raise ValidationError(_("Name the target: a district, a venue or an outreach activity."))
    target = CampaignTarget.objects.create(
        campaign=campaign,
        label=(label.strip() or (venue.name if venue else region.name))[:200],
        region=region,
        venue=venue,
    )
    record_event(campaign, actor=by, verb="target_added", comment=target.label)
    notify(
        _spreaders(target),
        title=_("A survey link to spread: %(campaign)s (%(target)s)")
        % {"campaign": campaign.title, "target": target.label},
        body=_(
            "The office added a link of this survey for you, open %(start)s to %(end)s. Its link and QR code are on "
            "the campaign's index page, with your share of the results."
        )
        % {"start": campaign.starts_on.isoformat(), "end": campaign.ends_on.isoformat()},
        url=reverse("surveys:campaign_index", args=[campaign.pk]),
    )
    return target


def _spreaders(target: CampaignTarget) -> list[User]:
    """Who is told of a new link: a venue's people, or the managers of a jurisdiction below the campaign's (not the
    office that runs it)."""
    if target.venue is not None:
        return unit_people(target.venue)
    if target.region is None:
        return []
    return region_managers(target.region, below=target.campaign.region)


@transaction.atomic
def responses_include(*, campaign: Campaign, ids, by: User) -> int:
    """Flagged responses are left out of the index until the office, having looked at them, includes them; how
    many of the campaign's flagged responses changed."""
    return _responses_review(campaign, ids=ids, by=by, include=True)


@transaction.atomic
def responses_exclude(*, campaign: Campaign, ids, by: User) -> int:
    """The office leaves included flagged responses out of the index again; how many changed."""
    return _responses_review(campaign, ids=ids, by=by, include=False)


def _responses_review(campaign: Campaign, *, ids, by: User, include: bool) -> int:
    require(can_manage_campaign(by, campaign))
    wanted = [int(pk) for pk in ids if str(pk).isdecimal() and int(pk) < 2**63][:REVIEW_AT_ONCE]
    chosen = list(
        campaign.responses.select_for_update()
        .filter(pk__in=wanted, suspicious=True)
        .exclude(included=include)
        .order_by("pk")
    )
    for response in chosen:
        counted_before = index.is_counted(response)
        response.included = include
        response.save(update_fields=["included"])
        tallies.adjust(response, counted_before)
    if chosen:
        record_event(
            campaign,
            actor=by,
            verb="response_included" if include else "response_excluded",
            comment=", ".join(str(response.client_id) for response in chosen[:20])
            + (" …" if len(chosen) > 20 else ""),
        )
    return len(chosen)


def results_publish_check(*, campaign: Campaign, by: User) -> StepCheck:
    """What publishing the campaign's results does; while the campaign is still open, that the figures are those of
    the responses so far and will change."""
    require(can_manage_campaign(by, campaign))
    check = StepCheck(
        action=_("Publish the results of %(title)s on the public site") % {"title": campaign.title}
    )
    total = campaign.responses.count()
    if not total:
        check.refusals.append(_("There are no responses to publish yet."))
        return check
    counted = index.counted(campaign.responses.all()).count()
    check.consequences.append(
        _(
            "Anyone can read the index figures at %(url)s without signing in: no individual answers or texts, "
            "and no figure based on too few responses."
        )
        % {"url": reverse("public:survey_results", args=[campaign.pk])}
    )
    if responses.campaign_state(campaign) is None:
        check.missing.append(
            _(
                "The campaign is still open until %(date)s: the figures published now count the %(counted)s "
                "responses received so far (%(total)s in all, flagged ones not counted) and will change as more "
                "answers come in."
            )
            % {"date": campaign.ends_on.isoformat(), "counted": counted, "total": total}
        )
    else:
        check.consequences.append(
            _("The published index counts %(counted)s responses.") % {"counted": counted}
        )
    return check


@transaction.atomic
def results_publish(*, campaign: Campaign, by: User, confirmed: bool, note: str = "") -> Campaign:
    """Put the campaign's index on the public site (figures only: no answers, no texts); a confirmed step."""
    require(can_manage_campaign(by, campaign))
    results_publish_check(campaign=campaign, by=by).require(confirmed=confirmed)
    campaign.results_published_at = timezone.now()
    campaign.results_note = note.strip()
    campaign.save(update_fields=["results_published_at", "results_note"])
    record_event(campaign, actor=by, verb="results_published", comment=campaign.results_note)
    return campaign


@transaction.atomic
def results_withdraw(*, campaign: Campaign, by: User) -> Campaign:
    require(can_manage_campaign(by, campaign))
    campaign.results_published_at = None
    campaign.save(update_fields=["results_published_at"])
    record_event(campaign, actor=by, verb="results_withdrawn")
    return campaign


# --- The public's response --------------------------------------------------------------------------------------


@dataclass
class Outcome:
    response: Response
    replay: bool


def response_submit(*, target: CampaignTarget, data, client_ip: str = "") -> Outcome:
    """A respondent's answers (the form's fields: q_<code>, client_id, started, the honeypot) stored as one response.

    The busiest write of the platform, and anonymous: anyone holding the link may answer, so the step checks the
    campaign (open, quota) and the answers instead of a person's permission, and writes no timeline event (the
    campaign's counts and index are the record). It runs in no transaction of its own: one INSERT … ON CONFLICT
    (_store) is atomic by itself, and only a campaign with a quota locks its row around the count and the insert.
    A retry of the same client_id with the same answers is acknowledged (replay) and never stored twice; with other
    answers it is refused. Refused (with the status for the respondent), Unavailable (nothing stored, send again)
    or ValidationError (every problem of the answers)."""
    campaign = target.campaign
    closed = responses.dates_state(campaign)  # the quota is counted where the response is stored
    if closed:
        raise responses.Refused(closed, status=410)
    try:
        client_id = uuid.UUID(str(data.get("client_id", "")))
    except ValueError as exc:
        raise responses.Refused(_("The form has expired. Please open the survey again."), status=400) from exc
    answers = responses.clean_answers(campaign, data)
    digest = hashlib.sha256(json.dumps(answers, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    reasons = []
    seconds = responses.seconds_since(data.get("started", ""))
    if seconds is None:
        reasons.append(UNSIGNED_START)
    elif seconds < campaign.min_seconds:
        reasons.append(answered_fast(seconds))
    if data.get("website"):
        reasons.append(HONEYPOT)
    region_id = answers.get("district") if isinstance(answers.get("district"), int) else None
    venue_id = target.venue_id or (answers.get("venue") if isinstance(answers.get("venue"), int) else None)
    response = Response(
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
    try:
        stored = _store_within_quota(response, campaign) if campaign.quota else _store(response)
        # Otherwise the identifier is stored already: a retry, a double tap, or a reused form.
        earlier = None if stored else Response.objects.filter(client_id=client_id).first()
    except (OperationalError, InterfaceError) as exc:
        logger.exception("A survey response could not be stored (campaign %s)", campaign.pk)
        raise responses.Unavailable from exc
    if stored:
        return Outcome(response, replay=False)
    if earlier is None or earlier.content_hash != digest or earlier.target_id != target.pk:
        raise responses.Refused(
            _("This form was already sent with other answers. Please open the survey again."), status=409
        )
    return Outcome(earlier, replay=True)


def _store(response: Response) -> bool:
    """Insert a new response unless its client identifier is stored already; True when it was inserted (its id is
    then set). One statement, INSERT … ON CONFLICT (client_id) DO NOTHING RETURNING id (SQLite ≥ 3.35 and
    PostgreSQL): no transaction or savepoint around it and no error to recover from on a replay, which keeps the
    busiest write of the public site cheap."""
    fields, sql = _insert(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [field.get_db_prep_save(getattr(response, field.attname), connection) for field in fields]
        )
        row = cursor.fetchone()
    if row is None:
        return False
    response.pk = row[0]
    response._state.adding = False
    return True


def _store_within_quota(response: Response, campaign: Campaign) -> bool:
    """_store for a campaign with a quota: the count and the insert in one transaction with the campaign's row
    locked (PostgreSQL; SQLite's immediate transactions write one at a time), so concurrent submissions never take
    the campaign past its quota. Only counted responses fill it (responses.quota_filled), so flagged ones (a
    robot's) are kept for review without closing the campaign; once it is full, every new response is refused,
    flagged or not. A replay of a stored response is acknowledged even when the campaign is full."""
    with transaction.atomic():
        Campaign.objects.select_for_update().get(pk=campaign.pk)  # held until the insert is committed
        replay = Response.objects.filter(client_id=response.client_id).exists()
        if not replay and responses.quota_filled(campaign) >= campaign.quota:
            raise responses.Refused(responses.full_message(), status=410)
        return _store(response)


@functools.cache
def _insert(vendor: str) -> tuple[list, str]:
    """The fields _store writes and its statement, per database vendor (written once per process)."""
    fields = [field for field in Response._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    table, pk = quote(Response._meta.db_table), quote(Response._meta.pk.column)
    columns, slots = ", ".join(quote(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    # Names come from the model's metadata; the values are parameters.
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({slots}) ON CONFLICT (client_id) DO NOTHING RETURNING {pk}"  # noqa: S608
    )
    return fields, sql
