"""Screens of supervision — rectification: the responsible unit submits it, an inspector or the office verifies it
(accepted, or returned with the reason), on the finding's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from changxiao.core.forms import add_service_errors

from . import services
from .forms import RectificationForm, VerificationForm
from .permissions import get_finding_for_user, get_rectification_for_user
from .views import finding_page


@login_required
@require_POST
def rectification_submit(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_finding_for_user(request.user, pk)
    form = RectificationForm(request.POST)
    if form.is_valid():
        try:
            services.rectification_submit(
                finding=finding,
                by=request.user,
                measures=form.cleaned_data["measures"],
                evidence=request.FILES.getlist("evidence"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Rectification submitted for verification."))
            return redirect(finding)
    return finding_page(request, finding, rectification_form=form)


@login_required
@require_POST
def rectification_review(request: HttpRequest, pk: int) -> HttpResponse:
    rectification = get_rectification_for_user(request.user, pk)
    finding = get_finding_for_user(request.user, rectification.finding_id)
    form = VerificationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            review = (
                services.rectification_accept
                if data["decision"] == "accept"
                else services.rectification_return
            )
            review(
                rectification=rectification,
                by=request.user,
                comment=data["comment"],
                reinspected=data["reinspected"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Rectification verified; the finding is closed.")
                if data["decision"] == "accept"
                else _("Rectification returned to the unit."),
            )
            return redirect(finding)
    return finding_page(request, finding, verification_form=form)
