"""Screens of the feedback channel: the public form and tracking page, and the staff's queue and item page."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError, connection
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from changxiao.core import organizations, volunteer_teams
from changxiao.core.charts import bar_chart
from changxiao.core.db_router import replica_reads
from changxiao.core.deadlines import local_today
from changxiao.core.forms import add_service_errors, flash_errors, flash_form_errors
from changxiao.core.metrics import metric_year
from changxiao.core.models import Attachment, TimelineEvent
from changxiao.core.pagination import NewestPaginator
from changxiao.core.ratelimit import (
    SubmissionLimits,
    client_ip,
    device_id,
    rate_limit,
    remember_device,
    seconds_since,
    started_token,
    submissions_message,
    too_many_page,
)
from changxiao.core.timeline import timeline_for
from changxiao.orgs.metric_subjects import records_context
from changxiao.orgs.models import Region
from changxiao.orgs.owned import can_keep, keeping_region, keeping_regions, owned_applying
from changxiao.orgs.scope import within

from . import configuration, metrics, queries, services
from .choices import (
    DEFAULT_ACKNOWLEDGE_WORKDAYS,
    DEFAULT_ANSWER_WORKDAYS,
    TRANSFER_FLAG_AFTER,
    FeedbackState,
    Kind,
)
from .forms import (
    AssignForm,
    CategoryForm,
    CityForm,
    DeadlinePolicyForm,
    EvaluationForm,
    FeedbackForm,
    FollowUpForm,
    OutcomeEvaluationForm,
    QueueFilterForm,
    ReplyForm,
    RoutingRuleForm,
    TrackForm,
    TransferRefuseForm,
    TransferRequestForm,
    public_cities,
)
from .insight import insight
from .models import Category, FeedbackItem, RoutingRule, TransferRequest
from .permissions import (
    can_assign,
    can_decide_transfer,
    can_escalate,
    can_import,
    can_open_to_social,
    can_route,
    get_category_for_user,
    get_insight_region_for_user,
    get_item_by_code,
    get_item_for_user,
    get_offer_for_user,
    get_routing_rule_for_user,
    get_social_item_for_user,
    get_transfer_for_user,
    insight_regions,
    is_handler,
)

logger = logging.getLogger(__name__)

PAGE_SIZE = 50
QUEUE_CAP = 5000
# Accepted messages and ratings a minute (core.ratelimit explains the layers): a person sends one or two; a library's
# or a carrier's address carries many residents at once, so its ceiling is set for a room of people writing in the
# same minute; attempts (typing mistakes included) are cut off only far above what people do. The web form and the
# API share the budgets. Reading the tracking page is cheap.
FEEDBACK_LIMITS = SubmissionLimits("feedback-submit", per_device=3, per_address=20, attempts_per_address=120)
# No resident chooses a kind, a category and a place and writes a message this fast after the page opens; a robot
# does. A form without the page's signed time (a client that never drew the page) meets the budgets alone.
FEEDBACK_MIN_SECONDS = 3
PUBLIC_READS_PER_MINUTE = 120


# --- Public site -------------------------------------------------------------------------------------------


def public_submit(request: HttpRequest) -> HttpResponse:
    """群众反馈: the public form, mobile-first, without JavaScript. On a deployment hosting several cities the
    citizen first picks theirs (?city=), so the form offers that city's places and categories.

    The honeypot, the page's signed time (FEEDBACK_MIN_SECONDS) and the same text sent again from the same device
    (services.feedback_submit) come first; then the
    budgets of FEEDBACK_LIMITS, which count accepted messages only: over one, the form comes back with what was
    typed and the real wait (429, Retry-After).

    A message the database could not take (PostgreSQL restarting, unreachable, locked) comes back as the surveys'
    answers do: 503 with Retry-After, "send it again in a minute", and what was typed in the form — the whole form
    when the database answers again for drawing it, otherwise a form of what was typed alone that needs no
    database. Nothing was stored (the submission is one transaction), and sending it again stores it once (the same
    text from the same device is one message)."""
    try:
        return _public_submit(request)
    except (OperationalError, InterfaceError):
        if request.method != "POST":
            raise
        logger.exception("A feedback message could not be stored: the database did not answer")
    unsaved = _(
        "Your message could not be saved just now. Please send it again in a minute (it is never stored twice)."
    )
    _drop_broken_connection()
    try:
        page = _public_submit(request, unsaved=unsaved)
    except (OperationalError, InterfaceError):
        _drop_broken_connection()
        context = {
            "unsaved": unsaved,
            "data": {key: request.POST.get(key, "")[:10000] for key in UNSAVED_FIELDS},
            # The ribbon asks the database, which is not answering.
            "demo_data": False,
        }
        page = render(request, "feedback/public_unsaved.html", context, status=503)
    page["Retry-After"] = "60"
    return remember_device(request, page)


def _drop_broken_connection() -> None:
    """A connection the database dropped (a restart) is closed, so the next query opens a new one."""
    if not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()


# What the form of an unsaved message keeps when the database cannot draw the whole form.
UNSAVED_FIELDS = ("city", "started", "kind", "category", "region", "venue", "content", "name", "phone")


def _public_submit(request: HttpRequest, unsaved: str = "") -> HttpResponse:
    """The form, and the submission unless `unsaved` says it could not be stored (then the form again, bound)."""
    cities = public_cities()
    city = _public_city(request, cities)
    if request.method == "GET" and city is None and len(cities) > 1:
        return remember_device(request, render(request, "feedback/public_city.html", {"form": CityForm()}))
    form = FeedbackForm(request.POST or None, city=city)
    wait = FEEDBACK_LIMITS.wait(request) if request.method == "POST" else 0
    started = request.POST.get("started", "")[:200]
    elapsed = seconds_since(started) if request.method == "POST" else None
    if elapsed is None:  # a fresh page, or a time not ours or over a day old
        started = started_token()
    if request.method == "POST" and not wait and not unsaved and form.is_valid():
        data = form.cleaned_data
        if data["website"]:
            form.add_error(None, _("Your message could not be accepted. Please try again later."))
        elif elapsed is not None and elapsed < FEEDBACK_MIN_SECONDS:
            form.add_error(None, _("Please read your message over once more, then send it."))
        else:
            try:
                item, created = services.feedback_submit(
                    kind=data["kind"],
                    category=data["category"],
                    region=data["region"],
                    venue=data["venue"],
                    content=data["content"],
                    name=data["name"],
                    phone=data["phone"],
                    photos=request.FILES.getlist("photos"),
                    # The same text twice from one device is one message; residents sharing an address are not one.
                    client=device_id(request) or client_ip(request),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if created:
                    FEEDBACK_LIMITS.accepted(request)
                return redirect("public:feedback_receipt", code=item.code)
    context = {
        "form": form,
        "max_photos": services.MAX_PHOTOS,
        "city": city,
        "other_cities": len(cities) > 1,
        "too_many": submissions_message(wait) if wait else "",
        "unsaved": unsaved,
        "started": started,
    }
    if unsaved:
        form.is_valid()  # the fields as typed, with their own mistakes if any
    status = 429 if wait else 503 if unsaved else 200
    page = render(request, "feedback/public_form.html", context, status=status)
    if wait:
        page["Retry-After"] = str(wait)
    return remember_device(request, page)


def _public_city(request: HttpRequest, cities) -> Region | None:
    """The city the citizen chose (city= in the address or with the form), the only one there is, or None."""
    value = request.POST.get("city") or request.GET.get("city") or ""
    if value.isdecimal() and len(value) <= 18:
        chosen = cities.filter(pk=int(value)).first()
        if chosen is not None:
            return chosen
    return cities.first() if len(cities) == 1 else None


@rate_limit("public-read", limit=PUBLIC_READS_PER_MINUTE)
def public_receipt(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "feedback/public_receipt.html", {"item": get_item_by_code(code)})


@rate_limit("public-read", limit=PUBLIC_READS_PER_MINUTE)
def public_track_lookup(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["code"]
        if FeedbackItem.objects.filter(code=code).exists():
            return redirect("public:feedback_track", code=code)
        form.add_error("code", _("No feedback has this tracking code. Check the code on your receipt."))
    return render(request, "feedback/public_lookup.html", {"form": form})


@rate_limit("public-read", limit=PUBLIC_READS_PER_MINUTE)
def public_track(request: HttpRequest, code: str) -> HttpResponse:
    """The citizen's view: state, the public story and replies, the rating form — never personal data."""
    item = get_item_by_code(code)
    events = (
        TimelineEvent.objects.for_object(item)
        .filter(verb__in=services.PUBLIC_VERBS)
        .order_by("created_at", "pk")
    )
    if item.outcome_to_rate:
        evaluation_form = OutcomeEvaluationForm()
    elif item.state == FeedbackState.ANSWERED:
        evaluation_form = EvaluationForm()
    else:
        evaluation_form = None
    # Anyone holding the code reads this page: the texts are shown redacted (item.redacted), never saved so.
    replies = list(item.replies.filter(is_public=True).select_related("unit"))
    for reply in replies:
        reply.text = item.redacted(reply.text)
    events = list(events)
    for event in events:
        event.comment = item.redacted(event.comment)
    context = {
        "item": item,
        "content": item.redacted(item.content),
        "events": events,
        "replies": replies,
        "outcomes": item.outcomes.all(),
        "evaluation_form": evaluation_form,
    }
    return render(request, "feedback/public_track.html", context)


