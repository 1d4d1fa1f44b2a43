"""Pages of the workforce: the overview of a jurisdiction, a unit's roster with its gaps, a person's record, the
settings of certificate kinds and requirements, and the records behind 持证上岗率. Thin: access helper → form → one
service → redirect or render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from changxiao.core.charts import bar_chart
from changxiao.core.confirmation import confirm_page, is_confirmed
from changxiao.core.db_router import replica_reads
from changxiao.core.deadlines import local_today
from changxiao.core.forms import add_service_errors, flash_errors, flash_form_errors
from changxiao.core.imports import get_import
from changxiao.core.metrics import metric_year
from changxiao.core.models import TimelineEvent
from changxiao.core.timeline import timeline_for
from changxiao.orgs.metric_subjects import records_context
from changxiao.orgs.owned import keeping_region, keeping_regions, owned_applying
from changxiao.orgs.queries import count_of

from . import metrics, queries, services, staffing, training
from .choices import StaffTier
from .forms import (
    AttendanceForm,
    CancelForm,
    CertificateForm,
    CertificateKindForm,
    DissolutionCorrectForm,
    DissolveForm,
    MemberForm,
    MoveForm,
    OrganizationForm,
    PostEndForm,
    RegisterForm,
    RequirementForm,
    SessionForm,
    StaffingStandardForm,
    StandardForm,
)
from .models import (
    Attendance,
    Certificate,
    CertificateKind,
    CertificateRequirement,
    Post,
    Practitioner,
    SocialOrganization,
    TrainingSession,
)
from .permissions import (
    attendee_choices,
    can_change_practitioner,
    can_keep_registry,
    can_keep_settings,
    can_manage_staff,
    get_certificate_for_user,
    get_organization_for_user,
    get_overview_region_for_user,
    get_post_for_user,
    get_practitioner_for_user,
    get_requirement_for_user,
    get_session_for_user,
    get_staffing_standard_for_user,
    get_unit_for_user,
    organization_accounts,
    overview_regions,
    registry_regions,
    units_managed,
)

# --- Overview and roster ---------------------------------------------------------------------------------------


@login_required
@replica_reads
def overview(request: HttpRequest) -> HttpResponse:
    """The office's overview by jurisdiction: people in post, posts requiring a certificate and the gaps, for the
    jurisdiction, each region inside it and the units located in it."""
    value = request.GET.get("region", "")
    if value:
        if not value.isdecimal() or len(value) > 18:
            raise Http404
        region = get_overview_region_for_user(request.user, int(value))
    else:
        region = overview_regions(request.user).order_by("path").first()
        if region is None:
            raise Http404
    day = local_today()
    data = queries.overview(request.user, region, day)
    ancestors = [
        r for r in overview_regions(request.user).filter(pk__in=_ancestor_ids(region)).order_by("path")
    ]
    posts_needed = staffing.staffing_of(data.staffed, region, day, data.held)
    children = [
        (child, tally, covered)
        for (child, tally), (_child, covered) in zip(
            data.children,
            staffing.coverage_by_child(posts_needed, [c for c, _t in data.children]),
            strict=True,
        )
    ]
    vacant = [item for item in posts_needed if item.vacancies]
    context = {
        "charts": _overview_charts(children),
        "coverage": staffing.coverage(posts_needed),
        "children": children,
        "vacant_units": vacant[:VACANCIES_SHOWN],
        "vacant_count": len(vacant),
        "data": data,
        "region": region,
        "ancestors": ancestors,
        "day": day,
        "can_import": get_import("workforce-staff").can_import(request.user),
    }
    return render(request, "workforce/overview.html", context)


VACANCIES_SHOWN = 10  # the first units with vacancies; all of them on the post coverage's records (?vacant=1)
RECORDS_PAGE_SIZE = 100


def _overview_charts(children) -> dict | None:
    """Bar charts of each region's 持证上岗率 and post coverage (core.charts), on the fixed 0–100 scale; none when
    the jurisdiction has no region inside it."""
    if not children:
        return None
    names = [child.name for child, _tally, _covered in children]
    return {
        "certified": bar_chart(
            categories=names,
            values=[tally.rate for _child, tally, _covered in children],
            series_name=_("Certified (持证上岗率)"),
            unit="%",
            maximum=100,
        ),
        "coverage": bar_chart(
            categories=names,
            values=[covered.rate for _child, _tally, covered in children],
            series_name=_("Post coverage"),
            unit="%",
            maximum=100,
        ),
    }


def _ancestor_ids(region) -> list[int]:
    return [int(part) for part in region.path.strip("/").split("/")[:-1] if part]


@login_required
def roster(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's roster on today: each person in post, their certificates, and the gaps in red."""
    unit = get_unit_for_user(request.user, pk)
    manages = can_manage_staff(request.user, unit)
    form = RegisterForm()
    status = 200
    if request.method == "POST":
        if not manages:
            raise PermissionDenied
        form = RegisterForm(request.POST)
        if form.is_valid():
            try:
                post = services.practitioner_register(unit=unit, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("%(name)s is on the roster.") % {"name": post.practitioner})
                return redirect("workforce:roster", unit.pk)
        status = 400
    day = local_today()
    posts = list(queries.roster(unit, day))
    trained = training.days_in_year([post.practitioner_id for post in posts], day.year)
    standard = training.standard_for(unit.region)
    for post in posts:
        post.training_days = trained.get(post.practitioner_id, 0)
        post.training_short = post.training_days < standard.days
    context = {
        "staffing": staffing.unit_staffing(unit, day),
        "standard": standard,
        "year": day.year,
        "session_form": SessionForm() if manages else None,
        "unit": unit,
        "posts": posts,
        "gaps": sum(1 for post in posts if post.has_gap),
        "manages": manages,
        "form": form if manages else None,
    }
    return render(request, "workforce/roster.html", context, status=status)


