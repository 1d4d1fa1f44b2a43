"""Staff pages of publicity: the articles one writes or reviews, an article with its timeline, the media reports.
Thin: access helper → form → one service → redirect or render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from changxiao.core.confirmation import confirm_page, is_confirmed
from changxiao.core.forms import add_service_errors, flash_errors, flash_form_errors
from changxiao.core.timeline import timeline_for
from changxiao.orgs.metric_subjects import records_context
from changxiao.orgs.models import Unit
from changxiao.orgs.scope import inside

from . import metrics, services
from .choices import ArticleState
from .forms import ArticleForm, ReasonForm, ReportForm
from .models import Article, MediaReport
from .permissions import (
    can_record_reports,
    can_review,
    can_write,
    get_article_for_user,
    get_article_to_review,
    get_report_for_user,
    report_regions,
    writing_units,
)

PAGE_SIZE = 50


@login_required
def articles(request: HttpRequest) -> HttpResponse:
    rows = Article.objects.visible_to(request.user).select_related("unit")
    state = request.GET.get("state", "")
    if state in ArticleState.values:
        rows = rows.filter(state=state)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "publicity/articles.html",
        {
            "page": page,
            "state": state,
            "states": ArticleState.choices,
            "can_write": writing_units(request.user).exists(),
            "querystring": f"state={state}" if state else "",
        },
    )


@login_required
def article_write(request: HttpRequest) -> HttpResponse:
    units = writing_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = ArticleForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_write(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The article is saved as a draft."))
            return redirect(article)
    return render(request, "publicity/article_form.html", {"form": form})


@login_required
def article(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_for_user(request.user, pk)
    context = {
        "article": article,
        "links": article.links.all(),
        "can_write": can_write(request.user, article),
        "can_review": can_review(request.user, article),
        "reason_form": ReasonForm(),
        "timeline": timeline_for(article),
    }
    return render(request, "publicity/article.html", context)


@login_required
def article_picture(request: HttpRequest, pk: int) -> HttpResponse:
    """The picture of an article the person may see (a draft's too), read through the storage: stored files have no
    URL of their own (a private bucket, a folder nginx does not serve)."""
    article = get_article_for_user(request.user, pk)
    if not article.image:
        raise Http404
    response = FileResponse(article.image.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_for_user(request.user, pk, write=True)
    initial = {
        "kind": article.kind,
        "mechanism": article.mechanism,
        "title": article.title,
        "summary": article.summary,
        "body": article.body,
        "image_caption": article.image_caption,
        "links": "\n".join(f"{link.label} | {link.path}" for link in article.links.all()),
    }
    form = ArticleForm(request.POST or None, request.FILES or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.article_update(article=article, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The article is saved."))
            return redirect(article)
    return render(request, "publicity/article_form.html", {"form": form, "article": article})


@login_required
@require_POST
def article_submit(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_for_user(request.user, pk, write=True)
    try:
        services.article_submit(article=article, by=request.user)
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    else:
        messages.success(request, _("The article is submitted for review."))
    return redirect(article)


@login_required
def article_publish(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_to_review(request.user, pk)
    check = services.article_publish_check(article=article, by=request.user)
    if request.method == "POST":
        try:
            services.article_publish(article=article, by=request.user, confirmed=is_confirmed(request))
        except ValidationError as exc:
            return confirm_page(
                request, check, back_url=article.get_absolute_url(), errors=exc.messages, status=400
            )
        messages.success(request, _("The article is published."))
        return redirect(article)
    return confirm_page(request, check, back_url=article.get_absolute_url())


@login_required
@require_POST
def article_return(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_to_review(request.user, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.article_return(article=article, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            flash_errors(request, exc.messages)
        else:
            messages.success(request, _("The article is returned to its unit."))
    else:
        flash_form_errors(request, form)
    return redirect(article)


@login_required
@require_POST
def article_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_to_review(request.user, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.article_withdraw(article=article, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            flash_errors(request, exc.messages)
        else:
            messages.success(request, _("The article is withdrawn from the portal."))
    else:
        flash_form_errors(request, form)
    return redirect(article)


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    rows = MediaReport.objects.visible_to(request.user).select_related("region", "unit")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    regions = report_regions(request.user)
    form = None
    if regions.exists():
        units = Unit.objects.active().filter(inside([r.path for r in regions[:50]], "region__path"))
        form = ReportForm(request.POST or None, regions=regions, units=units)
        if request.method == "POST" and form.is_valid():
            try:
                services.report_record(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The media report is recorded."))
                return redirect("publicity:reports")
    elif request.method == "POST":
        raise PermissionDenied
    for report in page:
        report.raisable = (
            not report.finding_id and report.unit_id and can_record_reports(request.user, report.region)
        )
    return render(request, "publicity/reports.html", {"page": page, "form": form})


@login_required
def report_raise(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk, write=True)
    check = services.report_raise_check(report=report, by=request.user)
    back = reverse("publicity:reports")
    if request.method == "POST":
        try:
            report = services.report_raise(report=report, by=request.user, confirmed=is_confirmed(request))
        except ValidationError as exc:
            return confirm_page(request, check, back_url=back, errors=exc.messages, status=400)
        messages.success(
            request, _("Raised as supervision finding %(ref)s.") % {"ref": report.finding_reference}
        )
        return redirect(back)
    return confirm_page(request, check, back_url=back)


@login_required
def metric_records(request: HttpRequest, code: str) -> HttpResponse:
    if code not in metrics.RECORDS:
        raise Http404
    context = records_context(request, code)
    rows = metrics.RECORDS[code](context["subject"], context["year"], request.user)
    context.update({"rows": rows[:500], "count": len(rows)})
    return render(request, "publicity/metric_records.html", context)
