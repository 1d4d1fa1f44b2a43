"""The public portal (/public/): the zone's public home, the facility directory by county and township with "open now"
and "open this Sunday", a facility's page, the activity calendar with its iCalendar feeds, and booking for the
citizen signed in with a phone code. Readable without JavaScript; the pages anyone reads alike are cached briefly
(Django's cache) and emptied when a keeper changes what they show."""

import functools
import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from changxiao.core.context_processors import demo_data_loaded
from changxiao.core.deadlines import local_today
from changxiao.core.navigation import public_entries, public_highlights
from changxiao.core.pagination import NewestPaginator
from changxiao.core.ratelimit import rate_limit
from changxiao.orgs.choices import RegionLevel
from changxiao.orgs.models import Region
from changxiao.orgs.scope import within

from . import hours, ical, services
from .choices import BookingState, ClosureKind, ScheduleKind
from .forms import DirectoryFilter
from .models import Activity, Booking, Closure, Facility, Schedule
from .permissions import get_own_booking, get_public_activity, get_public_facility, get_public_region
from .public_cache import public_version

PAGE_SIZE = 30
# A search matching more facilities than this says "more than" rather than counting them all (core.pagination).
COUNT_CAP = 600
CACHE_SECONDS = 60


def cached_page(view):
    """Serve a page everyone reads alike from the cache for CACHE_SECONDS: per language and full address, for a
    visitor with no session of their own (no citizen signed in, no message waiting). A page served from the cache
    costs no query, so only the requests that render it count against the address's rate limit (inside)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.COOKIES.get(settings.SESSION_COOKIE_NAME):
            return view(request, *args, **kwargs)
        address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        # The demo ribbon is part of the page: a page cached before demo data was loaded (or removed) is not served.
        demo = "demo" if demo_data_loaded() else "real"
        key = f"portal:page:{public_version()}:{get_language()}:{demo}:{address}"
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
            response["X-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies:
            cache.set(key, (response.content, response["Content-Type"]), CACHE_SECONDS)
        return response

    return wrapped


def _nav() -> list[dict]:
    return public_entries()


# --- Home -------------------------------------------------------------------------------------------------------


@require_safe
@cached_page
@rate_limit("public-read", limit=120)
def home(request: HttpRequest) -> HttpResponse:
    """公众服务: the zone's public home — news, today's open facilities, the coming activities and closures, and each
    mechanism's public entry (feedback, surveys, results)."""
    now = timezone.now()
    today = local_today()
    context = {
        "entries": _nav(),
        "highlights": public_highlights(limit=6),
        "activities": Activity.objects.public().filter(starts_at__gte=now).select_related("facility")[:6],
        "closures": Closure.objects.current()
        .filter(ends_on__gte=today, facility__is_published=True)
        .select_related("facility")
        .order_by("starts_on")[:5],
        "counties": _counties(),
    }
    return render(request, "portal/public/home.html", context)


COUNTIES_SECONDS = 300


def _counties() -> list[Region]:
    """The counties (and functional zones) with a published facility: the directory is published per county (art. 14
    ¶2). Read from the facilities' distinct regions (an indexed column), cached with the public pages."""
    key = f"portal:counties:{public_version()}"
    counties = cache.get(key)
    if counties is None:
        candidates = Region.objects.filter(level__in=[RegionLevel.COUNTY, RegionLevel.ZONE]).order_by("path")
        published = Facility.objects.published()
        counties = [
            county
            for county in candidates
            if published.filter(region__in=Region.objects.filter(within(county, "path"))).exists()
        ]
        cache.set(key, counties, COUNTIES_SECONDS)
    return counties


def _region_ids(region: Region) -> list[int]:
    """The region and every region inside it, by key: the facilities of a county or township are then found through
    the index on their region, not by matching every facility's path."""
    return list(Region.objects.filter(within(region, "path")).values_list("pk", flat=True))


# --- Directory --------------------------------------------------------------------------------------------------


def open_condition(day, moment_time=None) -> Q:
    """The facilities open on the day (at the time, when given), in the database: a holiday's rows on a public
    holiday, else the week's — a season's rows where one is valid that day, else the regular week's — and no closure
    covering the day. The same rule as hours.intervals_on, for a list of any length."""
    valid = Q(valid_from__isnull=True) | Q(valid_from__lte=day)
    valid &= Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    rows = Schedule.objects.current().filter(valid, facility=OuterRef("pk"))
    if moment_time is not None:
        rows = rows.filter(opens__lte=moment_time, closes__gt=moment_time)
    weekday = day.isoweekday()
    if hours.is_public_holiday(day):
        matching = rows.filter(Q(weekday__isnull=True) | Q(weekday=weekday), kind=ScheduleKind.HOLIDAY)
        condition = Exists(matching)
    else:
        seasonal_exists = Schedule.objects.current().filter(
            valid, facility=OuterRef("pk"), kind=ScheduleKind.SEASONAL
        )
        condition = Exists(rows.filter(weekday=weekday, kind=ScheduleKind.SEASONAL)) | (
            Exists(rows.filter(weekday=weekday, kind=ScheduleKind.REGULAR)) & ~Exists(seasonal_exists)
        )
    closed = Closure.objects.current().filter(
        facility=OuterRef("pk"), kind=ClosureKind.CLOSURE, starts_on__lte=day, ends_on__gte=day
    )
    return condition & ~Exists(closed)


