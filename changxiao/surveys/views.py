"""The public survey page: opened from a QR code in WeChat, answered without JavaScript, anonymous."""

import functools
import io
import json
import logging
import uuid

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import InterfaceError, OperationalError, connection
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from changxiao.core.charts import bar_chart, line_chart
from changxiao.core.confirmation import confirm_page, is_confirmed
from changxiao.core.db_router import replica_reads
from changxiao.core.documents import docx_response
from changxiao.core.exports import XLSX
from changxiao.core.pagination import NewestPaginator
from changxiao.core.ratelimit import SubmissionLimits, client_ip, remember_device, submissions_message
from changxiao.core.timeline import changed_fields_comment, timeline_for
from changxiao.orgs.metric_subjects import records_context
from changxiao.orgs.models import Region, Unit

from . import compare, exports, index, metrics, permissions, report, responses, services, tallies
from .choices import LIKERT_CHOICES, QuestionKind
from .forms import CampaignEditForm, CampaignForm, CampaignRepeatForm, TargetForm
from .models import Campaign

logger = logging.getLogger(__name__)

DEVICE_COOKIE = "cx_answered"
DEVICE_SALT = "surveys.device"
DEVICE_MAX_AGE = 400 * 24 * 3600
# Accepted responses a minute (core.ratelimit explains the layers). The first line is the survey's own: the device
# cookie (one response per campaign and device), the honeypot, the signed start time and the client identifier
# (flagged or stored once, services.response_submit), and flagged responses fill no quota. Then these budgets, which
# count accepted responses only (a question left unanswered costs nothing): a device answers a few campaigns at most;
# an address may carry a whole room — a QR code shown at a library's event, a school's or a carrier's shared address —
# so its ceiling is sixty responses in the same minute; attempts are cut off only far above that.
SURVEY_LIMITS = SubmissionLimits("survey-submit", per_device=5, per_address=60, attempts_per_address=240)


def _answered(request: HttpRequest) -> set[int]:
    """The campaigns this device has answered, from a signed cookie (a forged or stale cookie counts as none)."""
    try:
        value = request.get_signed_cookie(DEVICE_COOKIE, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE)
        return {int(pk) for pk in value.split(".") if pk}
    except (signing.BadSignature, KeyError, ValueError):
        return set()


def _remember(response: HttpResponse, answered: set[int]) -> HttpResponse:
    value = ".".join(str(pk) for pk in sorted(answered))
    response.set_signed_cookie(
        DEVICE_COOKIE, value, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE, httponly=True, samesite="Lax"
    )
    return response


def questions_for(questionnaire, region: Region | None):
    """The version's questions with what the form needs to draw them; the pickers offer the districts and venues of
    the region (all of them without one), venues grouped by district."""
    questions = responses.version_questions(questionnaire)
    regions = venues = None
    for question in questions:
        question.option_groups = None
        if question.kind == QuestionKind.LIKERT:
            question.options = LIKERT_CHOICES
        elif question.kind == QuestionKind.RATING:
            question.options = [(str(n), str(n)) for n in range(11)]
        elif question.kind == QuestionKind.REGION:
            regions = regions if regions is not None else responses.region_options(region)
            question.options = regions
        elif question.kind == QuestionKind.VENUE:
            venues = venues if venues is not None else responses.venue_options(region)
            question.option_groups = venues
            question.options = [option for _group, options in venues for option in options]
        else:
            question.options = [(str(value), label) for value, label in question.choices]
    _describe_conditions(questions)
    return questions


def _describe_conditions(questions) -> None:
    """Each conditional question says in words when it applies (read without JavaScript) and carries its condition
    for static/js/survey-conditions.js, which hides it while the condition is false. The server's check
    (responses.clean_answers) stays the rule: an answer to a question whose condition is false is ignored."""
    by_code = {question.code: question for question in questions}
    for question in questions:
        condition = question.condition or {}
        source = by_code.get(condition.get("question"))
        question.shown_when = question.show_if = ""
        if source is None:
            continue
        labels = dict(source.options)
        wanted = [str(value) for value in condition.get("in", [])]
        question.shown_when = _("Answer only if you answered %(answers)s to “%(question)s”.") % {
            "answers": "、".join(f"“{labels.get(value, value)}”" for value in wanted),
            "question": source.text,
        }
        question.show_if = json.dumps({"field": f"q_{source.code}", "in": wanted}, ensure_ascii=False)


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "surveys/public_message.html",
        {"message": _("This survey link is not valid. Please check the QR code or the link.")},
        status=404,
    )


