"""Rate limits for public endpoints, counted in the cache (Redis in production) in short fixed windows.

Reading pages: a per-address allowance of requests (`rate_limit`), generous enough for everyone behind one address.

Public submissions (a citizen's feedback, a survey response) follow the spam defences of the peers (CONSUL's
Rack::Attack throttle per address, LimeSurvey's cookie, CAPTCHA and IP checks, FixMyStreet's confirmation) and are
limited by `SubmissionLimits`:

1. The first line is in the forms themselves, and stops robots without touching residents: a honeypot field, a
   minimum time between the page and its submission (started_token, signed in the page: a survey response sent
   faster is stored flagged, a feedback message held back once), the same content or the same client identifier
   sent again (stored once), and a device cookie (a survey is answered once per device).
2. Only *accepted* submissions count against a person's budget: a message refused for a typing mistake (a phone
   number with a digit missing, a question left unanswered) costs nothing, so correcting it is never punished.
3. The budgets are per device (DEVICE_COOKIE, set by these pages) and per address. A device is one person: a few
   submissions a minute. An address is not: a library's or a school's Wi-Fi and a mobile carrier's NAT put hundreds of
   residents behind one address, and a QR code shown at an event brings them all at once. The per-address ceiling is
   therefore set for such a crowd (a room of people answering within the same minute), far above what one person
   does; it stops a script that ignores cookies, not a queue of residents. Every POST also counts against a much
   higher per-address ceiling of attempts, so a flood of invalid bodies is cut off too.
4. The windows are one minute: whoever is over a budget is told exactly how long to wait (the Retry-After header and
   the page say the same number of seconds: what is left of the window), never more than a minute.

Over a limit the client gets 429 with that message in its language and the Retry-After header."""

import functools
import math
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# A random identifier of the browser, set by the public forms' pages: the key of the per-device budget.
DEVICE_COOKIE = "cx_device"
DEVICE_COOKIE_MAX_AGE = 365 * 24 * 3600


def _now() -> float:
    return time.time()


STARTED_SALT = "core.ratelimit.started"


def started_token() -> str:
    """When a form's page was drawn, signed: the form sends it back, and seconds_since says how long it took."""
    return signing.dumps(_now(), salt=STARTED_SALT)


def seconds_since(token: str) -> float | None:
    """Seconds since the page of a started_token was drawn; None for a token not ours or over a day old."""
    try:
        started = signing.loads(token, salt=STARTED_SALT, max_age=24 * 3600)
        return _now() - float(started)
    except (signing.BadSignature, TypeError, ValueError):
        return None


def client_ip(request: HttpRequest) -> str:
    """The client address; behind the trusted proxies of REVERSE_PROXY_COUNT, from X-Forwarded-For."""
    hops = getattr(settings, "REVERSE_PROXY_COUNT", 0)
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def device_id(request: HttpRequest) -> str:
    """The browser's identifier from DEVICE_COOKIE ("" without one, or with one that is not ours)."""
    value = request.COOKIES.get(DEVICE_COOKIE, "")
    return value if 16 <= len(value) <= 32 and value.replace("-", "").replace("_", "").isalnum() else ""


