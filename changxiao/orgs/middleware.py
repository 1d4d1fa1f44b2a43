from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

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
