"""Staff pages of the portal: the directory as its keepers see it, a facility's entry with its hours, closures,
activities and the breaches of the opening rules found against it, the office's list of breaches and the opening rules
of its jurisdiction. Thin: access helper → form → one service → redirect or render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from changxiao.core.confirmation import confirm_page, is_confirmed
from changxiao.core.deadlines import local_today
from changxiao.core.forms import add_service_errors, flash_errors, flash_form_errors
from changxiao.core.timeline import timeline_for
from changxiao.orgs.metric_subjects import records_context
from changxiao.orgs.models import Region
from changxiao.orgs.owned import keeping_region, keeping_regions
from changxiao.orgs.queries import count_of

from . import hours, metrics, services
from .choices import RULE_VALUE_UNITS, BreachState, ScheduleKind
from .forms import ActivityForm, AttendanceForm, ClosureForm, FacilityForm, HoursForm, ReasonForm, RuleForm
from .models import Facility, OpeningRule, RuleBreach
from .permissions import (
    can_escalate_breach,
    can_keep_facility,
    facility_regions,
    facility_units,
    get_activity_for_user,
    get_breach_for_user,
    get_closure_for_user,
    get_facility_for_user,
    get_schedule_for_user,
)

PAGE_SIZE = 50


@login_required
def facilities(request: HttpRequest) -> HttpResponse:
    """The directory as its keepers see it: every facility the person sees, published or not, with its breaches."""
    rows = Facility.objects.visible_to(request.user).current().select_related("region", "unit")
    q = request.GET.get("q", "").strip()[:50]
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(address__icontains=q))
    # The standing breaches counted for the page's rows only (grouped over the list, a city's 4,800 facilities were
    # counted, sorted and counted again for the paginator).
    standing = RuleBreach.objects.filter(facility=OuterRef("pk")).exclude(state=BreachState.RESOLVED)
    rows = rows.annotate(standing=count_of(standing)).order_by("region__path", "name", "pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/facilities.html",
        {
            "page": page,
            "q": q,
            "can_add": facility_units(request.user).exists(),
            "querystring": f"q={q}" if q else "",
        },
    )


def _facility_form_regions(user, unit_value):
    units = facility_units(user)
    unit = units.filter(pk=unit_value).first() if str(unit_value or "").isdecimal() else None
    regions = facility_regions(user, unit) if unit else Region.objects.none()
    if unit is None:
        # Before a unit is chosen: every region inside the units' jurisdictions.
        from changxiao.orgs.scope import inside

        regions = Region.objects.filter(inside({u.region.path for u in units}, "path")).order_by("path")
    return units, regions


@login_required
def facility_add(request: HttpRequest) -> HttpResponse:
    if not facility_units(request.user).exists():
        raise PermissionDenied
    units, regions = _facility_form_regions(request.user, request.POST.get("unit"))
    form = FacilityForm(request.POST or None, units=units, regions=regions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            facility = services.facility_add(by=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The facility is in the directory."))
            return redirect(facility)
    return render(request, "portal/facility_form.html", {"form": form})


@login_required
def facility(request: HttpRequest, pk: int) -> HttpResponse:
    facility = get_facility_for_user(request.user, pk)
    today = local_today()
    rows = list(facility.schedules.current())
    closures = list(facility.closures.current().filter(ends_on__gte=today))
    keeps = can_keep_facility(request.user, facility)
    breaches = list(facility.breaches.select_related("rule", "closure").order_by("state", "-found_on")[:50])
    for breach in breaches:
        breach.escalatable = breach.state == BreachState.OPEN and can_escalate_breach(request.user, breach)
    context = {
        "facility": facility,
        "week": hours.week_table(rows, today),
        "seasonal": [r for r in rows if r.kind == ScheduleKind.SEASONAL],
        "holiday_rows": [r for r in rows if r.kind == ScheduleKind.HOLIDAY],
        "rows": rows,
        "weekly_hours": hours.weekly_hours(rows, today),
        "closures": closures,
        "breaches": breaches,
        "activities": facility.activities.current().filter(starts_at__date__gte=today)[:20],
        "keeps": keeps,
        "hours_form": HoursForm(prefix="hours") if keeps else None,
        "timeline": timeline_for(facility),
    }
    return render(request, "portal/facility.html", context)


@login_required
def facility_edit(request: HttpRequest, pk: int) -> HttpResponse:
    facility = get_facility_for_user(request.user, pk, write=True)
    initial = {
        name: getattr(facility, name) for name in FacilityForm.base_fields if name not in ("unit", "region")
    }
    form = FacilityForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.facility_update(facility=facility, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The facility's entry is updated."))
            return redirect(facility)
    return render(request, "portal/facility_form.html", {"form": form, "facility": facility})


@login_required
@require_POST
def hours_add(request: HttpRequest, pk: int) -> HttpResponse:
    facility = get_facility_for_user(request.user, pk, write=True)
    form = HoursForm(request.POST, prefix="hours")
    if form.is_valid():
        try:
            services.hours_add(facility=facility, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            flash_errors(request, exc.messages)
        else:
            messages.success(request, _("The opening hours are added."))
    else:
        flash_form_errors(request, form)
    return redirect(facility)


@login_required
@require_POST
def hours_remove(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_schedule_for_user(request.user, pk, write=True)
    facility = row.facility
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.hours_remove(row=row, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            flash_errors(request, exc.messages)
    else:
        flash_form_errors(request, form)
    return redirect(facility)


@login_required
def closure_announce(request: HttpRequest, pk: int) -> HttpResponse:
    facility = get_facility_for_user(request.user, pk, write=True)
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            closure = services.closure_announce(facility=facility, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            breaches = RuleBreach.objects.filter(closure=closure).select_related("rule")
            for breach in breaches:
                messages.warning(request, f"{breach.rule}: {breach.detail} — {breach.rule.source}")
            if not breaches:
                messages.success(request, _("The closure is announced on the public directory."))
            return redirect(facility)
    return render(request, "portal/closure_form.html", {"form": form, "facility": facility})


@login_required
@require_POST
def closure_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    closure = get_closure_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.closure_cancel(closure=closure, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            flash_errors(request, exc.messages)
    else:
        flash_form_errors(request, form)
    return redirect(closure.facility)


@login_required
def breaches(request: HttpRequest) -> HttpResponse:
    """The breaches of the opening rules in the person's view, standing first."""
    rows = (
        RuleBreach.objects.visible_to(request.user)
        .select_related("facility__region", "rule", "closure")
        .order_by("state", "-found_on", "-pk")
    )
    state = request.GET.get("state", "")
    if state in BreachState.values:
        rows = rows.filter(state=state)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for breach in page:
        breach.escalatable = breach.state == BreachState.OPEN and can_escalate_breach(request.user, breach)
    return render(
        request,
        "portal/breaches.html",
        {
            "page": page,
            "state": state,
            "states": BreachState.choices,
            "querystring": f"state={state}" if state else "",
        },
    )