def remember_device(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Give the browser its identifier if it has none (the page of a public form sets it before the submission)."""
    if not device_id(request):
        response.set_cookie(
            DEVICE_COOKIE,
            secrets.token_urlsafe(16),
            max_age=DEVICE_COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def seconds_left(per_seconds: int) -> int:
    """What is left of the current fixed window, in whole seconds (at least 1): the honest wait."""
    return max(math.ceil(per_seconds - _now() % per_seconds), 1)


def _key(bucket: str, key: str, per_seconds: int) -> str:
    return f"ratelimit:{bucket}:{key}:{int(_now() // per_seconds)}"


def _count(cache_key: str, per_seconds: int, known: bool = False) -> int:
    if not known:
        cache.add(cache_key, 0, timeout=per_seconds + 1)
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=per_seconds + 1)
        return 1


def hit(bucket: str, key: str, *, limit: int, per_seconds: int) -> bool:
    """Count one request; False when the client is over the limit for the current window."""
    return _count(_key(bucket, key, per_seconds), per_seconds) <= limit


def wait_text(seconds: int) -> str:
    """The wait in words, as the 429 page and the API say it."""
    if seconds < 90:
        return ngettext("%(n)s second", "%(n)s seconds", seconds) % {"n": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}


def requests_message(seconds: int) -> str:
    return _("You have sent many requests in a short time. Please wait %(wait)s and try again.") % {
        "wait": wait_text(seconds)
    }


def submissions_message(seconds: int) -> str:
    return _(
        "Many submissions came from this device or network in the last minute. Please wait %(wait)s and send "
        "yours again."
    ) % {"wait": wait_text(seconds)}


def too_many_page(request: HttpRequest, seconds: int, message: str = "") -> HttpResponse:
    """429 with the real wait in the page and in Retry-After."""
    context = {"retry_after": seconds, "message": message or requests_message(seconds)}
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def too_many_json(seconds: int, message: str = "") -> HttpResponse:
    """The API's 429: the message and the wait in the body, and Retry-After."""
    body = {"detail": message or submissions_message(seconds), "retry_after": seconds}
    response = JsonResponse(body, status=429)
    response["Retry-After"] = str(seconds)
    return response


def api_read_limit(
    request: HttpRequest, bucket: str, *, limit: int, per_seconds: int = 60
) -> HttpResponse | None:
    """rate_limit for an API endpoint that reads: None within the allowance, else the 429 to answer."""
    if hit(bucket, client_ip(request), limit=limit, per_seconds=per_seconds):
        return None
    seconds = seconds_left(per_seconds)
    return too_many_json(seconds, requests_message(seconds))


def rate_limit(bucket: str, *, limit: int, per_seconds: int = 60, methods: tuple[str, ...] = ()):
    """A per-address allowance of requests, for pages that only read."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if (not methods or request.method in methods) and not hit(
                bucket, client_ip(request), limit=limit, per_seconds=per_seconds
            ):
                return too_many_page(request, seconds_left(per_seconds))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@dataclass(frozen=True)
class SubmissionLimits:
    """The budgets of one kind of public submission (see the module's docstring): accepted submissions per device and
    per address, and attempts (every POST, accepted or not) per address, each in one-minute windows.

    A view asks `wait(request)` before handling a submission (which counts the attempt) and tells `accepted(request)`
    once the submission is stored; a refused or invalid one is not counted again."""

    bucket: str
    per_device: int
    per_address: int
    attempts_per_address: int
    seconds: int = 60

    def _keys(self, request: HttpRequest) -> dict[str, str]:
        address = client_ip(request)
        keys = {
            "address": _key(f"{self.bucket}:accepted", address, self.seconds),
            "attempts": _key(f"{self.bucket}:attempts", address, self.seconds),
        }
        device = device_id(request)
        if device:
            keys["device"] = _key(f"{self.bucket}:device", device, self.seconds)
        return keys

    def wait(self, request: HttpRequest) -> int:
        """0 when the submission may be handled (its attempt is counted), else the seconds to wait."""
        keys = self._keys(request)
        counts = cache.get_many(list(keys.values()))
        attempts = _count(keys["attempts"], self.seconds, known=keys["attempts"] in counts)
        over = (
            attempts > self.attempts_per_address
            or counts.get(keys["address"], 0) >= self.per_address
            or ("device" in keys and counts.get(keys["device"], 0) >= self.per_device)
        )
        request._submission_counts = counts  # accepted() increments the keys found without adding them again
        return seconds_left(self.seconds) if over else 0

    def accepted(self, request: HttpRequest) -> None:
        """Count a stored submission against the device's and the address's budgets."""
        keys = self._keys(request)
        known = getattr(request, "_submission_counts", {})
        for name in ("address", "device"):
            if name in keys:
                _count(keys[name], self.seconds, known=keys[name] in known)
