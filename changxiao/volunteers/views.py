"""The staff's pages of the culture volunteers: thin — access helper, form, one service, redirect or render."""

from datetime import datetime, timedelta

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from changxiao.core import organizations, volunteer_teams
from changxiao.core.confirmation import confirm_page, is_confirmed
from changxiao.core.deadlines import local_today
from changxiao.core.forms import add_service_errors, flash_errors, flash_form_errors
from changxiao.core.pagination import KeysFirstPaginator
from changxiao.core.timeline import timeline_for
from changxiao.orgs.metric_subjects import records_context
from changxiao.orgs.models import Region
from changxiao.orgs.queries import count_of

from . import documents, metrics, services
from . import rankings as ranking
from .choices import CertificateState, SignupState
from .forms import (
    ActivityForm,
    CorrectionForm,
    DecisionForm,
    InsuranceForm,
    IssueForm,
    LeaderCheckForm,
    NumberForm,
    RankingForm,
    ReasonForm,
    RecognitionForm,
    StarScaleForm,
    TeamForm,
    UnitVolunteerForm,
)
from .models import (
    Activity,
    Certificate,
    HourRecord,
    Membership,
    Recognition,
    Signup,
    StarScale,
    Team,
    Volunteer,
)
from .permissions import (
    can_keep_team,
    can_keep_unit,
    can_reveal_personal_data,
    get_activity_for_user,
    get_certificate_for_user,
    get_record_for_user,
    get_signup_for_user,
    get_star_region_for_user,
    get_team_for_user,
    get_volunteer_for_user,
    residence_zones,
    star_scale_regions,
    units_kept,
)

PAGE = 50
RANKED_TEAMS = 20


def _unit_choices(user):
    """The units kept, as a blank form's drop-down draws them: key and name (a city office keeps some 1,700)."""
    return units_kept(user).select_related(None).only("pk", "name")


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """文化志愿者: the teams a person sees, the activities coming, what waits for them."""
    user = request.user
    teams = (
        Team.objects.visible_to(user)
        .select_related("unit")
        # Counted for the page's teams only (a correlated count): joined, a city's 40,000 memberships were read for
        # every team and for the paginator's count.
        .annotate(members=count_of(Membership.objects.filter(team=OuterRef("pk"))))
        .order_by("unit__name", "name")
    )
    now = timezone.now()
    activities = (
        Activity.objects.visible_to(user)
        .filter(ends_at__gte=now)
        .select_related("team")
        .order_by("starts_at")[:20]
    )
    region = Region.objects.visible_to(user).order_by("path").first()
    year = local_today().year
    context = {
        "region": region,
        "year": year,
        "statistics": metrics.annual_statistics(region, year) if region else None,
        "teams": Paginator(teams, PAGE).get_page(request.GET.get("page")),
        "activities": activities,
        "review": HourRecord.objects.visible_to(user).standing().filter(needs_review=True).count(),
        "requested": Certificate.objects.visible_to(user).filter(state=CertificateState.REQUESTED).count(),
        "form": TeamForm(units=_unit_choices(user)) if units_kept(user).exists() else None,
    }
    return render(request, "volunteers/overview.html", context)


@login_required
@require_POST
def team_create(request: HttpRequest) -> HttpResponse:
    form = TeamForm(request.POST, units=units_kept(request.user))
    if form.is_valid():
        try:
            team = services.team_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(team)
    flash_form_errors(request, form)
    return redirect("volunteers:overview")