@require_POST
def public_evaluate(request: HttpRequest, code: str) -> HttpResponse:
    wait = FEEDBACK_LIMITS.wait(request)
    if wait:
        return too_many_page(request, wait, submissions_message(wait))
    item = get_item_by_code(code)
    form = EvaluationForm(request.POST)
    if form.is_valid():
        try:
            services.item_rate(item=item, **form.cleaned_data)
        except ValidationError as exc:
            flash_errors(request, exc.messages)
        else:
            FEEDBACK_LIMITS.accepted(request)
            messages.success(request, _("Thank you for your rating."))
    else:
        flash_form_errors(request, form)
    return redirect("public:feedback_track", code=item.code)


# --- Staff ----------------------------------------------------------------------------------------------------


@login_required
@replica_reads
def queue(request: HttpRequest) -> HttpResponse:
    """群众反馈受理: the items of my unit, or of my jurisdiction for the office (with the triage queue)."""
    # A city's office sees tens of thousands of items: they are counted up to QUEUE_CAP (past it, a filter or a search
    # narrows them, and the insight page has the figures).
    page = NewestPaginator(
        queries.items_for_queue(request.user, request.GET), PAGE_SIZE, cap=QUEUE_CAP
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    visible = FeedbackItem.objects.visible_to(request.user)
    context = {
        "form": QueueFilterForm(request.GET, user=request.user),
        "page": page,
        "querystring": query.urlencode(),
        "triage": visible.filter(state=FeedbackState.NEW).count(),
        "follow_up": visible.filter(needs_follow_up=True).count(),
        "flag_after": TRANSFER_FLAG_AFTER,
        "can_import": can_import(request.user),
    }
    return render(request, "feedback/queue.html", context)


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk)
    handler = is_handler(request.user, item)
    router = can_route(request.user, item)
    transfers = list(item.transfer_requests.select_related("from_unit", "suggested_unit", "requested_by"))
    for transfer in transfers:
        transfer.item = item
    context = {
        "item": item,
        "replies": item.replies.select_related("author", "unit"),
        "evaluations": item.evaluations.filter(outcome__isnull=True),
        "outcomes": item.outcomes.prefetch_related("evaluations"),
        "follow_up_form": FollowUpForm() if router and item.needs_follow_up else None,
        "photos": Attachment.objects.for_object(item),
        "transfer_requests": transfers,
        "timeline": timeline_for(item),
        "is_handler": handler,
        "can_route": router,
        "can_escalate": can_escalate(request.user, item),
        "open": item.state not in (FeedbackState.CLOSED, FeedbackState.ESCALATED),
        "reply_form": ReplyForm(),
        "assign_form": AssignForm(user=request.user) if can_assign(request.user, item) else None,
        "decidable_transfers": {
            transfer.pk
            for transfer in transfers
            if transfer.state == TransferRequest.State.PENDING and can_decide_transfer(request.user, transfer)
        },
        "refuse_form": TransferRefuseForm(),
        "transfer_form": TransferRequestForm(),
        "flagged": item.transfer_count > TRANSFER_FLAG_AFTER,
        "offers": _with_registrations(item.social_offers.select_related("unit")),
        "can_open_to_social": item.kind == "demand"
        and not item.open_to_social
        and item.state not in (FeedbackState.CLOSED, FeedbackState.ESCALATED)
        and (router or handler),
    }
    return render(request, "feedback/item_detail.html", context)


