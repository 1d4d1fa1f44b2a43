from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .scope import get_scope
from .twostep import required_for


class TwoStepRequiredMiddleware:
    """People whose role requires two-step sign-in are sent to turn it on before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.has_two_step
            and not request.path.startswith(("/static/", "/i18n/", "/api/", "/accounts/"))
            and required_for(user)
        ):
            messages.warning(request, _("Your role requires two-step sign-in. Please turn it on first."))
            return redirect(reverse("account_security"))
        return self.get_response(request)


# What a read-only person (a leader) may still send: the public site's forms, which anyone may use, and what acts on
# their own account or session only.
PERSONAL_WRITES = frozenset(
    {
        "logout",
        "password_change",
        "account_security",
        "sign_in_code",
        "set_language",
        "core:notification_open",
        "core:notifications_mark_all_read",
    }
)


def is_personal_or_public_write(request: HttpRequest) -> bool:
    match = request.resolver_match
    if match is None:
        return False
    return (
        match.namespace == "public"
        or request.path_info.startswith("/api/v1/public/")
        or match.view_name in PERSONAL_WRITES
    )


class ReadOnlyRoleMiddleware:
    """A person whose roles only read (orgs.choices.ROLE_CAPABILITIES) has every write refused, whatever page
    offered it: the permission checks of each service refuse it too; this is the rule that holds for the pages and
    endpoints still to be written."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or is_personal_or_public_write(request):
            return None
        if get_scope(user).read_only:
            raise PermissionDenied
        return None