def _team_page(request, team, *, status=200, activity_form=None, leader_form=None):
    keeps = can_keep_team(request.user, team)
    members = team.memberships.select_related("volunteer").order_by("pk")
    context = {
        "team": team,
        "keeps": keeps,
        "leaders": list(team.leaders.all()),
        "members": Paginator(members, PAGE).get_page(request.GET.get("page")),
        "activities": team.activities.order_by("-starts_at")[:50],
        "activity_form": (activity_form or ActivityForm(initial={"counts_for_stars": True}))
        if keeps
        else None,
        "leader_form": (leader_form or NumberForm()) if keeps else None,
        "timeline": timeline_for(team),
        # A team that is a registered social organization: its registration in the workforce's registry.
        "registration": organizations.registrations([team.unit_id]).get(team.unit_id),
        # The feedback offers and linkage deliveries the team staffs, as those apps record them (core.volunteer_teams).
        "staffed": volunteer_teams.staffed_by(team.pk),
    }
    return render(request, "volunteers/team.html", context, status=status)


@login_required
def team(request: HttpRequest, pk: int) -> HttpResponse:
    return _team_page(request, get_team_for_user(request.user, pk))


@login_required
@require_POST
def team_leader(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_team_for_user(request.user, pk, write=True)
    form = NumberForm(request.POST)
    if form.is_valid():
        try:
            services.team_leader_set(team=item, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(item)
    return _team_page(request, item, status=400, leader_form=form)


def _moment(day, at) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


@login_required
@require_POST
def activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_team_for_user(request.user, pk, write=True)
    form = ActivityForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        day, starts, ends = data.pop("day"), data.pop("starts_time"), data.pop("ends_time")
        starts_at = _moment(day, starts)
        ends_at = _moment(day, ends)
        if ends_at <= starts_at:  # ends after midnight
            ends_at += timedelta(days=1)
        try:
            activity = services.activity_create(
                team=item, by=request.user, starts_at=starts_at, ends_at=ends_at, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(activity)
    return _team_page(request, item, status=400, activity_form=form)


def _activity_page(request, activity, *, status=200, insurance_form=None, correction=None):
    keeps = can_keep_team(request.user, activity.team)
    signups = list(activity.signups.select_related("volunteer").order_by("created_at", "pk"))
    records = list(
        HourRecord.objects.filter(activity=activity)
        .select_related("volunteer", "superseded_by", "recorded_by", "checked_out_by")
        .order_by("volunteer_id", "version")
    )
    check_url = request.build_absolute_uri(
        reverse("public:volunteers_check", args=[services.checkin_token(activity)])
    )
    context = {
        "activity": activity,
        "keeps": keeps,
        "signups": signups,
        "records": records,
        "standing": {r.signup_id: r for r in records if r.superseded_by_id is None and not r.is_cancelled},
        "taken": sum(1 for s in signups if s.state in (SignupState.CONFIRMED, SignupState.PENDING)),
        "check_url": check_url if keeps else "",
        "qr": segno.make(check_url, error="m").svg_data_uri(scale=5) if keeps else "",
        "insurance_form": (insurance_form or InsuranceForm()) if keeps else None,
        "decision_form": DecisionForm(),
        "correction": correction,
        "correction_form": CorrectionForm(),
        "now": timezone.now(),
        "timeline": timeline_for(activity),
    }
    return render(request, "volunteers/activity.html", context, status=status)


@login_required
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    return _activity_page(request, get_activity_for_user(request.user, pk))


@login_required
def activity_open(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_activity_for_user(request.user, pk, write=True)
    check = services.activity_open_check(item)
    if request.method == "POST":
        try:
            services.activity_open(activity=item, by=request.user, confirmed=is_confirmed(request))
        except ValidationError as exc:
            return confirm_page(
                request, check, back_url=item.get_absolute_url(), errors=exc.messages, status=400
            )
        messages.success(request, _("Sign-up is open."))
        return redirect(item)
    return confirm_page(request, check, back_url=item.get_absolute_url())


@login_required
@require_POST
def activity_insurance(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_activity_for_user(request.user, pk, write=True)
    form = InsuranceForm(request.POST)
    if form.is_valid():
        try:
            services.activity_insurance_attach(activity=item, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(item)
    return _activity_page(request, item, status=400, insurance_form=form)


@login_required
@require_POST
def activity_close(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_activity_for_user(request.user, pk, write=True)
    try:
        services.activity_close(activity=item, by=request.user)
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    return redirect(item)


def _with_reason(request: HttpRequest, item, step) -> HttpResponse:
    """A step taken with a reason (cancel, refuse, withdraw): the reason checked, the step taken, back to the record
    with what went wrong said."""
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            step(form.cleaned_data)
        except ValidationError as exc:
            flash_errors(request, exc.messages)
    else:
        flash_form_errors(request, form)
    return redirect(item)


@login_required
@require_POST
def activity_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_activity_for_user(request.user, pk, write=True)
    return _with_reason(
        request, item, lambda reason: services.activity_cancel(activity=item, by=request.user, **reason)
    )


@login_required
@require_POST
def signup_decide(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_signup_for_user(request.user, pk, write=True)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.signup_decide(
                signup=item,
                by=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            flash_errors(request, exc.messages)
    else:
        flash_form_errors(request, form)
    return redirect(item.activity)


@login_required
@require_POST
def leader_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The organizer checks in or out a volunteer without a phone."""
    item = get_activity_for_user(request.user, pk, write=True)
    form = LeaderCheckForm(request.POST)
    if form.is_valid():
        signup = (
            Signup.objects.filter(activity=item, pk=form.cleaned_data["signup"])
            .select_related("volunteer")
            .first()
        )
        if signup is None:
            raise Http404
        step = services.checkin if form.cleaned_data["action"] == "in" else services.checkout
        try:
            step(activity=item, volunteer=signup.volunteer, by=request.user)
        except ValidationError as exc:
            flash_errors(request, exc.messages)
    else:
        flash_form_errors(request, form)
    return redirect(item)


@login_required
@require_POST
def record_correct(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_record_for_user(request.user, pk, write=True)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        day = timezone.localtime(record.activity.starts_at).date()
        checked_in_at = _moment(day, form.cleaned_data["in_time"])
        checked_out_at = _moment(day, form.cleaned_data["out_time"])
        if checked_out_at <= checked_in_at:
            checked_out_at += timedelta(days=1)
        try:
            services.record_correct(
                record=record,
                by=request.user,
                checked_in_at=checked_in_at,
                checked_out_at=checked_out_at,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            flash_errors(request, exc.messages)
        else:
            messages.success(request, _("The hours are corrected; the previous version is kept."))
    else:
        flash_form_errors(request, form)
    return redirect(record.activity)


@login_required
@require_POST
def record_review(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_record_for_user(request.user, pk, write=True)
    try:
        services.record_review(record=record, by=request.user)
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    return redirect(record.activity)


def _volunteers_page(user, number: str, page):
    """A page of the volunteers a person sees, most hours first (by keys first: the rows are wide)."""
    rows = Volunteer.objects.visible_to(user).order_by("-total_minutes", "pk")
    if number:
        rows = rows.filter(number=number)
    return KeysFirstPaginator(rows, PAGE, rows_of=Volunteer.objects.select_related("region")).get_page(page)


@login_required
def volunteers(request: HttpRequest) -> HttpResponse:
    """The volunteers a person sees, masked; found by volunteer number."""
    number = request.GET.get("number", "").strip()[:20]
    context = {
        "page": _volunteers_page(request.user, number, request.GET.get("page")),
        "number": number,
        "form": UnitVolunteerForm(units=_unit_choices(request.user), cities=residence_zones(request.user))
        if units_kept(request.user).exists()
        else None,
    }
    return render(request, "volunteers/volunteers.html", context)


@login_required
@require_POST
def volunteer_register(request: HttpRequest) -> HttpResponse:
    """A unit registers a volunteer (with the volunteer's signed consent on paper: the agreement box)."""
    form = UnitVolunteerForm(
        request.POST, units=units_kept(request.user), cities=residence_zones(request.user)
    )
    if form.is_valid():
        try:
            volunteer = services.volunteer_register(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Registered with volunteer number %(number)s.") % {"number": volunteer.number}
            )
            return redirect(volunteer)
    context = {"page": _volunteers_page(request.user, "", 1), "number": "", "form": form}
    return render(request, "volunteers/volunteers.html", context, status=400)


@login_required
def volunteer(request: HttpRequest, pk: int) -> HttpResponse:
    return _volunteer_page(request, get_volunteer_for_user(request.user, pk))


def _volunteer_page(request, item, *, status=200, form=None, reveal_form=None):
    units = units_kept(request.user)
    records = (
        HourRecord.objects.visible_to(request.user)
        .standing()
        .filter(volunteer=item)
        .select_related("activity__team")
        .order_by("-checked_in_at")
    )
    context = {
        "volunteer": item,
        "stars": services.stars_of(item),
        "records": Paginator(records, PAGE).get_page(request.GET.get("page")),
        "certificates": Certificate.objects.visible_to(request.user)
        .filter(volunteer=item)
        .select_related("unit"),
        "teams": item.memberships.filter(team__in=Team.objects.visible_to(request.user)).select_related(
            "team"
        ),
        "recognitions": Recognition.objects.visible_to(request.user)
        .filter(volunteer=item)
        .select_related("unit"),
        "recognition_form": (form or RecognitionForm(units=units)) if units.exists() else None,
        "reveal_form": (reveal_form or ReasonForm())
        if can_reveal_personal_data(request.user, item)
        else None,
        "timeline": timeline_for(item),
    }
    return render(request, "volunteers/volunteer.html", context, status=status)


@login_required
@require_POST
@never_cache
def volunteer_personal_data(request: HttpRequest, pk: int) -> HttpResponse:
    """The volunteer's personal data in full, with the reason, for the managers of a unit organizing them (logged)."""
    item = get_volunteer_for_user(request.user, pk)
    if not can_reveal_personal_data(request.user, item):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            data = services.volunteer_personal_data_reveal(
                volunteer=item, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return render(request, "volunteers/personal_data.html", {"data": data, "volunteer": item})
    return _volunteer_page(request, item, status=400, reveal_form=form)


@login_required
@require_POST
def recognition_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_volunteer_for_user(request.user, pk)
    form = RecognitionForm(request.POST, units=units_kept(request.user))
    if form.is_valid():
        try:
            services.recognition_grant(volunteer=item, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(item)
    return _volunteer_page(request, item, status=400, form=form)


@login_required
def certificates(request: HttpRequest) -> HttpResponse:
    rows = (
        Certificate.objects.visible_to(request.user)
        .select_related("unit", "volunteer")
        .order_by("-requested_at")
    )
    state = request.GET.get("state", "")
    if state in CertificateState.values:
        rows = rows.filter(state=state)
    context = {
        "page": Paginator(rows, PAGE).get_page(request.GET.get("page")),
        "state": state,
        "states": CertificateState.choices,
    }
    return render(request, "volunteers/certificates.html", context)


def _certificate_page(request, certificate, *, status=200, issue_form=None):
    keeps = can_keep_unit(request.user, certificate.unit)
    records = (
        certificate.records.select_related("activity").order_by("checked_in_at")
        if certificate.state in (CertificateState.ISSUED, CertificateState.WITHDRAWN)
        else services.certifiable_records(certificate.volunteer, certificate.unit)
    )
    context = {
        "certificate": certificate,
        "keeps": keeps,
        "records": records,
        "issue_form": (issue_form or IssueForm())
        if keeps and certificate.state == CertificateState.REQUESTED
        else None,
        "reason_form": ReasonForm() if keeps else None,
        "verify_url": request.build_absolute_uri(
            reverse("public:volunteers_verify", args=[certificate.number])
        ),
        "timeline": timeline_for(certificate),
    }
    return render(request, "volunteers/certificate.html", context, status=status)


@login_required
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    return _certificate_page(request, get_certificate_for_user(request.user, pk))


@login_required
@require_POST
def certificate_issue(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_certificate_for_user(request.user, pk, write=True)
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            services.certificate_issue(
                certificate=item, by=request.user, confirmed=is_confirmed(request), **form.cleaned_data
            )
        except ValidationError as exc:
            if not is_confirmed(request) and not hasattr(exc, "error_dict"):
                check = services.certificate_issue_check(item)
                if check.allowed:
                    return confirm_page(request, check, back_url=item.get_absolute_url())
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The certificate is issued."))
            return redirect(item)
    return _certificate_page(request, item, status=400, issue_form=form)


@login_required
@require_POST
def certificate_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_certificate_for_user(request.user, pk, write=True)
    return _with_reason(
        request, item, lambda reason: services.certificate_refuse(certificate=item, by=request.user, **reason)
    )


@login_required
@require_POST
def certificate_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_certificate_for_user(request.user, pk, write=True)
    return _with_reason(
        request,
        item,
        lambda reason: services.certificate_withdraw(certificate=item, by=request.user, **reason),
    )


@login_required
def certificate_docx(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_certificate_for_user(request.user, pk)
    if item.state != CertificateState.ISSUED:
        raise Http404
    return documents.certificate_response(request, item)


@login_required
def rankings(request: HttpRequest) -> HttpResponse:
    """Rankings by hours per team and year (志愿时长排行): the teams with hours in the year, a page at a time."""
    form = RankingForm(request.GET or None)
    year = (
        form.cleaned_data["year"] if form.is_valid() and form.cleaned_data.get("year") else local_today().year
    )
    page = Paginator(ranking.teams_with_hours(request.user, year), RANKED_TEAMS).get_page(
        request.GET.get("page")
    )
    tables = ranking.top_volunteers(page, year)
    context = {
        "form": form,
        "year": year,
        "page": page,
        "querystring": f"year={year}",
        "tables": [(team, tables.get(team.pk, [])) for team in page],
    }
    return render(request, "volunteers/rankings.html", context)


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    """The star scale a zone's office keeps (星级认定标准), with its source."""
    regions = list(star_scale_regions(request.user))
    if not regions:
        raise Http404
    region = regions[0]
    chosen = request.GET.get("region", "")
    if chosen.isdecimal() and len(chosen) < 19:
        region = get_star_region_for_user(request.user, int(chosen))
    hours, source = services.star_scale_for(region)
    initial = dict(zip(("one", "two", "three", "four", "five"), hours, strict=True)) | {"source": source}
    context = {
        "region": region,
        "regions": regions,
        "form": StarScaleForm(initial=initial),
        "scales": StarScale.objects.visible_to(request.user).select_related("owner"),
    }
    return render(request, "volunteers/settings.html", context)


@login_required
@require_POST
def star_scale_set(request: HttpRequest, pk: int) -> HttpResponse:
    region = get_star_region_for_user(request.user, pk)
    form = StarScaleForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.star_scale_set(
                owner=region,
                by=request.user,
                hours=(data["one"], data["two"], data["three"], data["four"], data["five"]),
                source=data["source"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The star scale is saved."))
            return redirect(f"{reverse('volunteers:settings')}?region={region.pk}")
    context = {
        "region": region,
        "regions": list(star_scale_regions(request.user)),
        "form": form,
        "scales": [],
    }
    return render(request, "volunteers/settings.html", context, status=400)


@login_required
def metric_records(request: HttpRequest, code: str) -> HttpResponse:
    if code not in metrics.CODES:
        raise Http404
    context = records_context(request, code)
    if context["subject_kind"] != "region":
        raise Http404
    rows = metrics.rows(code, context["subject"], context["year"], request.user)
    context["page"] = Paginator(rows, 100).get_page(request.GET.get("page"))
    context["population"] = context["subject"].population(context["year"])
    context["code"] = code
    return render(request, "volunteers/metric_records.html", context)


def units_with_records(volunteer: Volunteer):
    from changxiao.orgs.models import Unit

    return Unit.objects.filter(
        pk__in=HourRecord.objects.standing().filter(volunteer=volunteer).values("activity__team__unit")
    ).order_by("name")
