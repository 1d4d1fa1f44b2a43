import time

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse

from .views import request_too_large


class BodyLimitMiddleware:
    """A body over settings.DATA_UPLOAD_MAX_MEMORY_SIZE is answered 413 with a clear message (JSON on the API) before
    any view, form or CSRF check reads it, whatever DEBUG says (Django would raise RequestDataTooBig from whatever
    first read the body: a 400, or a stack trace under DEBUG). A plain body (JSON, a form) is judged by its declared
    length, as Django judges it; a multipart form by its fields, files aside (uploads have their own limit)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _over_the_limit(request):
            return request_too_large(request)
        return self.get_response(request)


def _over_the_limit(request: HttpRequest) -> bool:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None:
        return False
    if request.content_type == "multipart/form-data":
        try:
            request.POST  # noqa: B018 (parsed once here; the files go to the upload handlers, not memory)
        except RequestDataTooBig:
            return True
        return False
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > limit


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set: permissions policy and no caching of private pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        )
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "private, no-store"
        return response


# A session in use is saved (its idle expiry, SESSION_COOKIE_AGE, pushed back) at most this often.
SESSION_REFRESH_SECONDS = 60
SESSION_REFRESHED_KEY = "_refreshed_at"


class SessionRefreshMiddleware:
    """Idle expiry without a session write on every request: a session is saved when it changes and, while in use,
    once SESSION_REFRESH_SECONDS have passed since its last save, so it expires after between 29 and 30 idle minutes
    (Django's SESSION_SAVE_EVERY_REQUEST would rewrite it on every call — every API call of a citizen's phone at a
    check-in rush). Placed after django's SessionMiddleware, whose response then saves what is marked modified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            refreshed = session.get(SESSION_REFRESHED_KEY)
            if not isinstance(refreshed, int) or now - refreshed >= SESSION_REFRESH_SECONDS:
                session[SESSION_REFRESHED_KEY] = now
        return response