# --- A person's record -----------------------------------------------------------------------------------------


@login_required
def practitioner(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_practitioner_for_user(request.user, pk)
    return _record_page(request, person)


def _record_page(request, person, *, status: int = 200, **bound) -> HttpResponse:
    user = request.user
    day = local_today()
    posts = list(
        Post.objects.visible_to(user)
        .filter(practitioner=person)
        .with_certification(day)
        .select_related("unit__region")
        .order_by("-start", "-pk")
    )
    certificates = list(
        Certificate.objects.filter(practitioner=person)
        .select_related("kind", "replaces")
        .prefetch_related("renewed_by")
        .order_by("kind__name", "-issued_on", "-pk")
    )
    changes = can_change_practitioner(user, person)
    kinds = CertificateKind.objects.visible_to(user).filter(is_active=True)
    movable_units = units_managed(user)
    context = {
        "person": person,
        "posts": [(post, not post.is_cancelled and can_manage_staff(user, post.unit)) for post in posts],
        "certificates": [(c, c.is_valid_on(day)) for c in certificates],
        "changes": changes,
        "day": day,
        "timeline": timeline_for(person),
        "certificate_form": bound.get("certificate_form") or CertificateForm(kinds=kinds),
        "end_form": PostEndForm(initial={"end": day}),
        "move_form": MoveForm(units=movable_units, initial={"on": day}),
        "cancel_form": CancelForm(),
        "training": _training_by_year(person, posts),
    }
    return render(request, "workforce/practitioner.html", context, status=status)


def _training_by_year(person, posts) -> list[dict]:
    """Each year's sessions attended, the days and the standard of the tier the person worked in (their latest post
    visible), newest first."""
    attendances = (
        person.attendances.filter(session__cancelled_at__isnull=True)
        .select_related("session")
        .order_by("-session__start", "-pk")
    )
    standing = [post for post in posts if not post.is_cancelled]
    standard = training.standard_for(standing[0].unit.region) if standing else None
    years: dict[int, dict] = {}
    for attendance in attendances:
        year = years.setdefault(
            attendance.session.start.year, {"year": attendance.session.start.year, "days": 0, "rows": []}
        )
        year["days"] += attendance.days
        year["rows"].append(attendance)
    for year in years.values():
        year["standard"] = standard
        year["short"] = standard is not None and year["days"] < standard.days
    return list(years.values())


@login_required
def personal_data(request: HttpRequest, pk: int) -> HttpResponse:
    """The name, identity card number and phone in full, for whoever keeps the person's roster (each view logged)."""
    person = get_practitioner_for_user(request.user, pk, write=True)
    if request.method != "POST":
        return redirect(person)
    data = services.personal_data_reveal(practitioner=person, by=request.user)
    return render(request, "workforce/_personal_data.html", {"data": data, "person": person})


@login_required
@require_POST
def post_end(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post_for_user(request.user, pk, write=True)
    form = PostEndForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(post.practitioner)
    try:
        services.post_end(post=post, by=request.user, end=form.cleaned_data["end"])
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    else:
        messages.success(request, _("The post has ended."))
    return redirect(post.practitioner)


@login_required
@require_POST
def post_move(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post_for_user(request.user, pk, write=True)
    form = MoveForm(request.POST, units=units_managed(request.user))
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(post.practitioner)
    try:
        services.practitioner_move(post=post, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    else:
        messages.success(request, _("The move is recorded; the former post stays in the history."))
    return redirect(post.practitioner)


@login_required
@require_POST
def post_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post_for_user(request.user, pk, write=True)
    form = CancelForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(post.practitioner)
    try:
        services.post_cancel(post=post, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    else:
        messages.success(request, _("The post is cancelled."))
    return redirect(post.practitioner)


def _certificate_post(request, person, *, replaces=None) -> HttpResponse:
    kinds = CertificateKind.objects.visible_to(request.user).filter(is_active=True)
    form = CertificateForm(request.POST, request.FILES, kinds=kinds)
    if form.is_valid():
        data = dict(form.cleaned_data)
        evidence = [data.pop("evidence")] if data.get("evidence") else []
        data.pop("evidence", None)
        try:
            services.certificate_record(
                practitioner=person, by=request.user, evidence=evidence, replaces=replaces, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The certificate is recorded."))
            return redirect(person)
    return _record_page(request, person, status=400, certificate_form=form)


@login_required
@require_POST
def certificate_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_practitioner_for_user(request.user, pk, write=True)
    return _certificate_post(request, person)


@login_required
@require_POST
def certificate_renew(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_certificate_for_user(request.user, pk, write=True)
    return _certificate_post(request, certificate.practitioner, replaces=certificate)


@login_required
@require_POST
def certificate_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_certificate_for_user(request.user, pk, write=True)
    form = CancelForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(certificate.practitioner)
    try:
        services.certificate_cancel(
            certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    else:
        messages.success(request, _("The certificate is cancelled."))
    return redirect(certificate.practitioner)


# --- Settings --------------------------------------------------------------------------------------------------


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    region = keeping_region(request.user, request.GET.get("region"))
    return _settings_page(request, region)


def _settings_page(request, region, *, status: int = 200, **bound) -> HttpResponse:
    user = request.user
    kinds = CertificateKind.objects.filter(owned_applying(region)).select_related("owner")
    requirements = (
        CertificateRequirement.objects.filter(owned_applying(region))
        .select_related("owner", "kind")
        .order_by("role", "kind__name")
    )
    context = {
        "region": region,
        "regions": keeping_regions(user),
        "kinds": kinds,
        "requirements": [(r, can_keep_settings(user, r.owner)) for r in requirements],
        "kind_form": bound.get("kind_form") or CertificateKindForm(),
        "requirement_form": bound.get("requirement_form")
        or RequirementForm(kinds=kinds.filter(is_active=True)),
        "standards": [training.standard_for_tier(region, tier) for tier in StaffTier.values],
        "standard_form": bound.get("standard_form") or StandardForm(),
        "staffing": _staffing_rows(user, region),
        "staffing_form": bound.get("staffing_form") or StaffingStandardForm(),
        "changes": TimelineEvent.objects.for_object(region).filter(verb__in=services.SETTINGS_VERBS)[:20],
    }
    return render(request, "workforce/settings.html", context, status=status)


def _staffing_rows(user, region) -> list[tuple]:
    """Each figure that applies in the region with the standard row it comes from when the person keeps it (to
    remove it), else None."""
    rows = staffing.standards_around(region)
    by_key = {(r.owner_id, r.facility, r.post_kind, r.population_from): r for r in rows}
    result = []
    for figure in staffing.figures_in(region, rows):
        row = None
        if figure.owner is not None and can_keep_settings(user, figure.owner):
            row = by_key.get((figure.owner.pk, figure.facility, figure.post_kind, figure.population_from))
        result.append((figure, row))
    return result


@login_required
@require_POST
def kind_add(request: HttpRequest) -> HttpResponse:
    region = keeping_region(request.user, request.GET.get("region"))
    form = CertificateKindForm(request.POST)
    if form.is_valid():
        try:
            services.certificate_kind_create(owner=region, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The certificate kind is added."))
            return redirect(_settings_url(region))
    return _settings_page(request, region, status=400, kind_form=form)


@login_required
@require_POST
def requirement_add(request: HttpRequest) -> HttpResponse:
    region = keeping_region(request.user, request.GET.get("region"))
    kinds = CertificateKind.objects.filter(owned_applying(region), is_active=True)
    form = RequirementForm(request.POST, kinds=kinds)
    if form.is_valid():
        try:
            services.requirement_create(owner=region, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The requirement is set: gaps show on the rosters from now on."))
            return redirect(_settings_url(region))
    return _settings_page(request, region, status=400, requirement_form=form)


@login_required
@require_POST
def requirement_remove(request: HttpRequest, pk: int) -> HttpResponse:
    requirement = get_requirement_for_user(request.user, pk, write=True)
    region = requirement.owner
    services.requirement_remove(requirement=requirement, by=request.user)
    messages.success(request, _("The requirement is removed."))
    return redirect(_settings_url(region))


def _settings_url(region) -> str:
    return f"{reverse('workforce:settings')}?region={region.pk}"


# --- The records behind 持证上岗率 ---------------------------------------------------------------------------------


@login_required
def metric_records(request: HttpRequest, code: str) -> HttpResponse:
    if code not in (
        metrics.CERTIFIED_RATE,
        metrics.TRAINING_RATE,
        metrics.POST_COVERAGE,
        metrics.ORGANIZATIONS,
    ):
        raise Http404
    context = records_context(request, code)
    if code == metrics.ORGANIZATIONS:
        if context["subject_kind"] != "region":
            raise Http404
        rows = metrics.organization_rows(context["subject"], context["year"], request.user).select_related(
            "region"
        )
        context["population"] = context["subject"].population(context["year"])
        context["page"] = Paginator(rows.order_by("name", "pk"), RECORDS_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        return render(request, "workforce/metric_organization_records.html", context)
    if code == metrics.POST_COVERAGE:
        rows = metrics.coverage_rows(context["subject"], context["year"], request.user)
        vacant = [row for row in rows if not row.covered]
        context |= {
            "value": metrics.coverage_value(rows, context["subject"], context["year"]),
            "vacant_only": request.GET.get("vacant") == "1",
            "counted": len(rows),
            "vacant": len(vacant),
        }
        shown = vacant if context["vacant_only"] else rows
        context["page"] = Paginator(shown, RECORDS_PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "workforce/metric_coverage_records.html", context)
    if code == metrics.TRAINING_RATE:
        rows = metrics.training_rows(context["subject"], context["year"], request.user)
        context["page"] = Paginator(rows, RECORDS_PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "workforce/metric_training_records.html", context)
    posts = metrics.required_posts(context["subject"], context["year"], request.user)
    context["page"] = Paginator(
        posts.select_related("practitioner", "unit").order_by("unit__code", "pk"), RECORDS_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "workforce/metric_records.html", context)


# --- Training --------------------------------------------------------------------------------------------------


@login_required
def sessions(request: HttpRequest) -> HttpResponse:
    """The training sessions the person sees, of a year."""
    year = metric_year(request.GET, local_today().year)
    items = (
        TrainingSession.objects.visible_to(request.user)
        .filter(start__year=year)
        .select_related("organizer")
        .annotate(attendees=count_of(Attendance.objects.filter(session=OuterRef("pk"))))
        .order_by("-start", "-pk")
    )
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(request, "workforce/sessions.html", {"page": page, "year": year})


@login_required
@require_POST
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk, write=True)
    form = SessionForm(request.POST, request.FILES)
    if form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("evidence", None)
        try:
            session = services.session_create(
                organizer=unit, by=request.user, evidence=[upload] if upload else [], **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The training session is recorded: now say who attended."))
            return redirect(session)
    flash_form_errors(request, form)
    return redirect("workforce:roster", unit.pk)


@login_required
def session(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_session_for_user(request.user, pk)
    return _session_page(request, item)


def _session_page(request, item, *, status: int = 200, form=None) -> HttpResponse:
    manages = can_manage_staff(request.user, item.organizer)
    attendances = (
        item.attendances.filter(practitioner__in=Practitioner.objects.visible_to(request.user))
        .select_related("practitioner")
        .order_by("pk")
    )
    context = {
        "session": item,
        "attendances": attendances,
        "form": (form or AttendanceForm(practitioners=attendee_choices(request.user))) if manages else None,
        "timeline": timeline_for(item),
    }
    return render(request, "workforce/session.html", context, status=status)


@login_required
@require_POST
def attendance_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_session_for_user(request.user, pk, write=True)
    form = AttendanceForm(request.POST, practitioners=attendee_choices(request.user))
    if form.is_valid():
        try:
            services.attendance_record(
                session=item,
                by=request.user,
                practitioners=list(form.cleaned_data["practitioners"]),
                days=form.cleaned_data["days"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The attendance is recorded."))
            return redirect(item)
    return _session_page(request, item, status=400, form=form)


@login_required
@require_POST
def standard_set(request: HttpRequest) -> HttpResponse:
    region = keeping_region(request.user, request.GET.get("region"))
    form = StandardForm(request.POST)
    if form.is_valid():
        try:
            services.standard_set(owner=region, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The training standard is set."))
            return redirect(_settings_url(region))
    return _settings_page(request, region, status=400, standard_form=form)


@login_required
@require_POST
def staffing_set(request: HttpRequest) -> HttpResponse:
    region = keeping_region(request.user, request.GET.get("region"))
    form = StaffingStandardForm(request.POST)
    if form.is_valid():
        try:
            services.staffing_standard_set(owner=region, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The staffing standard is set: vacancies show on the rosters from now on.")
            )
            return redirect(_settings_url(region))
    return _settings_page(request, region, status=400, staffing_form=form)


@login_required
@require_POST
def staffing_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Removing a staffing figure shows what it does and asks for confirmation first."""
    standard = get_staffing_standard_for_user(request.user, pk, write=True)
    region = standard.owner
    if not is_confirmed(request):
        return confirm_page(
            request, services.staffing_standard_check(standard), back_url=_settings_url(region)
        )
    services.staffing_standard_remove(standard=standard, by=request.user, confirmed=True)
    messages.success(request, _("The staffing standard is removed."))
    return redirect(_settings_url(region))


# --- Industry organizations and social groups ------------------------------------------------------------------


@login_required
def organizations(request: HttpRequest) -> HttpResponse:
    """The registry of industry organizations and social groups the person reads; whoever manages a jurisdiction
    registers one here (a code failing only its check character asks for confirmation)."""
    user = request.user
    regions = registry_regions(user)
    keeps = regions.exists()
    form = OrganizationForm(regions=regions, units=organization_accounts(user))
    status = 200
    if request.method == "POST":
        if not keeps:
            raise PermissionDenied
        form = OrganizationForm(request.POST, regions=regions, units=organization_accounts(user))
        if form.is_valid():
            check = services.organization_check(form.cleaned_data["credit_code"])
            if check.missing and not check.refusals and not is_confirmed(request):
                return confirm_page(request, check, back_url=reverse("workforce:organizations"))
            try:
                organization = services.organization_register(
                    by=user, confirmed=is_confirmed(request), **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("%(name)s is in the registry.") % {"name": organization})
                return redirect(organization)
        status = 400
    items = (
        SocialOrganization.objects.visible_to(user)
        .select_related("region")
        .annotate(member_count=Count("members"))
        .order_by("name", "pk")
    )
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    context = {"page": page, "form": form if keeps else None}
    return render(request, "workforce/organizations.html", context, status=status)


@login_required
def organization(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_organization_for_user(request.user, pk)
    return _organization_page(request, item)


def _organization_page(request, item, *, status: int = 200, form=None, **bound) -> HttpResponse:
    keeps = can_keep_registry(request.user, item.region)
    dissolution = None
    if keeps:
        dissolution = bound.get("dissolution_form") or (
            DissolutionCorrectForm(initial={"dissolved_on": item.dissolved_on})
            if item.dissolved_on
            else DissolveForm()
        )
    context = {
        "organization": item,
        "members": item.members.order_by("name", "pk"),
        "form": (form or MemberForm()) if keeps else None,
        "dissolution_form": dissolution,
        "timeline": timeline_for(item),
    }
    return render(request, "workforce/organization.html", context, status=status)


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_organization_for_user(request.user, pk, write=True)
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            services.organization_member_add(organization=item, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The member is added."))
            return redirect(item)
    return _organization_page(request, item, status=400, form=form)


@login_required
@require_POST
def organization_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_organization_for_user(request.user, pk, write=True)
    form = DissolveForm(request.POST)
    if form.is_valid():
        try:
            services.organization_dissolve(organization=item, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The organization is marked dissolved."))
            return redirect(item)
    return _organization_page(request, item, status=400, dissolution_form=form)


@login_required
@require_POST
def organization_dissolution_correct(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_organization_for_user(request.user, pk, write=True)
    form = DissolutionCorrectForm(request.POST)
    if form.is_valid():
        try:
            services.organization_dissolution_correct(organization=item, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The dissolution is corrected."))
            return redirect(item)
    return _organization_page(request, item, status=400, dissolution_form=form)