def directory_rows(params, *, now=None):
    """The published facilities matching the directory's search, and the filter form (shared with the bench)."""
    now = timezone.localtime(now or timezone.now())
    counties = _counties()
    county = None
    form = DirectoryFilter(params, counties=counties)
    county_id = params.get("county", "")
    if county_id.isdecimal():
        county = next((c for c in counties if c.pk == int(county_id)), None)
    townships = (
        list(Region.objects.filter(parent=county, level=RegionLevel.TOWNSHIP).order_by("sort_order", "code"))
        if county
        else []
    )
    form = DirectoryFilter(params, counties=counties, townships=townships)
    rows = Facility.objects.published().select_related("region__parent", "unit")
    if not form.is_valid():
        return form, rows.none(), county, None
    data = form.cleaned_data
    if county:
        township = next((t for t in townships if t.pk == data.get("township")), None)
        rows = rows.filter(region_id__in=_region_ids(township or county))
    if data.get("kind"):
        rows = rows.filter(kind=data["kind"])
    words = (data.get("q") or "").split()[:5]
    for word in words:
        rows = rows.filter(Q(name__icontains=word) | Q(address__icontains=word))
    day = None
    if data.get("open") == "now":
        day = now.date()
        rows = rows.filter(open_condition(day, now.time().replace(second=0, microsecond=0)))
    elif data.get("open") == "sunday":
        day = hours.next_day_of_week(now.date(), 7)
        rows = rows.filter(open_condition(day))
    return form, rows.order_by("region__path", "name", "pk"), county, day


@require_safe
@cached_page
@rate_limit("public-read", limit=120)
def directory(request: HttpRequest) -> HttpResponse:
    """公共文化设施目录: the published facilities, listed by county and township, searchable on a phone."""
    form, rows, county, day = directory_rows(request.GET)
    searched = any(request.GET.get(name) for name in ("q", "county", "township", "kind", "open"))
    if not searched:
        # The directory's first page: the counties that publish it, to choose from — a small page on a phone.
        return render(
            request,
            "portal/public/directory.html",
            {"form": form, "counties": _counties(), "searched": False, "entries": _nav()},
        )
    page = NewestPaginator(rows, PAGE_SIZE, cap=COUNT_CAP).get_page(request.GET.get("page"))
    facilities = list(page)
    schedules: dict[int, list] = {}
    closures: dict[int, list] = {}
    ids = [f.pk for f in facilities]
    for row in Schedule.objects.current().filter(facility_id__in=ids):
        schedules.setdefault(row.facility_id, []).append(row)
    today = local_today()
    for row in Closure.objects.current().filter(facility_id__in=ids, ends_on__gte=today):
        closures.setdefault(row.facility_id, []).append(row)
    now = timezone.localtime()
    for facility in facilities:
        rows_ = schedules.get(facility.pk, [])
        shut = closures.get(facility.pk, [])
        facility.open_now = hours.is_open_at(rows_, now, closures=shut)
        facility.today = hours.intervals_on(rows_, today, closures=shut)
        facility.on_day = hours.intervals_on(rows_, day, closures=shut) if day else None
        facility.closure = shut[0] if shut else None
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "facilities": facilities,
        "day": day,
        "county": county,
        "querystring": query.urlencode(),
        "entries": _nav(),
        "searched": True,
    }
    return render(request, "portal/public/directory.html", context)


@require_safe
@cached_page
@rate_limit("public-read", limit=120)
def facility(request: HttpRequest, pk: int) -> HttpResponse:
    facility = get_public_facility(pk)
    today = local_today()
    rows = list(facility.schedules.current())
    closures = list(facility.closures.current().filter(ends_on__gte=today))
    now = timezone.localtime()
    days = [today + timedelta(days=i) for i in range(7)]
    context = {
        "facility": facility,
        "open_now": hours.is_open_at(rows, now, closures=closures),
        "week": hours.week_table(rows, today),
        "next_days": [
            (d, hours.intervals_on(rows, d, closures=closures), hours.is_public_holiday(d)) for d in days
        ],
        "holiday_rows": [r for r in rows if r.kind == ScheduleKind.HOLIDAY],
        "seasonal": [r for r in rows if r.kind == ScheduleKind.SEASONAL],
        "weekly_hours": hours.weekly_hours(rows, today),
        "closures": closures,
        "activities": facility.activities.current().filter(starts_at__gte=timezone.now())[:10],
        "entries": _nav(),
    }
    return render(request, "portal/public/facility.html", context)


# --- Calendar -----------------------------------------------------------------------------------------------------


def _region_param(request) -> Region | None:
    value = request.GET.get("region", "")
    if not value:
        return None
    if not value.isdecimal() or len(value) > 18:
        raise Http404
    return get_public_region(int(value))


