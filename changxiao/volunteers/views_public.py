"""The volunteers' pages of the public site: the activities anyone reads; registration, sign-up, check-in by the
activity's QR code, the volunteer's own page and certificates for a signed-in citizen (citizens.auth); the check of
a certificate's number for anyone."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from changxiao.citizens.auth import citizen_required, current_citizen
from changxiao.citizens.services import citizen_phone
from changxiao.core.forms import add_service_errors, flash_errors
from changxiao.core.ratelimit import rate_limit

from . import documents, services
from .choices import CertificateState, SignupState
from .forms import CertificateRequestForm, ConsentForm, PositionForm, VolunteerForm
from .models import Activity, HourRecord, Signup
from .permissions import get_issued_certificate, get_own_certificate, get_own_signup, get_public_activity
from .views import units_with_records

PUBLIC_READS_PER_MINUTE = 120
VERIFY_PER_MINUTE = 30


def _volunteer(request):
    citizen = current_citizen(request)
    return services.volunteer_for_citizen(citizen) if citizen else None


@rate_limit("public-read", limit=PUBLIC_READS_PER_MINUTE)
def home(request: HttpRequest) -> HttpResponse:
    """文化志愿服务: the activities open for sign-up and coming."""
    rows = (
        Activity.objects.published()
        .filter(ends_at__gte=timezone.now())
        .select_related("team__unit")
        .order_by("starts_at", "pk")
    )
    context = {
        "page": Paginator(rows, 20).get_page(request.GET.get("page")),
        "volunteer": _volunteer(request),
        "citizen": current_citizen(request),
    }
    return render(request, "volunteers/public_home.html", context)


@rate_limit("public-read", limit=PUBLIC_READS_PER_MINUTE)
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_public_activity(pk)
    volunteer = _volunteer(request)
    signup = Signup.objects.filter(activity=item, volunteer=volunteer).first() if volunteer else None
    context = {
        "activity": item,
        "volunteer": volunteer,
        "signup": signup,
        "taken": services.places_taken(item),
        "citizen": current_citizen(request),
    }
    return render(request, "volunteers/public_activity.html", context)


@citizen_required
def register(request: HttpRequest) -> HttpResponse:
    """志愿者注册 on the public site, for the signed-in citizen."""
    citizen = current_citizen(request)
    if services.volunteer_for_citizen(citizen) is not None:
        return redirect("public:volunteers_me")
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    form = VolunteerForm(request.POST or None, initial={"phone": citizen_phone(citizen)})
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_register(citizen=citizen, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("You are registered as a culture volunteer."))
            if next_url.startswith("/public/") and "//" not in next_url:
                return redirect(next_url)
            return redirect("public:volunteers_me")
    status = 400 if request.method == "POST" else 200
    return render(request, "volunteers/public_register.html", {"form": form, "next": next_url}, status=status)


def _needs_registration(request):
    return redirect(f"{reverse('public:volunteers_register')}?next={request.path}")


@citizen_required
@require_POST
def signup(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_public_activity(pk)
    volunteer = _volunteer(request)
    if volunteer is None:
        return _needs_registration(request)
    try:
        created = services.signup_create(
            activity=item, volunteer=volunteer, role=request.POST.get("role", "")[:100]
        )
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    else:
        messages.success(request, created.get_state_display())
    return redirect("public:volunteers_activity", pk=item.pk)


@citizen_required
def me(request: HttpRequest) -> HttpResponse:
    """The volunteer's own page: hours, star level, sign-ups, certificates."""
    volunteer = _volunteer(request)
    if volunteer is None:
        return redirect("public:volunteers_register")
    records = (
        HourRecord.objects.standing()
        .filter(volunteer=volunteer)
        .select_related("activity__team__unit")
        .order_by("-checked_in_at")[:100]
    )
    context = {
        "volunteer": volunteer,
        "stars": services.stars_of(volunteer),
        "records": records,
        "signups": volunteer.signups.select_related("activity").order_by("-created_at")[:50],
        "certificates": volunteer.certificates.select_related("unit").order_by("-requested_at"),
        "request_form": CertificateRequestForm(units=units_with_records(volunteer)),
        "consent_form": ConsentForm(
            initial={"public_name": volunteer.public_name, "public_hours": volunteer.public_hours}
        ),
    }
    return render(request, "volunteers/public_me.html", context)