def _with_registrations(offers) -> list:
    """The offers, each with `registration`: its organization's record in the registry of social organizations
    (core.organizations), None when the organization is not registered there, and `staffing_team`: the volunteer team
    that staffs it, with its page (core.volunteer_teams), None when none does or the team is no longer the
    organization's — one query for each."""
    offers = list(offers)
    found = organizations.registrations(offer.unit_id for offer in offers)
    staffed = [offer for offer in offers if offer.staffing_team_id]
    teams = {team.id: team for team in volunteer_teams.teams_of(offer.unit_id for offer in staffed)}
    for offer in offers:
        offer.registration = found.get(offer.unit_id)
        offer.staffing_team = teams.get(offer.staffing_team_id)
    return offers


def _act(request: HttpRequest, item: FeedbackItem, action, success: str) -> HttpResponse:
    try:
        action()
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    else:
        messages.success(request, success)
    return redirect(item)


@login_required
@require_POST
def item_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk)
    return _act(
        request, item, lambda: services.item_acknowledge(item=item, by=request.user), _("Acknowledged.")
    )


@login_required
@require_POST
def item_reply(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(item)
    data = form.cleaned_data
    return _act(
        request,
        item,
        lambda: services.reply_add(item=item, by=request.user, text=data["text"], public=data["public"]),
        _("Reply published on the tracking page.") if data["public"] else _("Internal note added."),
    )


@login_required
@require_POST
def item_assign(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk)
    if not can_assign(request.user, item):
        raise PermissionDenied
    form = AssignForm(request.POST, user=request.user)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(item)
    unit = form.cleaned_data["unit"]
    return _act(
        request,
        item,
        lambda: services.item_assign(item=item, by=request.user, unit=unit),
        _("Assigned to %(unit)s.") % {"unit": unit.name},
    )


@login_required
@require_POST
def transfer_request(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk)
    form = TransferRequestForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(item)
    return _act(
        request,
        item,
        lambda: services.transfer_request(item=item, by=request.user, **form.cleaned_data),
        _("Transfer requested; the office will decide."),
    )


@login_required
@require_POST
def transfer_decide(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = get_transfer_for_user(request.user, pk)
    item = transfer.item
    if not can_decide_transfer(request.user, transfer):
        raise PermissionDenied
    approve = request.POST.get("decision") == "approve"
    form = AssignForm(request.POST, user=request.user) if approve else TransferRefuseForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(item)
    data = form.cleaned_data
    if approve:
        return _act(
            request,
            item,
            lambda: services.transfer_approve(request=transfer, by=request.user, unit=data["unit"]),
            _("Transferred."),
        )
    return _act(
        request,
        item,
        lambda: services.transfer_refuse(request=transfer, by=request.user, reason=data["reason"]),
        _("Transfer refused; the item stays with the unit."),
    )


@login_required
@require_POST
def item_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk)
    if not can_route(request.user, item):
        raise PermissionDenied
    try:
        finding = services.item_escalate(item=item, by=request.user)
    except ValidationError as exc:
        flash_errors(request, exc.messages)
        return redirect(item)
    messages.success(request, _("Escalated into a supervision finding."))
    return redirect(finding)


@login_required
@require_POST
def item_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    """回访: the office answers a citizen not satisfied with the outcome of the supervision."""
    item = get_item_for_user(request.user, pk)
    if not can_route(request.user, item):
        raise PermissionDenied
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(item)
    return _act(
        request,
        item,
        lambda: services.item_follow_up(item=item, by=request.user, text=form.cleaned_data["text"]),
        _("Follow-up published on the tracking page."),
    )


@login_required
@require_POST
def reveal_phone(request: HttpRequest, pk: int) -> HttpResponse:
    """Shows the full number once, to the handling unit; the view is logged."""
    item = get_item_for_user(request.user, pk)
    if not is_handler(request.user, item):
        raise PermissionDenied
    phone = services.phone_reveal(item=item, by=request.user)
    return render(request, "feedback/_phone.html", {"phone": phone, "item": item})


@login_required
def metric_records(request: HttpRequest, code: str) -> HttpResponse:
    """The items behind a published figure: exactly the rows it was computed from."""
    if code not in (metrics.ANSWERED_ON_TIME, metrics.SATISFACTION):
        raise Http404
    context = records_context(request, code)
    subject, year = context["subject"], context["year"]
    if code == metrics.ANSWERED_ON_TIME:
        items = metrics.counted_for_timeliness(subject, year, request.user)
    else:
        items = metrics.rated(subject, year, request.user)
    context |= {
        "page": Paginator(items.select_related("unit").order_by("submitted_at", "pk"), 100).get_page(
            request.GET.get("page")
        ),
        "timeliness": code == metrics.ANSWERED_ON_TIME,
    }
    return render(request, "feedback/metric_records.html", context)


def _settings_url(user, region: Region) -> str:
    url = reverse("feedback:settings")
    return f"{url}?region={region.pk}" if keeping_regions(user).filter(pk=region.pk).exists() else url


def _settings_page(request: HttpRequest, region: Region, *, status: int = 200, **bound) -> HttpResponse:
    """反馈设置 of one jurisdiction: what its citizens choose from, where their items go and how fast they are
    answered — its own settings, those it inherits from above (read-only here) and those its districts keep."""
    user = request.user
    reach = owned_applying(region) | within(region, "owner__path")
    policy_forms = []
    for kind, label in Kind.choices:
        policy = configuration.policy_for(kind, region)
        inherited = policy.owner if policy is not None and policy.owner_id != region.pk else None
        form = bound.get(f"policy_{kind}") or DeadlinePolicyForm(
            prefix=kind,
            initial={
                "acknowledge_workdays": policy.acknowledge_workdays
                if policy
                else DEFAULT_ACKNOWLEDGE_WORKDAYS,
                "answer_workdays": policy.answer_workdays if policy else DEFAULT_ANSWER_WORKDAYS,
            },
        )
        policy_forms.append((kind, label, form, inherited, policy is None))
    categories = Category.objects.visible_to(user).filter(reach).select_related("owner")
    rules = RoutingRule.objects.visible_to(user).filter(reach)
    context = {
        "region": region,
        "regions": keeping_regions(user),
        "categories": [(c, can_keep(user, c.owner)) for c in categories.order_by("sort_order", "pk")],
        "category_form": bound.get("category_form") or CategoryForm(prefix="category"),
        "rules": [
            (r, can_keep(user, r.owner))
            for r in rules.select_related("owner", "category", "region", "venue", "unit").order_by("pk")
        ],
        "rule_form": bound.get("rule_form") or RoutingRuleForm(prefix="rule", user=user, owner=region),
        "policy_forms": policy_forms,
        "changes": TimelineEvent.objects.for_object(region)
        .filter(verb__in=configuration.SETTINGS_VERBS)
        .select_related("actor")
        .order_by("-created_at", "-pk")[:20],
    }
    return render(request, "feedback/settings.html", context, status=status)


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    """反馈设置: categories, routing rules and deadlines per kind, kept by the leading-group office of each
    jurisdiction (?region= when the person keeps several)."""
    return _settings_page(request, keeping_region(request.user, request.GET.get("region")))


@login_required
@require_POST
def settings_save(request: HttpRequest, section: str) -> HttpResponse:
    """A new category or routing rule, or the deadlines of a kind, for the jurisdiction of the page (?region=). A
    refused form comes back with what was typed."""
    region = keeping_region(request.user, request.GET.get("region"))
    by = request.user
    if section == "category":
        form, key = CategoryForm(request.POST, prefix="category"), "category_form"
    elif section == "rule":
        form, key = RoutingRuleForm(request.POST, prefix="rule", user=by, owner=region), "rule_form"
    elif section in Kind.values:
        form, key = DeadlinePolicyForm(request.POST, prefix=section), f"policy_{section}"
    else:
        raise Http404
    if form.is_valid():
        try:
            if section == "category":
                configuration.category_create(owner=region, by=by, **form.cleaned_data)
            elif section == "rule":
                configuration.routing_rule_create(owner=region, by=by, **form.cleaned_data)
            else:
                configuration.deadline_policy_save(owner=region, by=by, kind=section, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(_settings_url(by, region))
    return _settings_page(request, region, **{key: form})


@login_required
@require_POST
def category_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_category_for_user(request.user, pk, write=True)
    configuration.category_toggle(category=category, by=request.user)
    messages.success(request, _("Saved."))
    return redirect(_settings_url(request.user, category.owner))


@login_required
@require_POST
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_routing_rule_for_user(request.user, pk, write=True)
    configuration.routing_rule_delete(rule=rule, by=request.user)
    messages.success(request, _("Routing rule removed."))
    return redirect(_settings_url(request.user, rule.owner))


@login_required
def insight_page(request: HttpRequest) -> HttpResponse:
    """需求分析: what citizens ask for, where and when, with the hot topics of the year."""
    this_year = local_today().year
    years = list(range(this_year, this_year - 5, -1))
    year = metric_year(request.GET, this_year)
    regions = insight_regions(request.user)
    region = None
    if request.GET.get("region", "").isdecimal():
        region = get_insight_region_for_user(request.user, int(request.GET["region"]))
    figures = insight(FeedbackItem.objects.visible_parts(request.user, region), year)
    charts = {
        "month_chart": bar_chart(
            categories=[label for label, _n in figures["by_month"]],
            values=[n for _label, n in figures["by_month"]],
            series_name=_("Items"),
            keep_order=True,
        ),
        "category_chart": bar_chart(
            categories=[label for label, _n in figures["by_category"]],
            values=[n for _label, n in figures["by_category"]],
            series_name=_("Items"),
        ),
    }
    context = {
        "year": year,
        "years": years,
        "regions": regions.order_by("path"),
        "region": region,
        **figures,
        **charts,
    }
    return render(request, "feedback/insight.html", context)


# --- Social forces ------------------------------------------------------------------------------------------


@login_required
def open_demands(request: HttpRequest) -> HttpResponse:
    """需求认领: demands opened to social organizations and volunteer teams, with our organization's offers."""
    units = list(services.offering_units(request.user))
    items = (
        FeedbackItem.objects.opened_to_social_for(request.user)
        .exclude(state=FeedbackState.ESCALATED)
        .select_related("category", "region")
        .prefetch_related("social_offers__unit")
        .order_by("-submitted_at")
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    teams = volunteer_teams.teams_of(u.pk for u in units)
    context = {
        "page": page,
        "units": units,
        "unit_ids": {u.pk for u in units},
        # The volunteer teams of our organizations, one of which may staff an offer (core.volunteer_teams).
        "teams": teams,
        "team_pages": {team.id: team for team in teams},
    }
    return render(request, "feedback/open_demands.html", context)


@login_required
@require_POST
def item_open_to_social(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk)
    if not can_open_to_social(request.user, item):
        raise PermissionDenied
    return _act(
        request,
        item,
        lambda: services.item_open_to_social(item=item, by=request.user),
        _("The demand is open to social organizations and volunteer teams."),
    )


@login_required
@require_POST
def social_offer(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_social_item_for_user(request.user, pk)
    units = {str(u.pk): u for u in services.offering_units(request.user)}
    unit = units.get(request.POST.get("unit", ""))
    if unit is None:
        raise PermissionDenied
    try:
        services.social_offer_submit(
            item=item,
            by=request.user,
            unit=unit,
            plan=request.POST.get("plan", "")[:2000],
            team_id=request.POST.get("team", "")[:12] or None,
        )
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    else:
        messages.success(request, _("Your offer was sent to the office."))
    return redirect("feedback:open_demands")


@login_required
@require_POST
def social_offer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_offer_for_user(request.user, pk)
    item = offer.item
    if not can_route(request.user, item):
        raise PermissionDenied
    return _act(
        request,
        item,
        lambda: services.social_offer_accept(offer=offer, by=request.user),
        _("Offer of %(unit)s accepted.") % {"unit": offer.unit.name},
    )


@login_required
@require_POST
def social_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk)
    if not can_route(request.user, item):
        raise PermissionDenied
    return _act(
        request,
        item,
        lambda: services.social_outcome_record(
            item=item, by=request.user, outcome=request.POST.get("outcome", "")[:3000]
        ),
        _("Outcome recorded."),
    )