@require_safe
@cached_page
@rate_limit("public-read", limit=120)
def calendar(request: HttpRequest) -> HttpResponse:
    """活动日历: the coming activities, by day, of the whole zone or a county; each county's feed to subscribe to."""
    region = _region_param(request)
    rows = Activity.objects.public().filter(ends_at__gte=timezone.now()).select_related("facility__region")
    if region:
        rows = rows.filter(within(region, "facility__region__path"))
    kind = request.GET.get("kind", "")
    if kind:
        rows = rows.filter(kind=kind[:16])
    page = Paginator(rows.order_by("starts_at", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    left = services.seats_left(list(page))
    for activity in page:
        activity.left = left.get(activity.pk)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/public/calendar.html",
        {
            "page": page,
            "region": region,
            "counties": _counties(),
            "querystring": query.urlencode(),
            "entries": _nav(),
        },
    )


def _citizen(request):
    """The citizen signed in on the public site (citizens.auth), or None."""
    try:
        from changxiao.citizens.auth import current_citizen
    except ImportError:  # the citizens' sign-in is not installed
        return None
    return current_citizen(request)


def _citizen_key(citizen) -> str:
    return f"citizen-{citizen.pk}" if citizen else ""


def _sign_in_url(next_url: str) -> str:
    try:
        from changxiao.citizens.auth import sign_in_url
    except ImportError:  # the citizens' sign-in is not installed
        return ""
    return sign_in_url(next_url)


@require_safe
@rate_limit("public-read", limit=120)
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_public_activity(pk)
    citizen = _citizen(request)
    mine = None
    if citizen:
        mine = (
            activity.bookings.filter(citizen_key=_citizen_key(citizen))
            .exclude(state__in=[BookingState.CANCELLED, BookingState.EXPIRED])
            .first()
        )
    context = {
        "activity": activity,
        "left": services.seats_left([activity]).get(activity.pk),
        "citizen": citizen,
        "mine": mine,
        "sign_in_url": _sign_in_url(activity.get_public_url()),
        "share_url": request.build_absolute_uri(activity.get_public_url()),
        "entries": _nav(),
    }
    return render(request, "portal/public/activity.html", context)


@require_POST
@rate_limit("public-book", limit=20)
def book(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_public_activity(pk)
    citizen = _citizen(request)
    if citizen is None:
        url = _sign_in_url(activity.get_public_url())
        if not url:
            raise PermissionDenied
        return redirect(url)
    try:
        booking = services.booking_make(
            activity=activity,
            citizen_key=_citizen_key(citizen),
            citizen_masked=getattr(citizen, "phone_masked", ""),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if booking.state == BookingState.CONFIRMED:
            messages.success(request, _("Your place is booked."))
        else:
            messages.info(request, _("The places are taken: you are on the waiting list."))
    return redirect(activity.get_public_url())


@require_safe
def my_bookings(request: HttpRequest) -> HttpResponse:
    citizen = _citizen(request)
    if citizen is None:
        url = _sign_in_url(request.path)
        if not url:
            raise PermissionDenied
        return redirect(url)
    bookings = (
        Booking.objects.filter(citizen_key=_citizen_key(citizen))
        .select_related("activity__facility")
        .order_by("-activity__starts_at", "-pk")[:100]
    )
    return render(request, "portal/public/bookings.html", {"bookings": bookings, "entries": _nav()})


def _own_booking(request, pk: int) -> tuple[Booking, str]:
    citizen = _citizen(request)
    if citizen is None:
        raise PermissionDenied
    key = _citizen_key(citizen)
    return get_own_booking(pk, key), key


@require_POST
@rate_limit("public-book", limit=20)
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking, key = _own_booking(request, pk)
    try:
        services.booking_cancel(booking=booking, citizen_key=key)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your booking is cancelled."))
    return redirect("public:portal_bookings")


@require_POST
@rate_limit("public-book", limit=20)
def booking_accept(request: HttpRequest, pk: int) -> HttpResponse:
    booking, key = _own_booking(request, pk)
    try:
        services.booking_accept_offer(booking=booking, citizen_key=key)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your place is booked."))
    return redirect("public:portal_bookings")


# --- iCalendar feeds ---------------------------------------------------------------------------------------------

FEED_DAYS_BACK = 30
FEED_MAX = 2000


def _feed(request, name: str, rows) -> HttpResponse:
    since = timezone.now() - timedelta(days=FEED_DAYS_BACK)
    rows = rows.filter(starts_at__gte=since).select_related("facility").order_by("starts_at", "pk")[:FEED_MAX]
    body = ical.calendar(name, rows, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body.encode(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    return response


@require_safe
@rate_limit("public-read", limit=120)
def region_feed(request: HttpRequest, pk: int) -> HttpResponse:
    region = get_public_region(pk)
    rows = Activity.objects.public().filter(within(region, "facility__region__path"))
    return _feed(request, _("Cultural activities of %(region)s") % {"region": region.name}, rows)


@require_safe
@rate_limit("public-read", limit=120)
def facility_feed(request: HttpRequest, pk: int) -> HttpResponse:
    facility = get_public_facility(pk)
    rows = Activity.objects.public().filter(facility=facility)
    return _feed(request, _("Activities at %(facility)s") % {"facility": facility.name}, rows)