def _thanks(campaign: Campaign) -> HttpResponse:
    return HttpResponse(_thanks_page(campaign.title, get_language()))


@functools.lru_cache(maxsize=256)
def _thanks_page(title: str, language: str) -> str:
    """The thank-you page, the same for every respondent of a campaign: each process draws it once per title and
    language (the language is part of the key; the page is drawn in the active one)."""
    return render_to_string(
        "surveys/public_message.html",
        {
            "message": _("Thank you! Your answers have been received."),
            "campaign": {"title": title},
            "thanks": True,
        },
    )


def survey(request: HttpRequest, token: str) -> HttpResponse:
    """The public form. Answers the database could not store come back in the whole form (503, see _survey); when
    the database does not answer at all (PostgreSQL restarting or unreachable), so the form cannot be drawn again,
    they come back in a page that needs no database: "send them again", the answers as they were sent kept in the
    form, one button to send them (stored once: their client identifier)."""
    if request.method != "POST":
        return _survey(request, token)
    try:
        return _survey(request, token)
    except (OperationalError, InterfaceError):
        logger.exception("A survey response could not be taken: the database did not answer")
    if not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()  # a connection a restart dropped is not used again
    kept = [
        (name, value[:10000])
        for name, values in request.POST.lists()
        if name != "csrfmiddlewaretoken"
        for value in values
    ][:500]
    page = render(
        request,
        "surveys/public_unsaved.html",
        {"message": responses.Unavailable().message, "fields": kept},
        status=503,
    )
    page["Retry-After"] = "60"
    return page


