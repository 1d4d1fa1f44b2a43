import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .context_processors import is_public_page, site_name, site_short_name
from .deadlines import (
    calendar_day_delete,
    calendar_day_save,
    calendar_known,
    library_covers,
    local_today,
    official_days,
    require_calendar_manager,
)
from .documents import DOCX
from .exports import XLSX, export_response, get_export
from .forms import CalendarDayForm, YearForm
from .models import Attachment, CalendarDay, ExportJob
from .uploads import user_may_see_owner

logger = logging.getLogger(__name__)


@login_required
def calendar_adjustments(request: HttpRequest) -> HttpResponse:
    """工作日历: the year's official holidays and make-up days, and the adjustments the office recorded."""
    require_calendar_manager(request.user)
    year_form = YearForm(request.GET)
    year = (year_form.cleaned_data["year"] if year_form.is_valid() else None) or local_today().year
    form = CalendarDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        day = calendar_day_save(by=request.user, **form.cleaned_data)
        messages.success(request, _("Saved: %(date)s.") % {"date": day.date.isoformat()})
        return redirect(f"{request.path}?year={day.date.year}")
    context = {
        "year": year,
        "years": range(local_today().year - 1, local_today().year + 3),
        "known": calendar_known(year),
        "library_covers": library_covers(year),
        "adjustments": CalendarDay.objects.filter(date__year=year),
        "official_days": official_days(year),
        "form": form,
    }
    return render(request, "core/calendar.html", context)


@login_required
@require_POST
def calendar_adjustment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_calendar_manager(request.user)
    day = get_object_or_404(CalendarDay, pk=pk)
    calendar_day_delete(day=day, by=request.user)
    messages.success(request, _("Removed: %(date)s.") % {"date": day.date.isoformat()})
    return redirect(f"{reverse('core:calendar')}?year={day.date.year}")


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("content_type"), pk=pk)
    if not user_may_see_owner(request.user, attachment):
        raise Http404
    inline = (
        attachment.content_type_label.startswith("image/")
        or attachment.content_type_label == "application/pdf"
    )
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=not inline,
        filename=attachment.original_name,
        content_type=attachment.content_type_label,
    )
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    return response


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    notifications = request.user.notifications.all()
    if request.GET.get("unread"):
        notifications = notifications.unread()
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    return render(request, "core/inbox.html", {"page": page, "only_unread": bool(request.GET.get("unread"))})


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    note = get_object_or_404(request.user.notifications, pk=pk)
    note.mark_read()
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("core:inbox")


@login_required
@require_POST
def notifications_mark_all_read(request: HttpRequest) -> HttpResponse:
    from django.utils import timezone

    request.user.notifications.unread().update(read_at=timezone.now())
    messages.success(request, _("All notifications are marked as read."))
    return redirect("core:inbox")


@login_required
def export_start(request: HttpRequest, name: str) -> HttpResponse:
    definition = get_export(name)
    if definition is None:
        raise Http404
    return export_response(request, definition)


@login_required
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ExportJob, pk=pk, owner=request.user)
    template = "core/export_job.html#progress" if request.htmx else "core/export_job.html"
    return render(request, template, {"job": job})


@login_required
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ExportJob, pk=pk, owner=request.user, state=ExportJob.State.DONE)
    if not job.file:
        raise Http404
    content_type = DOCX if job.kind == ExportJob.Kind.WORD else XLSX
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.file_name, content_type=content_type
    )


@login_required
def export_list(request: HttpRequest) -> HttpResponse:
    """My files: the exports and documents built in the background for the person, kept EXPORT_RETENTION_DAYS."""
    jobs = ExportJob.objects.filter(owner=request.user).order_by("-created_at", "-pk")
    page = Paginator(jobs, 30).get_page(request.GET.get("page"))
    return render(
        request, "core/export_list.html", {"page": page, "retention_days": settings.EXPORT_RETENTION_DAYS}
    )


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers and monitoring: answers without touching the database or a session."""
    return HttpResponse("ok", content_type="text/plain")


# --- Error pages ---------------------------------------------------------------------------------------------
# Wired in changxiao/urls.py (handler400/403/404/500) and settings.CSRF_FAILURE_VIEW. The API answers in JSON like
# its other errors; a page of the public site keeps the public layout (no staff menu, no sign-in), every other page
# the staff layout. Nothing of Django's debugging pages reaches anyone: no URL patterns, paths or stack.


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def request_too_large(request: HttpRequest) -> HttpResponse:
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE (core.middleware.BodyLimitMiddleware): 413, saying the limit."""
    megabytes = f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024):g}"
    message = _(
        "What was sent is too large (more than %(size)s MB) and nothing was saved. "
        "Shorten the text or send smaller files, then try again."
    ) % {"size": megabytes}
    if _is_api(request):
        return JsonResponse({"detail": message}, status=413)
    return render(request, "413.html", {"message": message}, status=413)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A request refused before any view could read it (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields)."""
    if isinstance(exception, RequestDataTooBig):
        return request_too_large(request)
    if _is_api(request):
        return JsonResponse({"detail": _("The request is too large or cannot be read.")}, status=400)
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("You are not allowed to do this.")}, status=403)
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token: most often a page left open for long, or cookies blocked. The
    person is told how to send it again; the technical reason stays in the log."""
    if _is_api(request):
        return JsonResponse(
            {"detail": _("The request's security check failed; reload and try again.")}, status=403
        )
    return render(request, "403.html", {"csrf_failed": True}, status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """An unexpected error. Its cause may be the database itself, so the page is drawn from the template alone: no
    query, no session, no context processor (the staff menu and the demo ribbon need the database)."""
    if _is_api(request):
        return JsonResponse(
            {"detail": _("Internal error; it has been logged. Please try again later.")}, status=500
        )
    context = {
        "site_name": site_name(),
        "site_short_name": site_short_name(),
        "public_site": is_public_page(request),
    }
    try:
        body = loader.get_template("500.html").render(context)
    except Exception:  # the error page must answer whatever broke (a template, the static files' manifest …)
        logger.exception("The 500 page could not be drawn")
        body = FALLBACK_SERVER_ERROR
    return HttpResponseServerError(body)


# The last resort when even the 500 template fails: bilingual, since the active language may be unknown.
FALLBACK_SERVER_ERROR = (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>系统错误 Server error</title></head>'
    "<body><h1>系统错误 / Server error</h1><p>处理请求时出错，已记录。请稍后重试。"
    "/ Something went wrong; it has been logged. Please try again later.</p></body></html>"
)