@citizen_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = _volunteer(request)
    if volunteer is None:
        raise Http404
    try:
        services.signup_acknowledge(signup=get_own_signup(volunteer, pk), volunteer=volunteer)
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    return redirect("public:volunteers_me")


@citizen_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = _volunteer(request)
    if volunteer is None:
        raise Http404
    try:
        services.signup_cancel(
            signup=get_own_signup(volunteer, pk),
            volunteer=volunteer,
            reason=request.POST.get("reason", "")[:500],
        )
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    return redirect("public:volunteers_me")


@citizen_required
@require_POST
def consent(request: HttpRequest) -> HttpResponse:
    volunteer = _volunteer(request)
    if volunteer is None:
        raise Http404
    form = ConsentForm(request.POST)
    if form.is_valid():
        services.volunteer_consent_change(volunteer=volunteer, **form.cleaned_data)
        messages.success(request, _("Your choice is saved."))
    return redirect("public:volunteers_me")


@citizen_required
@require_POST
def certificate_request(request: HttpRequest) -> HttpResponse:
    volunteer = _volunteer(request)
    if volunteer is None:
        raise Http404
    form = CertificateRequestForm(request.POST, units=units_with_records(volunteer))
    if form.is_valid():
        try:
            services.certificate_request(volunteer=volunteer, **form.cleaned_data)
        except ValidationError as exc:
            flash_errors(request, exc.messages)
        else:
            messages.success(request, _("Your request is sent to the unit; it is issued free of charge."))
    else:
        flash_errors(request, [e for errors in form.errors.values() for e in errors])
    return redirect("public:volunteers_me")


@citizen_required
def certificate_docx(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = _volunteer(request)
    if volunteer is None:
        raise Http404
    item = get_own_certificate(volunteer, pk)
    if item.state != CertificateState.ISSUED:
        raise Http404
    return documents.certificate_response(request, item)


@citizen_required
def check(request: HttpRequest, token: str) -> HttpResponse:
    """扫码签到: the activity's QR code opens this page on the volunteer's phone; one button checks in, then out."""
    item = services.activity_from_token(token)
    if item is None:
        raise Http404
    volunteer = _volunteer(request)
    if volunteer is None:
        return _needs_registration(request)
    record = HourRecord.objects.standing().filter(activity=item, volunteer=volunteer).first()
    status = 200
    if request.method == "POST":
        form = PositionForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("The position your phone sent could not be read. Try again."))
            record = services.check_scan(activity=item, volunteer=volunteer, position=form.position())
        except ValidationError as exc:
            flash_errors(request, exc.messages)
            status = 400
        else:
            messages.success(
                request, _("Checked in.") if record.checked_out_at is None else _("Checked out.")
            )
            return redirect("public:volunteers_check", token=token)
    signup_row = Signup.objects.filter(activity=item, volunteer=volunteer).first()
    context = {
        "activity": item,
        "record": record,
        "signup": signup_row,
        "confirmed": signup_row is not None and signup_row.state == SignupState.CONFIRMED,
        # At an activity with its place's coordinates the page asks the phone for its position (its own script).
        "asks_position": item.latitude is not None and item.longitude is not None,
    }
    response = render(request, "volunteers/public_check.html", context, status=status)
    if context["asks_position"]:
        # The site's policy denies the position everywhere (core.middleware); this page alone may ask for it.
        response.headers["Permissions-Policy"] = (
            "camera=(), microphone=(), geolocation=(self), payment=(), usb=()"
        )
    return response


@rate_limit("volunteers-verify", limit=VERIFY_PER_MINUTE)
def verify(request: HttpRequest, number: str) -> HttpResponse:
    """证明核验: anyone checks a certificate's number; only what the volunteer consented to is shown."""
    try:
        item = get_issued_certificate(number)
    except Http404:
        return render(
            request, "volunteers/public_verify.html", {"number": number[:40], "certificate": None}, status=404
        )
    return render(request, "volunteers/public_verify.html", {"number": item.number, "certificate": item})
