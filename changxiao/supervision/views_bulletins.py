"""Screens of supervision — bulletins (通报): generated from the data, edited, issued and published with a
confirmation, corrected or withdrawn with a reason; the published ones on the public site."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from changxiao.core.confirmation import confirm_page, is_confirmed
from changxiao.core.documents import docx_file_response
from changxiao.core.forms import add_service_errors
from changxiao.core.ratelimit import rate_limit
from changxiao.core.timeline import timeline_for

from . import queries, services
from .forms import BulletinCorrectionForm, BulletinEditForm, BulletinGenerateForm, BulletinWithdrawForm
from .models import Bulletin
from .notices import bulletin_document
from .permissions import can_manage_bulletin, can_write_bulletins, get_bulletin_for_user, get_public_bulletin

PAGE_SIZE = 50


# Reading the public site: generous for a person, a brake on scrapers.
PUBLIC_READS_PER_MINUTE = 120


@login_required
def bulletin_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.bulletins_for_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/bulletin_list.html",
        {"page": page, "can_generate": can_write_bulletins(request.user)},
    )


@login_required
def bulletin_create(request: HttpRequest) -> HttpResponse:
    form = BulletinGenerateForm(request.POST or None, user=request.user)
    if not form.fields["region"].queryset.exists():
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            bulletin = services.bulletin_generate(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Draft bulletin generated from the data; edit it, then issue it."))
            return redirect(bulletin)
    return render(request, "supervision/bulletin_form.html", {"form": form})


def _bulletin_page(request: HttpRequest, bulletin: Bulletin, **forms) -> HttpResponse:
    """The bulletin with the steps open to the person: edit a draft; publish, correct or withdraw an issued one.
    A form sent with an error comes back as it was typed."""
    may_manage = can_manage_bulletin(request.user, bulletin)
    issued = bulletin.state == Bulletin.State.ISSUED
    edit_form = forms.get("form")
    if edit_form is None and may_manage and not issued:
        edit_form = BulletinEditForm(instance=bulletin)
    correction_form = forms.get("correction_form")
    if correction_form is None and may_manage and issued:
        correction_form = BulletinCorrectionForm(
            initial={"number": bulletin.number, "title": bulletin.title, "body": bulletin.body}
        )
    withdraw_form = forms.get("withdraw_form")
    if withdraw_form is None and may_manage and issued and bulletin.is_public:
        withdraw_form = BulletinWithdrawForm()
    context = {
        "bulletin": bulletin,
        "form": edit_form,
        "can_publish": may_manage and issued and not bulletin.is_public,
        "correction_form": correction_form,
        "withdraw_form": withdraw_form,
        "revisions": bulletin.revisions.select_related("corrected_by"),
        "findings": bulletin.findings.select_related("lead_unit", "inspection"),
        "timeline": timeline_for(bulletin),
    }
    return render(request, "supervision/bulletin_detail.html", context)


@login_required
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = get_bulletin_for_user(request.user, pk)
    if request.method != "POST":
        return _bulletin_page(request, bulletin)
    bulletin = get_bulletin_for_user(request.user, pk, write=True)
    if bulletin.state != Bulletin.State.DRAFT:
        messages.error(request, _("An issued bulletin can no longer be changed."))
        return redirect(bulletin)
    form = BulletinEditForm(request.POST, instance=Bulletin.objects.get(pk=bulletin.pk))
    if form.is_valid():
        try:
            services.bulletin_update(bulletin=bulletin, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(bulletin)
    return _bulletin_page(request, bulletin, form=form)


def _bulletin_step(request: HttpRequest, bulletin: Bulletin, *, check, step, done: str) -> HttpResponse:
    """A confirmed step: the first post shows what will happen; the confirmed post takes the step."""
    back = bulletin.get_absolute_url()
    if is_confirmed(request):
        try:
            step(bulletin=bulletin, by=request.user, confirmed=True)
        except ValidationError as exc:
            shown = check(bulletin=Bulletin.objects.get(pk=bulletin.pk), by=request.user)
            errors = [m for m in exc.messages if m not in shown.refusals]
            return confirm_page(request, shown, back_url=back, errors=errors)
        messages.success(request, done)
        return redirect(bulletin)
    return confirm_page(request, check(bulletin=bulletin, by=request.user), back_url=back)


@login_required
@require_POST
def bulletin_issue(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = get_bulletin_for_user(request.user, pk, write=True)
    return _bulletin_step(
        request,
        bulletin,
        check=services.bulletin_issue_check,
        step=services.bulletin_issue,
        done=_("Bulletin issued."),
    )


@login_required
@require_POST
def bulletin_publish(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = get_bulletin_for_user(request.user, pk, write=True)
    return _bulletin_step(
        request,
        bulletin,
        check=services.bulletin_publish_check,
        step=services.bulletin_publish,
        done=_("Bulletin published on the public site."),
    )


@login_required
@require_POST
def bulletin_correct(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = get_bulletin_for_user(request.user, pk, write=True)
    form = BulletinCorrectionForm(request.POST)
    if form.is_valid():
        try:
            services.bulletin_correct(bulletin=bulletin, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Bulletin corrected; the earlier text is kept."))
            return redirect(bulletin)
    return _bulletin_page(request, bulletin, correction_form=form)


@login_required
@require_POST
def bulletin_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = get_bulletin_for_user(request.user, pk, write=True)
    form = BulletinWithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.bulletin_withdraw(bulletin=bulletin, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Bulletin withdrawn from the public site; it stays on record."))
            return redirect(bulletin)
    return _bulletin_page(request, bulletin, withdraw_form=form)


def _bulletin_docx(bulletin: Bulletin) -> HttpResponse:
    return docx_file_response(bulletin_document(bulletin), filename=f"bulletin-{bulletin.pk}.docx")


@login_required
def bulletin_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _bulletin_docx(get_bulletin_for_user(request.user, pk))


@rate_limit("public-read", limit=PUBLIC_READS_PER_MINUTE)
def public_bulletin_list(request: HttpRequest) -> HttpResponse:
    """Public site: the bulletins the offices chose to publish."""
    bulletins = Bulletin.objects.public().select_related("region").order_by("-issued_at", "-pk")
    page = Paginator(bulletins, 20).get_page(request.GET.get("page"))
    return render(request, "supervision/public_bulletin_list.html", {"page": page})


@rate_limit("public-read", limit=PUBLIC_READS_PER_MINUTE)
def public_bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A published bulletin with its corrections; a withdrawn one's address (shared earlier) says it was withdrawn
    (410 Gone), without its text."""
    bulletin = get_public_bulletin(pk)
    if bulletin.is_withdrawn:
        return render(
            request, "supervision/public_bulletin_withdrawn.html", {"bulletin": bulletin}, status=410
        )
    corrections = bulletin.revisions.order_by("version")
    return render(
        request, "supervision/public_bulletin_detail.html", {"bulletin": bulletin, "corrections": corrections}
    )
