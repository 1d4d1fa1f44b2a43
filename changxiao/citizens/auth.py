"""The citizen signed in on the public site: one sign-in for the whole public site (volunteers, the portal's
booking …), kept in the session under its own key, apart from the staff's django.contrib.auth login.

    from changxiao.citizens.auth import citizen_required, current_citizen

    @citizen_required            # not signed in: to the sign-in page, with ?next= back here
    def my_page(request):
        citizen = current_citizen(request)   # a citizens.models.Citizen
"""

import functools
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from changxiao.core.rows import first_row

from .models import Citizen

SESSION_KEY = "citizens.citizen_id"
SIGNED_IN_AT_KEY = "citizens.signed_in_at"
# A citizen's sign-in lasts this long at most, whatever the session's idle time.
MAX_SIGN_IN_HOURS = 12


def sign_in(request, citizen: Citizen) -> None:
    """Remember the citizen in the session (a new session key: no fixation)."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = citizen.pk
    request.session[SIGNED_IN_AT_KEY] = int(timezone.now().timestamp())
    request._citizen = citizen


def sign_out(request) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.pop(SIGNED_IN_AT_KEY, None)
    request._citizen = None


def current_citizen(request) -> Citizen | None:
    """The citizen signed in on this request, or None."""
    if hasattr(request, "_citizen"):
        return request._citizen
    citizen = None
    session = getattr(request, "session", None)
    pk = session.get(SESSION_KEY) if session is not None else None
    signed_in_at = session.get(SIGNED_IN_AT_KEY, 0) if session is not None else 0
    fresh = timezone.now().timestamp() - signed_in_at < MAX_SIGN_IN_HOURS * 3600
    if isinstance(pk, int) and fresh:
        citizen = first_row(Citizen, '"id" = %s AND "is_active"', [pk])
    if citizen is None and pk is not None:
        sign_out(request)
    request._citizen = citizen
    return citizen


def safe_next(request, value: str | None, default: str) -> str:
    """A `next` address on this site, or the default."""
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return default


def sign_in_url(next_url: str) -> str:
    return f"{reverse('public:citizen_sign_in')}?{urlencode({'next': next_url})}"


def citizen_required(view):
    """The view runs for a signed-in citizen; anyone else is sent to the sign-in page and back."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if current_citizen(request) is None:
            return redirect(sign_in_url(request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapped
