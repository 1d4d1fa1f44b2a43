"""Office screens of the organization mechanism: thin views over the services in services.py."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from changxiao.core.charts import bar_chart
from changxiao.core.document_jobs import document_job_start
from changxiao.core.documents import docx_file_response
from changxiao.core.exports import params_to_dict
from changxiao.core.forms import flash_errors
from changxiao.core.models import Attachment
from changxiao.core.permissions import require
from changxiao.core.timeline import changed_fields_comment, timeline_for

from . import lockout, queries, roster_document, services
from .exports import ROSTER
from .forms import (
    FILTER_LEVELS,
    ApiTokenForm,
    ExistingPersonRoleForm,
    MembershipForm,
    PeopleFilterForm,
    PersonEditForm,
    PersonForm,
    PopulationForm,
    RegionFilterForm,
    RegionForm,
    UnitFilterForm,
    UnitForm,
)
from .models import ApiToken, PopulationRecord, Region, Unit
from .permissions import (
    can_manage_api_tokens,
    can_manage_organization,
    can_manage_region,
    can_manage_unit,
    get_membership_for_user,
    get_person_for_user,
    get_region_for_user,
    get_unit_for_user,
    grantable_roles,
)

PAGE_SIZE = 50
# A region page lists its units up to this many, then links to the filtered unit list.
REGION_UNITS_SHOWN = 50


def _page(request: HttpRequest, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# --- Regions ----------------------------------------------------------------------------------------


@login_required
def region_list(request: HttpRequest) -> HttpResponse:
    form = RegionFilterForm(request.GET, user=request.user)
    page = _page(request, queries.regions_for_list(request.user, request.GET))
    context = {
        "form": form,
        "page": page,
        "querystring": _querystring_without_page(request),
        "can_manage": can_manage_organization(request.user),
    }
    return render(request, "orgs/region_list.html", context)


@login_required
def region_detail(request: HttpRequest, pk: int) -> HttpResponse:
    region = get_region_for_user(request.user, pk)
    children = list(
        region.children.order_by("sort_order", "code").annotate(
            unit_count=queries.count_of(Unit.objects.filter(region=OuterRef("pk"), is_active=True)),
            population=Subquery(
                PopulationRecord.objects.filter(region=OuterRef("pk"))
                .order_by("-year")
                .values("resident")[:1]
            ),
        )
    )
    with_population = [child for child in children if child.population]
    population_chart = (
        bar_chart(
            categories=[child.name for child in with_population],
            values=[round(child.population / 10000, 2) for child in with_population],
            series_name=_("Resident population"),
            unit=_("10,000 persons"),
        )
        if len(with_population) > 1
        else None
    )
    units = Unit.objects.visible_to(request.user).filter(region=region).active()
    context = {
        "region": region,
        "population_chart": population_chart,
        "ancestors": Region.objects.filter(pk__in=[int(p) for p in region.path.strip("/").split("/")[:-1]]),
        "children": children,
        "units": units[:REGION_UNITS_SHOWN],
        "unit_total": units.count(),
        "units_list_url": f"{reverse('orgs:unit_list')}?region={region.pk}"
        if region.level in FILTER_LEVELS
        else "",
        "population_records": region.population_records.all(),
        "population_form": PopulationForm(initial={"year": timezone.localdate().year - 1}),
        "timeline": timeline_for(region),
        "can_manage": can_manage_region(request.user, region),
    }
    return render(request, "orgs/region_detail.html", context)


@login_required
def region_create(request: HttpRequest) -> HttpResponse:
    require(can_manage_organization(request.user))
    parent_id = request.GET.get("parent")
    initial = {"parent": parent_id} if parent_id and parent_id.isdecimal() else {}
    form = RegionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            region = services.region_create(
                by=request.user,
                parent=data["parent"],
                code=data["code"],
                name=data["name"],
                level=data["level"],
                area_km2=data["area_km2"],
                sort_order=data["sort_order"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Region “%(name)s” was created.") % {"name": region.name})
            return redirect(region)
    return render(request, "orgs/region_form.html", {"form": form})


@login_required
def region_edit(request: HttpRequest, pk: int) -> HttpResponse:
    region = get_region_for_user(request.user, pk, write=True)
    old_parent_id = region.parent_id
    form = RegionForm(request.POST or None, instance=region, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.region_update(
            region=form.save(commit=False),
            by=request.user,
            changes_comment=changed_fields_comment(form),
            old_parent_id=old_parent_id,
        )
        messages.success(request, _("Changes saved."))
        return redirect(region)
    return render(request, "orgs/region_form.html", {"form": form, "region": region})


@login_required
@require_POST
def population_save(request: HttpRequest, pk: int) -> HttpResponse:
    region = get_region_for_user(request.user, pk, write=True)
    form = PopulationForm(request.POST)
    if form.is_valid():
        services.population_record(region=region, by=request.user, **form.cleaned_data)
        messages.success(request, _("Resident population saved."))
        form = PopulationForm(initial={"year": form.cleaned_data["year"]})
    context = {
        "region": region,
        "population_records": region.population_records.all(),
        "population_form": form,
        "can_manage": True,
    }
    if request.htmx:
        return render(request, "orgs/region_detail.html#population", context)
    if form.is_bound and form.errors:
        messages.error(request, _("Please correct the errors below."))
    return redirect(region)


# --- Units ------------------------------------------------------------------------------------------


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    form = UnitFilterForm(request.GET, user=request.user)
    page = _page(request, queries.units_for_list(request.user, request.GET))
    context = {
        "form": form,
        "page": page,
        "querystring": _querystring_without_page(request),
        "can_manage": can_manage_organization(request.user),
    }
    return render(request, "orgs/unit_list.html", context)


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk)
    can_manage = can_manage_unit(request.user, unit)
    memberships = unit.memberships.select_related("user").filter(user__is_service_account=False)
    if not can_manage:
        memberships = memberships.filter(is_active=True)
    context = {
        "unit": unit,
        "memberships": memberships,
        "children": Unit.objects.visible_to(request.user).filter(parent=unit).select_related("region"),
        "attachments": Attachment.objects.for_object(unit).select_related("uploaded_by"),
        "timeline": timeline_for(unit),
        "can_manage": can_manage,
        "tokens": unit.api_tokens.select_related("created_by")
        if can_manage_api_tokens(request.user, unit)
        else None,
    }
    return render(request, "orgs/unit_detail.html", context)


@login_required
def unit_create(request: HttpRequest) -> HttpResponse:
    require(can_manage_organization(request.user))
    initial = {}
    if request.GET.get("region", "").isdecimal():
        initial["region"] = request.GET["region"]
    form = UnitForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        unit = services.unit_create(by=request.user, unit=form.save(commit=False))
        messages.success(request, _("Unit “%(name)s” was created.") % {"name": unit.name})
        return redirect(unit)
    return render(request, "orgs/unit_form.html", {"form": form})


@login_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk, write=True)
    form = UnitForm(request.POST or None, instance=unit, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.unit_update(
            unit=form.save(commit=False), by=request.user, changes_comment=changed_fields_comment(form)
        )
        messages.success(request, _("Changes saved."))
        return redirect(unit)
    return render(request, "orgs/unit_form.html", {"form": form, "unit": unit})


@login_required
@require_POST
def unit_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk, write=True)
    active = request.POST.get("active") == "1"
    services.unit_set_active(
        unit=unit, by=request.user, active=active, comment=request.POST.get("comment", "")[:500]
    )
    messages.success(request, _("The unit is active again.") if active else _("The unit was deactivated."))
    return redirect(unit)


@login_required
@require_POST
def unit_attach(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk, write=True)
    files = request.FILES.getlist("files")
    if not files:
        messages.error(request, _("Choose at least one file."))
        return redirect(unit)
    try:
        stored = services.unit_attach_files(
            unit=unit, by=request.user, files=files, description=request.POST.get("description", "")[:200]
        )
    except ValidationError as exc:
        flash_errors(request, exc.messages)
        return redirect(unit)
    messages.success(request, _("%(n)d file(s) attached.") % {"n": len(stored)})
    return redirect(unit)


# --- People and roles -------------------------------------------------------------------------------


@login_required
def people_list(request: HttpRequest) -> HttpResponse:
    form = PeopleFilterForm(request.GET, user=request.user)
    page = _page(request, queries.people_for_list(request.user, request.GET))
    can_manage = can_manage_organization(request.user)
    return render(
        request,
        "orgs/people_list.html",
        {
            "form": form,
            "page": page,
            "querystring": _querystring_without_page(request),
            "can_manage": can_manage,
            # Accounts of this page locked from some address (too many wrong passwords): the managers lift them.
            "locked": lockout.locked_usernames(m.user.username for m in page) if can_manage else set(),
        },
    )


@login_required
def person_add(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk, write=True)
    from .choices import DEFAULT_ROLE_FOR_KIND

    initial = {"role": DEFAULT_ROLE_FOR_KIND.get(unit.kind)}
    roles = grantable_roles(request.user, unit)
    existing = request.method == "POST" and request.POST.get("mode") == "existing"
    form = PersonForm(
        request.POST if request.method == "POST" and not existing else None, initial=initial, roles=roles
    )
    existing_form = ExistingPersonRoleForm(
        request.POST if existing else None,
        unit=unit,
        manager=request.user,
        initial=initial,
        prefix="existing",
        roles=roles,
    )
    if existing and existing_form.is_valid():
        data = existing_form.cleaned_data
        membership = services.membership_add(
            unit=unit, by=request.user, person=data["person"], role=data["role"], title=data["title"]
        )
        messages.success(request, _("%(name)s now has this role.") % {"name": membership.user.display_name})
        return redirect(unit)
    if request.method == "POST" and not existing and form.is_valid():
        membership = services.person_add(unit=unit, by=request.user, **form.cleaned_data)
        messages.success(
            request, _("Account “%(username)s” was created.") % {"username": membership.user.username}
        )
        return redirect(unit)
    return render(
        request, "orgs/person_form.html", {"form": form, "existing_form": existing_form, "unit": unit}
    )


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, write=True)
    form = PersonEditForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        changes = changed_fields_comment(form, exclude={"new_password"})
        try:
            services.person_update(
                person=form.save(commit=False),
                by=request.user,
                changes_comment=changes,
                new_password=form.cleaned_data["new_password"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("orgs:people_list")
    memberships = person.memberships.select_related("unit")
    context = {
        "form": form,
        "person": person,
        "memberships": memberships,
        "locks": lockout.locks_of(person.username),
    }
    return render(request, "orgs/person_edit.html", context)


@login_required
@require_POST
def person_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, write=True)
    services.person_unlock(person=person, by=request.user)
    messages.success(
        request, _("The sign-in lock is lifted: %(name)s can sign in again.") % {"name": person.display_name}
    )
    return redirect("orgs:person_edit", pk=person.pk)


@login_required
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, pk, write=True)
    form = MembershipForm(
        request.POST or None, instance=membership, roles=grantable_roles(request.user, membership.unit)
    )
    if request.method == "POST" and form.is_valid():
        services.membership_update(membership=membership, by=request.user, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect(membership.unit)
    return render(request, "orgs/membership_form.html", {"form": form, "membership": membership})


@login_required
@require_POST
def membership_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, pk, write=True)
    try:
        services.membership_deactivate(membership=membership, by=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request, _("%(name)s no longer has this role.") % {"name": membership.user.display_name}
        )
    return redirect(membership.unit)


# --- API tokens -------------------------------------------------------------------------------------


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    require(can_manage_api_tokens(request.user))
    tokens = ApiToken.objects.filter(unit__in=Unit.objects.visible_to(request.user)).select_related(
        "unit", "created_by"
    )
    form = ApiTokenForm(request.POST or None, user=request.user)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.api_token_issue(by=request.user, **form.cleaned_data)
        form = ApiTokenForm(user=request.user)
    return render(request, "orgs/token_list.html", {"tokens": tokens, "form": form, "new_key": new_key})


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_manage_api_tokens(request.user))
    token = get_object_or_404(ApiToken.objects.filter(unit__in=Unit.objects.visible_to(request.user)), pk=pk)
    services.api_token_revoke(token=token, by=request.user)
    messages.success(request, _("The token was revoked."))
    return redirect("orgs:token_list")


# --- Documents --------------------------------------------------------------------------------------


@login_required
def roster_docx(request: HttpRequest) -> HttpResponse:
    """组织机构名册: the units of the filtered list with their heads and contacts, as a Word document — built in the
    background (core.document_jobs) when the list is longer than DOCUMENT_INLINE_MAX_ROWS."""
    units = queries.units_for_list(request.user, request.GET)
    filename = f"roster-{timezone.localdate():%Y%m%d}.docx"
    if units.count() > settings.DOCUMENT_INLINE_MAX_ROWS:
        return document_job_start(
            request, ROSTER.name, params=params_to_dict(request.GET), file_name=filename
        )
    return docx_file_response(roster_document.roster(units), filename=filename)