@login_required
def breach_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    breach = get_breach_for_user(request.user, pk, write=True)
    check = services.breach_escalate_check(breach=breach, by=request.user)
    back = reverse("portal:breaches")
    if request.method == "POST":
        try:
            breach = services.breach_escalate(breach=breach, by=request.user, confirmed=is_confirmed(request))
        except ValidationError as exc:
            return confirm_page(request, check, back_url=back, errors=exc.messages, status=400)
        messages.success(
            request, _("Raised as supervision finding %(ref)s.") % {"ref": breach.finding_reference}
        )
        return redirect(back)
    return confirm_page(request, check, back_url=back)


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    """The opening rules that apply in the person's jurisdiction, each with its source; the office sets its own."""
    rows = OpeningRule.objects.visible_to(request.user).select_related("owner")
    regions = keeping_regions(request.user)
    form = None
    if regions.exists():
        region = keeping_region(request.user, request.GET.get("region") or request.POST.get("region"))
        form = RuleForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.rule_set(by=request.user, owner=region, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The rule is set."))
                return redirect("portal:rules")
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "portal/rules.html", {"rules": rows, "form": form, "units": RULE_VALUE_UNITS})


@login_required
def activity_add(request: HttpRequest, pk: int) -> HttpResponse:
    facility = get_facility_for_user(request.user, pk, write=True)
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_add(facility=facility, by=request.user, **form.activity_values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The activity is on the calendar."))
            return redirect(activity)
    return render(request, "portal/activity_form.html", {"form": form, "facility": facility})


@login_required
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request.user, pk)
    keeps = can_keep_facility(request.user, activity.facility)
    tally = dict(activity.bookings.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    context = {
        "activity": activity,
        "keeps": keeps,
        "tally": tally,
        "attendance_form": AttendanceForm(initial={"attendance": activity.attendance}) if keeps else None,
        "timeline": timeline_for(activity),
    }
    return render(request, "portal/activity.html", context)


@login_required
@require_POST
def attendance_record(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request.user, pk, write=True)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        try:
            services.attendance_record(activity=activity, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            flash_errors(request, exc.messages)
        else:
            messages.success(request, _("The attendance is recorded."))
    else:
        flash_form_errors(request, form)
    return redirect(activity)


@login_required
@require_POST
def activity_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.activity_cancel(activity=activity, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            flash_errors(request, exc.messages)
    else:
        flash_form_errors(request, form)
    return redirect(activity)


@login_required
def metric_records(request: HttpRequest, code: str) -> HttpResponse:
    """The facilities (or activities, articles) behind one of the portal's figures, for a region and a year."""
    if code not in metrics.RECORDS:
        raise Http404
    context = records_context(request, code)
    if context["subject_kind"] != "region":
        raise Http404
    rows = metrics.RECORDS[code](context["subject"], context["year"], request.user)
    context.update({"code": code, "rows": rows[:500], "count": len(rows)})
    return render(request, "portal/metric_records.html", context)