def _survey(request: HttpRequest, token: str) -> HttpResponse:
    target = responses.public_target(token)
    if target is None:
        return _invalid_link(request)
    campaign = target.campaign
    # A submission is checked by services.response_submit, which counts the quota exactly; a page view may count a few
    # seconds late.
    closed = responses.campaign_state(campaign, counted_recently=True) if request.method != "POST" else None
    if closed:
        return render(
            request, "surveys/public_message.html", {"message": closed, "campaign": campaign}, status=410
        )
    answered = _answered(request)
    if campaign.pk in answered:
        return render(
            request,
            "surveys/public_message.html",
            {
                "message": _("You have already answered this survey on this device. Thank you!"),
                "campaign": campaign,
            },
        )
    errors: list[str] = []
    unsaved = ""
    wait = SURVEY_LIMITS.wait(request) if request.method == "POST" else 0
    if wait:  # the form again with the answers given and the real wait, to be sent once more
        unsaved = submissions_message(wait)
    elif request.method == "POST":
        try:
            outcome = services.response_submit(target=target, data=request.POST, client_ip=client_ip(request))
        except responses.Unavailable as exc:
            unsaved = exc.message  # the form again with the answers given, to be sent once more
        except responses.Refused as exc:
            return render(
                request,
                "surveys/public_message.html",
                {"message": exc.message, "campaign": campaign},
                status=exc.status,
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            # The thank-you page is the submission's own answer, as survey tools give it (no redirect to follow):
            # one round trip fewer on a phone's network. A reload that sends the form again is answered by the
            # device cookie set here, and a replay of the same answers is acknowledged, never stored twice.
            if not outcome.replay:
                SURVEY_LIMITS.accepted(request)
            return _remember(_thanks(campaign), answered | {campaign.pk})
    questionnaire = campaign.questionnaire
    fresh = request.method != "POST" and questionnaire.published_at is not None
    # A fresh form of a published version is the same for every respondent: its questions are drawn once per
    # language and jurisdiction and kept in the process as long as the identifiers its pickers offer, which the
    # submission is checked against (a region or unit saved in the process forgets both).
    cache_key = (
        f"{questionnaire.pk}:{questionnaire.published_at.timestamp()}:{campaign.region_id}:{get_language()}"
        if fresh
        else ""
    )

    def questions():  # called by the template only when the cached block is missing
        drawn = questions_for(questionnaire, campaign.region)
        for question in drawn:  # what the respondent gave, shown again when something must be corrected
            question.selected = request.POST.getlist(f"q_{question.code}")
        return drawn

    context = {
        "cache_key": cache_key,
        "form_cache": responses.FORMS_CACHE,
        "form_seconds": responses.OFFERED_SECONDS,
        "target": target,
        "campaign": campaign,
        "questionnaire": campaign.questionnaire,
        "questions": questions,
        # Only a form with display conditions loads the script that applies them (the page works without it).
        "has_conditions": any(q.condition for q in responses.version_questions(questionnaire, copies=False)),
        "errors": errors,
        "unsaved": unsaved,
        "client_id": request.POST.get("client_id") if request.method == "POST" else str(uuid.uuid4()),
        "started": request.POST.get("started") if request.method == "POST" else responses.started_token(),
    }
    status = 429 if wait else 503 if unsaved else 400 if errors else 200
    page = render(request, "surveys/public_survey.html", context, status=status)
    if unsaved:
        page["Retry-After"] = str(wait or 60)
    return remember_device(request, page)


# --- The office's screens -------------------------------------------------------------------------------------


@login_required
@replica_reads
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = (
        permissions.campaigns_visible(request.user)
        .select_related("questionnaire", "region")
        .annotate(answers=responses.response_count(), flagged=responses.response_count(Q(suspicious=True)))
    )
    form = (
        CampaignForm(request.POST or None, user=request.user)
        if permissions.can_start_campaign(request.user)
        else None
    )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                campaign = services.campaign_create(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Campaign created with a link for the whole jurisdiction."))
                return redirect("surveys:campaign_detail", pk=campaign.pk)
    wider, share = permissions.wider_campaigns(request.user)
    wider = wider.select_related("questionnaire", "region")
    context = {
        "campaigns": _with_overall(campaigns),
        "form": form,
        "wider": _with_overall(wider.order_by("-starts_on", "-pk"), share),
        "share": share,
    }
    return render(request, "surveys/campaign_list.html", context)


@login_required
def campaign_compare(request: HttpRequest) -> HttpResponse:
    """历次测评对比: the runs of one survey side by side, by dimension and by jurisdiction, with the changes."""
    series = compare.series_of(request.user)
    chosen = next((s for s in series if s.key == request.GET.get("series")), series[0] if series else None)
    context: dict = {"series": series, "chosen": chosen}
    if chosen is not None:
        context.update(compare.comparison(chosen))
        context["trend_chart"] = line_chart(
            categories=[campaign.title for campaign in context["runs"]], series=context["trend"]
        )
    return render(request, "surveys/campaign_compare.html", context)


def _with_overall(campaigns, share: permissions.Share | None = None) -> list[Campaign]:
    """The campaigns, each with its overall index (of the share, when given) as `overall`."""
    campaigns = list(campaigns)
    figures = tallies.overall_by_campaign(campaigns, share)
    for campaign in campaigns:
        campaign.overall = figures.get(campaign.pk)
    return campaigns


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = permissions.get_campaign_for_user(request.user, pk)
    manages = permissions.can_manage_campaign(request.user, campaign)
    form = TargetForm(request.POST or None, campaign=campaign) if manages else None
    if request.method == "POST":
        if not manages:
            raise PermissionDenied
        action = request.POST.get("action", "target")
        if action == "publish" and not is_confirmed(
            request
        ):  # first what it will do, then the confirmed post
            check = services.results_publish_check(campaign=campaign, by=request.user)
            return confirm_page(
                request, check, back_url=reverse("surveys:campaign_detail", args=[campaign.pk])
            )
        if action in ("publish", "withdraw"):
            try:
                if action == "publish":
                    services.results_publish(
                        campaign=campaign,
                        by=request.user,
                        note=request.POST.get("note", "")[:2000],
                        confirmed=True,
                    )
                    messages.success(request, _("The results are on the public site."))
                else:
                    services.results_withdraw(campaign=campaign, by=request.user)
                    messages.success(request, _("The results were withdrawn from the public site."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect("surveys:campaign_detail", pk=campaign.pk)
        if form.is_valid():
            try:
                services.target_add(campaign=campaign, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Link added."))
                return redirect("surveys:campaign_detail", pk=campaign.pk)
    targets = campaign.targets.select_related("region", "venue").annotate(answers=Count("responses"))
    context = {
        "campaign": campaign,
        "targets": targets,
        "form": form,
        "manages": manages,
        "flagged": campaign.responses.filter(suspicious=True).aggregate(
            all=Count("pk"), pending=Count("pk", filter=Q(included__isnull=True))
        ),
        "state": responses.campaign_state(campaign),
        "total": campaign.responses.count(),
        "timeline": timeline_for(campaign),
    }
    return render(request, "surveys/campaign_detail.html", context)


@login_required
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = permissions.get_campaign_for_user(request.user, pk, write=True)
    form = CampaignEditForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(
                campaign=form.save(commit=False),
                by=request.user,
                changes_comment=changed_fields_comment(form),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("surveys:campaign_detail", pk=campaign.pk)
    return render(request, "surveys/campaign_edit.html", {"campaign": campaign, "form": form})


@login_required
def campaign_repeat(request: HttpRequest, pk: int) -> HttpResponse:
    """再次开展: the same survey with a new title and period, and the source's links made anew."""
    source = permissions.get_campaign_for_user(request.user, pk, write=True)
    form = CampaignRepeatForm(request.POST or None, source=source)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_repeat(source=source, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Campaign created with %(n)s links made anew from “%(source)s”.")
                % {"n": campaign.targets.count(), "source": source.title},
            )
            return redirect("surveys:campaign_detail", pk=campaign.pk)
    targets = source.targets.order_by("pk")
    return render(
        request, "surveys/campaign_repeat.html", {"source": source, "form": form, "targets": targets}
    )


def _link_code(request: HttpRequest, target) -> tuple[str, segno.QRCode]:
    """A target's public address as this site serves it, and its QR code (medium error correction, which survives
    a creased or dirty print)."""
    link = request.build_absolute_uri(target.get_public_url())
    return link, segno.make(link, error="m")


@login_required
def target_qr(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The QR code of a target's public link, as PNG (for print) or SVG (for design)."""
    target = permissions.readable_target(request.user, pk)
    if target is None:
        raise Http404
    _link, code = _link_code(request, target)
    buffer = io.BytesIO()
    if fmt == "svg":
        code.save(buffer, kind="svg", scale=8, border=2)
        response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    else:
        code.save(buffer, kind="png", scale=10, border=2)
        response = HttpResponse(buffer.getvalue(), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="survey-{target.pk}.{fmt}"'
    return response


@login_required
def target_poster(request: HttpRequest, pk: int) -> HttpResponse:
    """A link's poster, to print on one A4 sheet and put up in a venue or a community: the campaign, the QR code,
    what the respondent is asked (anonymous, how many questions, until when) and the address to type."""
    target = permissions.readable_target(request.user, pk)
    if target is None:
        raise Http404
    campaign = target.campaign
    link, code = _link_code(request, target)
    context = {
        "target": target,
        "campaign": campaign,
        "link": link,
        "qr": code.svg_inline(border=4, omitsize=True, title=campaign.title),
        "questions": len(responses.version_questions(campaign.questionnaire)),
        "back": (
            "surveys:campaign_detail"
            if permissions.campaigns_visible(request.user).filter(pk=campaign.pk).exists()
            else "surveys:campaign_index"
        ),
    }
    return render(request, "surveys/target_poster.html", context)


@login_required
def campaign_index(request: HttpRequest, pk: int) -> HttpResponse:
    """满意度指数: by dimension, overall, by jurisdiction, venue and month, with n and 95% intervals; the city-wide
    figure weighted by jurisdiction population. A campaign read as a share shows that share, with the links it
    spreads."""
    campaign, share = permissions.readable_or_404(request.user, pk)
    tables = tallies.campaign_tables(campaign, share)
    regions = Region.objects.in_bulk(list(tables.by_region))
    venues = Unit.objects.in_bulk(list(tables.by_venue))
    dimensions = index.dimension_names(campaign.questionnaire)
    overall = tables.overall
    region_rows = sorted(
        ((regions[k], v) for k, v in tables.by_region.items() if k in regions), key=lambda row: row[0].path
    )
    shown = [(region, cells[index.OVERALL]) for region, cells in region_rows if index.OVERALL in cells]
    shown = [(region, c) for region, c in shown if c.enough]
    context = {
        "campaign": campaign,
        "share": share,
        "targets": (
            permissions.shared_targets(campaign, share)
            .select_related("region", "venue")
            .annotate(answers=Count("responses"))
            if share
            else None
        ),
        # Beside a share, the whole campaign's figure (one number, no other jurisdiction's) as the benchmark.
        "whole": tallies.overall_by_campaign([campaign]).get(campaign.pk) if share else None,
        "dimensions": dimensions,
        "overall": overall,
        "weighted": tables.weighted,
        "region_rows": region_rows,
        "venue_rows": sorted(
            ((venues[k], v) for k, v in tables.by_venue.items() if k in venues), key=lambda row: row[0].name
        ),
        "month_rows": list(tables.by_month.items()),
        "minimum": settings.SURVEY_MIN_CELL,
        "profile": bar_chart(
            categories=[name for code, name in dimensions if code in overall and overall[code].enough],
            values=[
                overall[code].mean for code, _name in dimensions if code in overall and overall[code].enough
            ],
            series_name=_("Satisfaction index"),
            keep_order=True,
            maximum=100,
        ),
        "compared": len(shown) > 1,  # one jurisdiction (a district's share) has nothing to compare
        "comparison": bar_chart(
            categories=[region.name for region, _c in shown],
            values=[c.mean for _region, c in shown],
            series_name=_("Satisfaction index"),
            maximum=100,
        ),
        "trend": line_chart(
            categories=[month.strftime("%Y-%m") for month in tables.by_month],
            series={
                name: [
                    cells[code].mean if code in cells and cells[code].enough else None
                    for cells in tables.by_month.values()
                ]
                for code, name in dimensions
            },
        ),
    }
    return render(request, "surveys/campaign_index.html", context)


@login_required
def campaign_index_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The index tables as an Excel workbook (of the person's share for a wider campaign)."""
    campaign, share = permissions.readable_or_404(request.user, pk)
    content = exports.index_workbook(campaign, tallies.campaign_tables(campaign, share))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="survey-index-{campaign.pk}.xlsx"'
    return response


@login_required
def campaign_report(request: HttpRequest, pk: int) -> HttpResponse:
    """满意度测评结果报告 (Word) of the campaign, or of the person's share of it."""
    campaign, share = permissions.readable_or_404(request.user, pk)
    return docx_response(
        "surveys/survey_report.docx",
        report.context(campaign, share, request.user),
        filename=f"survey-report-{campaign.pk}.docx",
    )


# --- Published results on the public site ---------------------------------------------------------------------


def public_results_list(request: HttpRequest) -> HttpResponse:
    campaigns = permissions.published_campaigns().select_related("region")
    return render(request, "surveys/public_results_list.html", {"campaigns": campaigns})


def public_results(request: HttpRequest, pk: int) -> HttpResponse:
    """A campaign's published index: figures only — no answers, no texts, no cell under the minimum."""
    campaign = permissions.get_published_campaign(pk)
    tables = tallies.campaign_tables(campaign)
    regions = Region.objects.in_bulk(list(tables.by_region))
    dimensions = index.dimension_names(campaign.questionnaire, with_overall=False)
    context = {
        "campaign": campaign,
        "tables": tables,
        "overall": tables.overall.get(index.OVERALL),
        "dimension_rows": [(name, tables.overall.get(code)) for code, name in dimensions],
        "region_rows": sorted(
            ((regions[k], v.get(index.OVERALL)) for k, v in tables.by_region.items() if k in regions),
            key=lambda row: row[0].path,
        ),
        "minimum": settings.SURVEY_MIN_CELL,
    }
    return render(request, "surveys/public_results.html", context)


RECORDS_PAGE_SIZE = 50
RECORDS_LISTED = 500


@login_required
def metric_records(request: HttpRequest) -> HttpResponse:
    """The responses behind the published satisfaction index of a jurisdiction or venue and year."""
    context = records_context(request, metrics.SATISFACTION_INDEX)
    responses = metrics.counted_responses(context["subject"], context["year"])
    # A page at a time over the newest RECORDS_LISTED (as before, when they were one table): drawing 500 rows took
    # 300 ms of a city's page on a province's data, and counting all its responses 80 ms more; n is the index's own.
    page = NewestPaginator(
        responses.order_by("-submitted_at", "-pk"), RECORDS_PAGE_SIZE, cap=RECORDS_LISTED
    ).get_page(request.GET.get("page"))
    context |= {"page": page, "rows": metrics.scored(page.object_list), "total": context["value"].numerator}
    return render(request, "surveys/metric_records.html", context)
