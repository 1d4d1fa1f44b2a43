"""The office arranges the cockpit per audience without code: layouts (a name, an audience, shown first or not) and
their tiles (added, removed, moved, each with the office's own target if it sets one)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from changxiao.core.forms import add_service_errors, flash_errors, flash_form_errors
from changxiao.core.metrics import all_metrics
from changxiao.core.timeline import timeline_for
from changxiao.orgs.scope import get_scope

from . import services
from .forms import LayoutForm, TileAddForm, TileMoveForm, TileTargetForm
from .models import Layout
from .permissions import (
    can_arrange,
    can_view_cockpit,
    cockpit_regions,
    get_cockpit_region_for_user,
    get_layout_for_user,
    get_tile_for_user,
)


def _office_regions(user):
    return [
        region
        for region in cockpit_regions(user)
        .filter(level__in=["province", "city", "county", "zone"])
        .order_by("path")
        if can_arrange(user, region)
    ]


@login_required
def layout_list(request: HttpRequest) -> HttpResponse:
    if not can_view_cockpit(request.user):
        raise PermissionDenied
    layouts = (
        Layout.objects.visible_to(request.user)
        .select_related("region")
        .order_by("region__path", "-is_default", "name")
    )
    office_regions = _office_regions(request.user)
    form = LayoutForm()
    if request.method == "POST":
        region_id = request.POST.get("region", "")
        region = (
            get_cockpit_region_for_user(request.user, int(region_id), write=True)
            if region_id.isdecimal()
            else None
        )
        if region is None:
            if not office_regions:
                raise PermissionDenied
            region = office_regions[0]
        if not can_arrange(request.user, region):
            raise PermissionDenied
        form = LayoutForm(request.POST)
        if form.is_valid():
            try:
                layout = services.layout_create(by=request.user, region=region, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The layout was created: add its tiles."))
                return redirect(layout)
    context = {"layouts": layouts, "form": form, "office_regions": office_regions}
    return render(request, "cockpit/layout_list.html", context, status=400 if form.errors else 200)


@login_required
def layout_detail(request: HttpRequest, pk: int) -> HttpResponse:
    layout = get_layout_for_user(request.user, pk)
    writable = can_arrange(request.user, layout.region) and not get_scope(request.user).read_only
    form = LayoutForm(
        initial={"name": layout.name, "audience": layout.audience, "is_default": layout.is_default}
    )
    if request.method == "POST":
        layout = get_layout_for_user(request.user, pk, write=True)
        form = LayoutForm(request.POST)
        if form.is_valid():
            try:
                services.layout_update(layout=layout, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The layout was saved."))
                return redirect(layout)
    tiles = list(layout.tiles.all())
    registry = {m.code: m for m in all_metrics()}
    context = {
        "layout": layout,
        "form": form,
        "writable": writable,
        "tiles": [
            (
                tile,
                registry.get(tile.metric_code),
                TileTargetForm(
                    initial={
                        "direction": tile.direction,
                        "target": tile.target,
                        "excellent": tile.excellent,
                        "target_source": tile.target_source,
                    },
                    prefix=f"t{tile.pk}",
                ),
            )
            for tile in tiles
        ],
        "add_form": TileAddForm(exclude={t.metric_code for t in tiles}),
        "timeline": timeline_for(layout),
    }
    return render(request, "cockpit/layout_detail.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def tile_add(request: HttpRequest, pk: int) -> HttpResponse:
    layout = get_layout_for_user(request.user, pk, write=True)
    form = TileAddForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(layout)
    try:
        services.tile_add(layout=layout, by=request.user, metric_code=form.cleaned_data["metric_code"])
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    return redirect(layout)


@login_required
@require_POST
def tile_remove(request: HttpRequest, layout_pk: int, pk: int) -> HttpResponse:
    tile = get_tile_for_user(request.user, layout_pk, pk)
    services.tile_remove(tile=tile, by=request.user)
    messages.success(request, _("The tile was removed."))
    return redirect(tile.layout)


@login_required
@require_POST
def tile_move(request: HttpRequest, layout_pk: int, pk: int) -> HttpResponse:
    tile = get_tile_for_user(request.user, layout_pk, pk)
    form = TileMoveForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(tile.layout)
    services.tile_move(tile=tile, by=request.user, step=form.cleaned_data["step"])
    return redirect(tile.layout)


@login_required
@require_POST
def tile_target(request: HttpRequest, layout_pk: int, pk: int) -> HttpResponse:
    tile = get_tile_for_user(request.user, layout_pk, pk)
    form = TileTargetForm(request.POST, prefix=f"t{tile.pk}")
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(tile.layout)
    try:
        services.tile_set_target(tile=tile, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    else:
        messages.success(request, _("The tile's target was saved."))
    return redirect(tile.layout)
