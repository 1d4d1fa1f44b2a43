"""Pages of the urban-rural linkage: the menu (browsed and searched on a phone), an item and its order form, my
orders and the provider's queue, an order with its steps, the office's overview with the equality figures and the
grid of villages, pairs, programmes and their calendar, and the public rating and activity pages. Thin: access
helper → form → one service → redirect or render."""

from collections import Counter
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from changxiao.core import organizations, volunteer_teams
from changxiao.core.confirmation import confirm_page, is_confirmed
from changxiao.core.db_router import replica_reads
from changxiao.core.deadlines import local_today
from changxiao.core.demands import demands_about
from changxiao.core.documents import docx_response
from changxiao.core.forms import add_service_errors, flash_errors, flash_form_errors
from changxiao.core.pagination import KeysFirstPaginator
from changxiao.core.ratelimit import (
    SubmissionLimits,
    rate_limit,
    remember_device,
    submissions_message,
    too_many_page,
)
from changxiao.core.timeline import timeline_for
from changxiao.orgs.choices import UnitKind
from changxiao.orgs.metric_subjects import records_context
from changxiao.orgs.owned import keeping_regions
from changxiao.orgs.scope import get_scope, within

from . import coverage as coverage_module
from . import metrics, queries, services
from .choices import OrderState, PairState
from .forms import (
    AcceptForm,
    ActivityForm,
    ConfirmForm,
    DeliverForm,
    MenuFilterForm,
    MenuForm,
    OfferingForm,
    OrderForm,
    PairActivityForm,
    PairForm,
    ProgrammeForm,
    QuotaForm,
    RatingCorrectForm,
    ReasonForm,
    ResidentRatingForm,
    ReviewForm,
    StaffedForm,
)
from .models import Menu, Offering, Order, OutreachActivity, Pair, Programme, Quota
from .permissions import (
    can_answer,
    can_confirm_pair_activity,
    can_confirm_receipt,
    can_keep_menu,
    can_manage_pair,
    can_order,
    can_record_pair_activity,
    can_write_offering,
    get_activity_for_user,
    get_menu_for_user,
    get_offering_for_user,
    get_order_by_token,
    get_order_for_user,
    get_overview_region_for_user,
    get_pair_activity_for_user,
    get_pair_for_user,
    get_programme_for_user,
    get_public_activity,
    ordering_units,
    organizer_units,
    overview_regions,
    pairable_units,
    place_regions,
    provider_units,
)

PAGE_SIZE = 30
MENU_PAGES_MAX = 1000
DEMANDS_SHOWN = 8
RATING_LIMITS = SubmissionLimits("linkage-rating", per_device=3, per_address=30, attempts_per_address=120)
PUBLIC_READS_PER_MINUTE = 120


def _year(request) -> int:
    value = request.GET.get("year", "")
    if value.isdecimal() and len(value) == 4:
        return int(value)
    return local_today().year


def _querystring(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- Menus ------------------------------------------------------------------------------------------------------


@login_required
def menus(request: HttpRequest) -> HttpResponse:
    """The menus a person reads (their zone's, newest first); the office prepares the next one here."""
    user = request.user
    regions = keeping_regions(user)
    form = MenuForm(
        initial={"year": local_today().year, "default_quota": 6, "reply_workdays": 5, "coverage_times": 2}
    )
    status = 200
    if request.method == "POST":
        region = (
            regions.filter(
                pk=request.POST.get("region") if str(request.POST.get("region", "")).isdecimal() else None
            ).first()
            or regions.first()
        )
        if region is None:
            raise PermissionDenied
        form = MenuForm(request.POST)
        if form.is_valid():
            try:
                menu = services.menu_create(region=region, by=user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The menu is prepared: providers may offer items for it."))
                return redirect(menu)
        status = 400
    items = (
        Menu.objects.visible_to(user)
        .select_related("region")
        .annotate(items=Count("offerings", filter=Q(offerings__state="accepted")))
    )
    context = {"menus": items, "form": form if regions.exists() else None, "regions": regions}
    return render(request, "linkage/menus.html", context, status=status)


@login_required
def menu(request: HttpRequest, pk: int) -> HttpResponse:
    """The year's menu as village staff read it on a phone: search and filters, the items with places left; the
    office sees the items waiting for review and the quotas too."""
    item = get_menu_for_user(request.user, pk)
    keeps = can_keep_menu(request.user, item)
    filters = MenuFilterForm(request.GET)
    params = filters.cleaned_data if filters.is_valid() else {}
    # A page of the matches and whether more follow: never counted (a count would read the whole menu a second time
    # for every search typed on a phone).
    number = _page_number(request)
    rows = list(queries.menu_items(item, params)[(number - 1) * PAGE_SIZE : number * PAGE_SIZE + 1])
    page = {
        "items": rows[:PAGE_SIZE],
        "number": number,
        "previous": number - 1,
        "next": number + 1 if len(rows) > PAGE_SIZE else 0,
    }
    units = list(ordering_units(request.user).filter(within(item.region))) if item.is_published else []  # noqa: E501
    quotas = {q.unit_id: q for q in Quota.objects.filter(menu=item, unit__in=units)}
    context = {
        "menu": item,
        "page": page,
        "filters": filters,
        "querystring": _querystring(request),
        "keeps": keeps,
        "ordering": [(unit, quotas.get(unit.pk)) for unit in units],
        "can_offer": provider_units(request.user).exists() and not get_scope(request.user).read_only,
    }
    if keeps:
        context["waiting"] = (
            Offering.objects.filter(menu=item, state="submitted")
            .select_related("provider")
            .order_by("pk")[:50]
        )
        context["waiting_count"] = Offering.objects.filter(menu=item, state="submitted").count()
        context["quota_form"] = QuotaForm(units=_quota_units(item))
        context["withdraw_form"] = ReasonForm()
    return render(request, "linkage/menu.html", context)


def _page_number(request) -> int:
    value = request.GET.get("page", "")
    return int(value) if value.isdecimal() and 0 < int(value) <= MENU_PAGES_MAX else 1


def _quota_units(menu: Menu):
    from changxiao.orgs.models import Unit
    from changxiao.orgs.scope import within

    from .choices import ORDERING_VENUE_TYPES

    return (
        Unit.objects.active()
        .filter(within(menu.region), venue_type__in=ORDERING_VENUE_TYPES)
        .order_by("code")
    )


@login_required
@require_POST
def menu_publish(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_menu_for_user(request.user, pk, write=True)
    if not is_confirmed(request):
        return confirm_page(request, services.menu_publish_check(item), back_url=item.get_absolute_url())
    try:
        services.menu_publish(menu=item, by=request.user, confirmed=True)
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    else:
        messages.success(request, _("The menu is published."))
    return redirect(item)


@login_required
@require_POST
def menu_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_menu_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.menu_withdraw(menu=item, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            flash_errors(request, exc.messages)
        else:
            messages.success(request, _("The menu's publication is withdrawn."))
    else:
        flash_form_errors(request, form)
    return redirect(item)


@login_required
@require_POST
def quota_set(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_menu_for_user(request.user, pk, write=True)
    form = QuotaForm(request.POST, units=_quota_units(item))
    if form.is_valid():
        try:
            services.quota_set(menu=item, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            flash_errors(request, exc.messages)
        else:
            messages.success(request, _("The quota is set."))
    else:
        flash_form_errors(request, form)
    return redirect(item)


@login_required
def menu_counts(request: HttpRequest, pk: int) -> HttpResponse:
    """The year's orders per item, fewest first, with the items never ordered: what to drop or add next year."""
    item = get_menu_for_user(request.user, pk)
    if not can_keep_menu(request.user, item) and not get_scope(request.user).jurisdiction_paths:
        raise PermissionDenied
    rows = list(queries.order_counts(item))
    context = {"menu": item, "rows": rows, "never": [row for row in rows if not row.ordered]}
    return render(request, "linkage/menu_counts.html", context)


# --- Offerings --------------------------------------------------------------------------------------------------


@login_required
def offering_new(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_menu_for_user(request.user, pk)
    providers = provider_units(request.user)
    if get_scope(request.user).read_only or not providers.exists():
        raise PermissionDenied
    form = OfferingForm(request.POST or None, providers=providers)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            provider = data.pop("provider")
            try:
                offering = services.offering_submit(menu=item, provider=provider, by=request.user, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The item is offered: the office reviews it."))
                return redirect(offering)
        status = 400
    return render(request, "linkage/offering_form.html", {"menu": item, "form": form}, status=status)


@login_required
def offering(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_offering_for_user(request.user, pk)
    return _offering_page(request, item)


def _offering_page(request, item: Offering, status: int = 200, **forms) -> HttpResponse:
    user = request.user
    units = [unit for unit in ordering_units(user) if can_order(user, unit, item.menu)]
    on_menu = item.state == "accepted" and item.menu.is_published
    context = {
        "offering": item,
        "menu": item.menu,
        "order_form": forms.get("order_form") or (OrderForm(units=units) if units and on_menu else None),
        "review_form": (forms.get("review_form") or ReviewForm())
        if can_keep_menu(user, item.menu) and item.state == "submitted"
        else None,
        "withdraw_form": forms.get("withdraw_form") or ReasonForm()
        if can_write_offering(user, item) and item.state in ("submitted", "accepted", "returned")
        else None,
        "quotas": [(unit, services.quota_for(item.menu, unit)) for unit in units] if on_menu else [],
        "demands": [
            (
                unit,
                demands_about(
                    unit.region.path, since=local_today() - timedelta(days=365), limit=DEMANDS_SHOWN
                ),
            )
            for unit in units
        ],
        "registration": organizations.registrations([item.provider_id]).get(item.provider_id)
        if item.provider.kind == UnitKind.SOCIAL_ORGANIZATION
        else None,
        "social": item.provider.kind == UnitKind.SOCIAL_ORGANIZATION,
        "timeline": timeline_for(item),
    }
    return render(request, "linkage/offering.html", context, status=status)


@login_required
@require_POST
def offering_review(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_offering_for_user(request.user, pk)
    if not can_keep_menu(request.user, item.menu):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.offering_review(
                offering=item,
                by=request.user,
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The review is recorded."))
            return redirect(item)
    return _offering_page(request, item, status=400, review_form=form)


@login_required
@require_POST
def offering_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_offering_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.offering_withdraw(offering=item, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The item is withdrawn."))
            return redirect(item)
    return _offering_page(request, item, status=400, withdraw_form=form)


@login_required
@require_POST
def order_place(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_offering_for_user(request.user, pk)
    units = [unit for unit in ordering_units(request.user) if can_order(request.user, unit, item.menu)]
    if not units:
        raise PermissionDenied
    form = OrderForm(request.POST, units=units)
    if form.is_valid():
        try:
            order = services.order_place(offering=item, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Ordered: the provider answers by %(date)s.") % {"date": order.reply_due.isoformat()},
            )
            return redirect(order)
    return _offering_page(request, item, status=400, order_form=form)


# --- Orders -----------------------------------------------------------------------------------------------------


@login_required
def orders(request: HttpRequest) -> HttpResponse:
    """My orders (side=ordered), the provider's queue (side=provided) or every order a person sees."""
    params = request.GET.copy()
    if "side" not in params:
        scope = get_scope(request.user)
        params["side"] = "all" if scope.jurisdiction_paths else "ordered"
    # By keys first: a city's thousands of orders are ordered as keys, and only the page's rows read with their
    # offering, units and region (joined before the sort, every order was; queries.orders' own select_related serves
    # the export and the API).
    rows = Order.objects.select_related("offering__provider", "unit", "region")
    found = queries.orders(request.user, params)
    page = KeysFirstPaginator(found, PAGE_SIZE, rows_of=rows).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "side": params["side"],
        "state": params.get("state", ""),
        "late": params.get("late", ""),
        "states": OrderState.choices,
        "querystring": _querystring(request),
        "today": local_today(),
    }
    return render(request, "linkage/orders.html", context)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The provider's queue: orders to the units a person belongs to, waiting answers first."""
    return redirect(f"{reverse('linkage:orders')}?side=provided")


@login_required
def order(request: HttpRequest, pk: int) -> HttpResponse:
    return _order_page(request, get_order_for_user(request.user, pk))


def _order_page(request, item: Order, status: int = 200, **forms) -> HttpResponse:
    user = request.user
    answers = can_answer(user, item)
    receives = can_confirm_receipt(user, item)
    state = item.state
    # The provider's volunteer teams (core.volunteer_teams): offered to staff the delivery, and the staffing team's page.
    teams = volunteer_teams.teams_of([item.offering.provider_id])
    staffing = {"teams": teams if answers else ()}
    context = {
        "order": item,
        "staffing_team": next((team for team in teams if team.id == item.staffing_team_id), None),
        "accept_form": forms.get("accept_form")
        or AcceptForm(initial={"scheduled_on": item.wished_date}, **staffing)
        if answers and state == OrderState.ORDERED
        else None,
        "decline_form": forms.get("decline_form") or ReasonForm()
        if answers and state == OrderState.ORDERED
        else None,
        "deliver_form": forms.get("deliver_form")
        or DeliverForm(
            initial={"delivered_on": item.scheduled_on, "team_id": item.staffing_team_id}, **staffing
        )
        if answers and state == OrderState.ACCEPTED
        else None,
        "confirm_form": forms.get("confirm_form") or ConfirmForm()
        if receives and state == OrderState.DELIVERED
        else None,
        "dispute_form": forms.get("dispute_form") or ReasonForm()
        if receives and state == OrderState.DELIVERED
        else None,
        "cancel_form": forms.get("cancel_form") or ReasonForm()
        if receives and state in (OrderState.ORDERED, OrderState.ACCEPTED)
        else None,
        "correct_form": forms.get("correct_form")
        or RatingCorrectForm(
            initial={"extent": item.extent, "rating": item.rating, "comment": item.rating_comment}
        )
        if receives and state == OrderState.COMPLETED
        else None,
        "rating_url": request.build_absolute_uri(reverse("public:linkage_rate", args=[item.resident_token]))
        if receives and item.resident_rating_open
        else "",
        "resident_ratings": item.resident_ratings.all()[:20],
        "resident_summary": item.resident_ratings.aggregate(n=Count("pk")),
        "timeline": timeline_for(item),
    }
    return render(request, "linkage/order.html", context, status=status)


def _order_step(request, pk: int, form_class, form_key: str, action, success: str) -> HttpResponse:
    item = get_order_for_user(request.user, pk)
    if issubclass(form_class, StaffedForm):
        form = form_class(request.POST, teams=volunteer_teams.teams_of([item.offering.provider_id]))
    else:
        form = form_class(request.POST)
    if form.is_valid():
        try:
            action(item, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(item)
    return _order_page(request, item, status=400, **{form_key: form})


def _answering(request, pk: int) -> None:
    if not can_answer(request.user, get_order_for_user(request.user, pk)):
        raise PermissionDenied


def _receiving(request, pk: int) -> None:
    if not can_confirm_receipt(request.user, get_order_for_user(request.user, pk)):
        raise PermissionDenied


@login_required
@require_POST
def order_accept(request: HttpRequest, pk: int) -> HttpResponse:
    _answering(request, pk)
    return _order_step(
        request,
        pk,
        AcceptForm,
        "accept_form",
        lambda o, d: services.order_accept(order=o, by=request.user, **d),
        _("The order is accepted; the village is told the date."),
    )


@login_required
@require_POST
def order_decline(request: HttpRequest, pk: int) -> HttpResponse:
    _answering(request, pk)
    return _order_step(
        request,
        pk,
        ReasonForm,
        "decline_form",
        lambda o, d: services.order_decline(order=o, by=request.user, reason=d["reason"]),
        _("The order is declined."),
    )


@login_required
@require_POST
def order_deliver(request: HttpRequest, pk: int) -> HttpResponse:
    _answering(request, pk)
    return _order_step(
        request,
        pk,
        DeliverForm,
        "deliver_form",
        lambda o, d: services.order_deliver(order=o, by=request.user, **d),
        _("The delivery is reported; the village confirms it."),
    )


@login_required
@require_POST
def order_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    _receiving(request, pk)
    return _order_step(
        request,
        pk,
        ReasonForm,
        "cancel_form",
        lambda o, d: services.order_cancel(order=o, by=request.user, reason=d["reason"]),
        _("The order is cancelled; the place returns to your quota."),
    )


@login_required
@require_POST
def order_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    _receiving(request, pk)
    return _order_step(
        request,
        pk,
        ConfirmForm,
        "confirm_form",
        lambda o, d: services.order_confirm(order=o, by=request.user, **d),
        _("Thank you: the delivery is confirmed and rated."),
    )


@login_required
@require_POST
def order_dispute(request: HttpRequest, pk: int) -> HttpResponse:
    _receiving(request, pk)
    return _order_step(
        request,
        pk,
        ReasonForm,
        "dispute_form",
        lambda o, d: services.order_dispute(order=o, by=request.user, reason=d["reason"]),
        _("The provider is told the delivery did not happen."),
    )


@login_required
@require_POST
def order_rating_correct(request: HttpRequest, pk: int) -> HttpResponse:
    _receiving(request, pk)
    return _order_step(
        request,
        pk,
        RatingCorrectForm,
        "correct_form",
        lambda o, d: services.order_rating_correct(order=o, by=request.user, **d),
        _("The rating is corrected."),
    )


# --- The office's overview ---------------------------------------------------------------------------------------


# The most villages drawn one by one on the overview (a county's, a township's); a city is read by township.
OVERVIEW_GRID_VILLAGES = 300


@login_required
@replica_reads
def overview(request: HttpRequest) -> HttpResponse:
    """The office's overview of a jurisdiction and year: orders by state and the late ones, the equality figures
    and the grid of villages coloured by how often they were reached."""
    value = request.GET.get("region", "")
    if value:
        if not value.isdecimal() or len(value) > 18:
            raise Http404
        region = get_overview_region_for_user(request.user, int(value))
    else:
        region = overview_regions(request.user).order_by("path").first()
        if region is None:
            raise PermissionDenied
    year = _year(request)
    data = coverage_module.coverage(region, year)
    in_region = Order.objects.visible_to(request.user).filter(within(region, indexed=True), year=year)
    # The orders by state and the late answers among them, in one pass.
    answer_late = Q(state=OrderState.ORDERED, reply_due__lt=local_today())
    counted = (
        in_region.order_by()
        .values_list("state")
        .annotate(n=Count("pk"), late=Count("pk", filter=answer_late))
    )
    by_state = {state: n for state, n, _late in counted}
    context = {
        "region": region,
        "year": year,
        "data": data,
        # A city's 1,500 villages in one grid were unreadable and took 300 ms to draw: past OVERVIEW_GRID_VILLAGES
        # the townships' table (villages reached of each) leads to each township's own grid.
        "grid_shown": len(data.villages) <= OVERVIEW_GRID_VILLAGES,
        "townships": [
            (township, sum(1 for place in township.villages if place.reach >= data.times))
            for township in data.townships
        ],
        "by_state": [(label, by_state.get(value, 0), value) for value, label in OrderState.choices],
        "late": sum(late for _state, _n, late in counted),
        "children": overview_regions(request.user).filter(parent=region).order_by("sort_order", "code"),
        "menus": Menu.objects.visible_to(request.user).filter(year=year).select_related("region"),
        "pairs_flagged": _flagged_pairs(request.user, year).count(),
    }
    return render(request, "linkage/overview.html", context)


def _flagged_pairs(user, year: int):
    """Pairs of the year with fewer confirmed activities than committed."""
    from django.db.models import F

    return (
        Pair.objects.visible_to(user)
        .current()
        .filter(year=year)
        .exclude(state=PairState.ENDED)
        .annotate(
            done=Count(
                "activities",
                filter=Q(activities__confirmed_on__isnull=False, activities__cancelled_at__isnull=True),
            )
        )
        .filter(done__lt=F("activities_planned"))
    )


@login_required
def report(request: HttpRequest) -> HttpResponse:
    """The year's linkage section of the annual report (Word): menu, orders, deliveries, coverage and equality,
    pairs and programmes."""
    value = request.GET.get("region", "")
    if not value.isdecimal() or len(value) > 18:
        region = overview_regions(request.user).order_by("path").first()
        if region is None:
            raise PermissionDenied
    else:
        region = get_overview_region_for_user(request.user, int(value))
    year = _year(request)
    from .documents import report_context

    return docx_response(
        "linkage/linkage_section.docx",
        report_context(request.user, region, year),
        filename=f"{region.name}{year}年度城乡联动情况.docx",
    )


# --- Pairs ------------------------------------------------------------------------------------------------------


@login_required
def pairs(request: HttpRequest) -> HttpResponse:
    user = request.user
    year = _year(request)
    units = pairable_units(user)
    manages = units.exists() and not get_scope(user).read_only
    form = PairForm(initial={"year": year, "activities_planned": 4}, units=units) if manages else None
    status = 200
    if request.method == "POST":
        if not manages:
            raise PermissionDenied
        form = PairForm(request.POST, units=units)
        if form.is_valid():
            try:
                pair = services.pair_create(by=user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The pair is set up: the supported unit agrees to it."))
                return redirect(pair)
        status = 400
    flagged = set(_flagged_pairs(user, year).values_list("pk", flat=True))
    rows = (
        Pair.objects.visible_to(user)
        .filter(year=year)
        .select_related("supporter", "supported")
        .annotate(
            done=Count(
                "activities",
                filter=Q(activities__confirmed_on__isnull=False, activities__cancelled_at__isnull=True),
            )
        )
        .order_by("supporter__code", "supported__code", "pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "form": form,
        "year": year,
        "flagged": flagged,
        "querystring": _querystring(request),
    }
    return render(request, "linkage/pairs.html", context, status=status)


@login_required
def pair(request: HttpRequest, pk: int) -> HttpResponse:
    return _pair_page(request, get_pair_for_user(request.user, pk))


def _pair_page(request, item: Pair, status: int = 200, activity_form=None, end_form=None) -> HttpResponse:
    user = request.user
    activities = list(item.activities.select_related("recorded_by_unit").order_by("-held_on", "-pk"))
    confirmed = [a for a in activities if a.confirmed_on and not a.is_cancelled]
    context = {
        "pair": item,
        "activities": [
            (a, not a.is_cancelled and not a.confirmed_on and can_confirm_pair_activity(user, a))
            for a in activities
        ],
        "confirmed": len(confirmed),
        "audience": sum(a.audience for a in confirmed),
        "flagged": item.state != PairState.ENDED and len(confirmed) < item.activities_planned,
        "can_agree": item.state == PairState.PROPOSED
        and item.supported_id in get_scope(user).acting_unit_ids,
        "activity_form": activity_form or PairActivityForm()
        if item.state == PairState.AGREED and can_record_pair_activity(user, item)
        else None,
        "end_form": end_form or ReasonForm()
        if item.state != PairState.ENDED and can_manage_pair(user, item.supporter, item.supported)
        else None,
        "timeline": timeline_for(item),
    }
    return render(request, "linkage/pair.html", context, status=status)


@login_required
@require_POST
def pair_agree(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_pair_for_user(request.user, pk)
    try:
        services.pair_agree(pair=item, by=request.user)
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    else:
        messages.success(request, _("You agreed to the pair."))
    return redirect(item)


@login_required
@require_POST
def pair_end(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_pair_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.pair_end(pair=item, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The pair is ended."))
            return redirect(item)
    return _pair_page(request, item, status=400, end_form=form)


@login_required
@require_POST
def pair_activity_record(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_pair_for_user(request.user, pk)
    if not can_record_pair_activity(request.user, item):
        raise PermissionDenied
    form = PairActivityForm(request.POST)
    if form.is_valid():
        try:
            services.pair_activity_record(
                pair=item, by=request.user, photos=request.FILES.getlist("photos"), **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The activity is recorded: the other side confirms it."))
            return redirect(item)
    return _pair_page(request, item, status=400, activity_form=form)


@login_required
@require_POST
def pair_activity_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_pair_activity_for_user(request.user, pk)
    if not can_confirm_pair_activity(request.user, activity):
        raise PermissionDenied
    try:
        services.pair_activity_confirm(activity=activity, by=request.user)
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    else:
        messages.success(request, _("The activity is confirmed."))
    return redirect(activity.pair)


# --- Programmes and activities --------------------------------------------------------------------------------


@login_required
def programmes(request: HttpRequest) -> HttpResponse:
    user = request.user
    regions = keeping_regions(user)
    form = ProgrammeForm() if regions.exists() else None
    status = 200
    if request.method == "POST":
        region = regions.first()
        if region is None:
            raise PermissionDenied
        form = ProgrammeForm(request.POST)
        if form.is_valid():
            try:
                programme = services.programme_add(owner=region, by=user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The programme is added."))
                return redirect(programme)
        status = 400
    year = _year(request)
    rows = (
        Programme.objects.visible_to(user)
        .select_related("owner")
        .annotate(
            held=Count(
                "activities", filter=Q(activities__held_on__year=year, activities__cancelled_at__isnull=True)
            )
        )
    )
    return render(
        request, "linkage/programmes.html", {"programmes": rows, "form": form, "year": year}, status=status
    )


@login_required
def programme(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_programme_for_user(request.user, pk)
    year = _year(request)
    rows = (
        OutreachActivity.objects.visible_to(request.user)
        .filter(programme=item, held_on__year=year)
        .select_related("organizer", "region")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "linkage/programme.html",
        {"programme": item, "page": page, "year": year, "querystring": _querystring(request)},
    )


@login_required
def activity_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    organizers = organizer_units(user)
    if get_scope(user).read_only or not organizers.exists():
        raise PermissionDenied
    programmes_seen = Programme.objects.visible_to(user).filter(is_active=True)
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        programmes=programmes_seen,
        organizers=organizers,
        regions=place_regions(user),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                activity = services.activity_record(
                    by=user, photos=request.FILES.getlist("photos"), **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The activity is recorded."))
                return redirect(activity)
        status = 400
    return render(request, "linkage/activity_form.html", {"form": form}, status=status)


@login_required
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_activity_for_user(request.user, pk)
    from .permissions import can_record_activity

    context = {
        "activity": item,
        "cancel_form": ReasonForm()
        if not item.is_cancelled and can_record_activity(request.user, item.organizer)
        else None,
        "timeline": timeline_for(item),
    }
    return render(request, "linkage/activity.html", context)


@login_required
@require_POST
def activity_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_activity_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.activity_cancel(activity=item, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            flash_errors(request, exc.messages)
        else:
            messages.success(request, _("The activity is cancelled."))
    else:
        flash_form_errors(request, form)
    return redirect(item)


def _month(request) -> date:
    value = request.GET.get("month", "")
    try:
        year, month = (int(part) for part in value.split("-"))
        if 2000 <= year <= 2100:  # a month the previous and next links can name
            return date(year, month, 1)
    except ValueError:
        pass
    today = local_today()
    return date(today.year, today.month, 1)


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _day(request) -> date | None:
    """The ?day= asked for (YYYY-MM-DD, 2000–2100), else None: the month."""
    try:
        day = parse_date(request.GET.get("day", "")[:10])
    except ValueError:  # well formed, not a day (2026-02-30)
        return None
    return day if day and 2000 <= day.year <= 2100 else None


CALENDAR_SHOWN_A_DAY = 5  # of each kind; the day's own page (?day=) lists them all


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """The activity calendar of a month: outreach activities and the deliveries agreed, by day — the first few of
    each kind and how many more, each day's own page listing all of them (a city's month holds hundreds; drawn
    whole, the page took 300 ms and cut them at 500 without a word)."""
    day = _day(request)
    start = date(day.year, day.month, 1) if day else _month(request)
    end = _next_month(start)
    activities = (
        OutreachActivity.objects.visible_to(request.user)
        .current()
        .filter(held_on__gte=start, held_on__lt=end)
        .select_related("programme", "region")
    )
    deliveries = Order.objects.visible_to(request.user).filter(
        scheduled_on__gte=start,
        scheduled_on__lt=end,
        state__in=(OrderState.ACCEPTED, OrderState.DELIVERED, OrderState.COMPLETED),
    )
    if day:
        activities = activities.filter(held_on=day)
        deliveries = deliveries.filter(scheduled_on=day)
    else:
        activities = _first_of_each_day(activities, "held_on")
        deliveries = _first_of_each_day(deliveries, "scheduled_on")
    days: dict[date, list] = {}
    more: Counter = Counter()  # of each day of the month, the entries not read

    def add(kind: str, each, on: date) -> None:
        days.setdefault(on, []).append((kind, each))
        if day is None and each.nth == 1:
            more[on] += max(0, each.of_the_day - CALENDAR_SHOWN_A_DAY)

    for each in activities.order_by("held_on", "pk"):
        add("activity", each, each.held_on)
    for each in deliveries.select_related("offering", "unit").order_by("scheduled_on", "pk"):
        add("delivery", each, each.scheduled_on)
    previous = date(start.year - (start.month == 1), (start.month - 2) % 12 + 1, 1)
    context = {
        "month": start,
        "day": day,
        "days": [(each, entries, more[each]) for each, entries in sorted(days.items())],
        "previous": f"{previous:%Y-%m}" if previous.year >= 2000 else "",
        "next": f"{end:%Y-%m}" if end.year <= 2100 else "",
    }
    return render(request, "linkage/calendar.html", context)


def _first_of_each_day(rows, field: str):
    """The first CALENDAR_SHOWN_A_DAY rows of each day (by key), numbered in the database, each with the count of
    its day (`of_the_day`): the rows a person sees are found once for both."""
    numbered = rows.annotate(
        nth=Window(RowNumber(), partition_by=[F(field)], order_by=[F("pk").asc()]),
        of_the_day=Window(Count("pk"), partition_by=[F(field)]),
    )
    return numbered.filter(nth__lte=CALENDAR_SHOWN_A_DAY)


# --- Metrics ----------------------------------------------------------------------------------------------------


@login_required
def metric_records(request: HttpRequest, code: str) -> HttpResponse:
    """The records behind a linkage figure: the villages and what reached each."""
    if code not in metrics.CODES:
        raise Http404
    context = records_context(request, code)
    subject, year = context["subject"], context["year"]
    if context["subject_kind"] == "unit":
        # A provider's answers: the orders to it of the year, with their deadlines.
        context["orders"] = (
            Order.objects.visible_to(request.user)
            .filter(offering__provider=subject, year=year)
            .select_related("offering", "unit")
            .order_by("reply_due", "pk")[:500]
        )
    else:
        context["data"] = coverage_module.coverage(subject, year)
    return render(request, "linkage/metric_records.html", context)


# --- Public pages -----------------------------------------------------------------------------------------------


def public_rate(request: HttpRequest, token: str) -> HttpResponse:
    """The short rating page a receiving unit hands its residents (a link or a QR code): one question and a comment,
    rate-limited like every public form."""
    item = get_order_by_token(token)
    form = ResidentRatingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        wait = RATING_LIMITS.wait(request)
        if wait:
            return too_many_page(request, wait, submissions_message(wait))
        if form.is_valid():
            try:
                services.resident_rate(order=item, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                RATING_LIMITS.accepted(request)
                return render(request, "linkage/public_rated.html", {"order": item})
        status = 400
    response = render(request, "linkage/public_rate.html", {"order": item, "form": form}, status=status)
    return remember_device(request, response)


@rate_limit("linkage-public", limit=PUBLIC_READS_PER_MINUTE)
def public_activities(request: HttpRequest) -> HttpResponse:
    """The public listing of outreach activities: those to come first, then the recent ones."""
    today = local_today()
    coming = (
        OutreachActivity.objects.public()
        .filter(held_on__gte=today)
        .select_related("programme", "region")
        .order_by("held_on", "pk")[:50]
    )
    past = (
        OutreachActivity.objects.public()
        .filter(held_on__lt=today)
        .select_related("programme", "region")
        .order_by("-held_on", "-pk")[:30]
    )
    return render(request, "linkage/public_activities.html", {"coming": coming, "past": past})


@rate_limit("linkage-public", limit=PUBLIC_READS_PER_MINUTE)
def public_activity(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "linkage/public_activity.html", {"activity": get_public_activity(pk)})
