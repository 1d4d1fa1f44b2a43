"""Signing in (with the optional second step) and the person's own account security page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from changxiao.core.context_processors import site_name

from . import twostep
from .forms import LoginForm, TwoStepCodeForm
from .models import User

PENDING_USER = "two_step_user"
PENDING_BACKEND = "two_step_backend"
PENDING_NEXT = "two_step_next"
PENDING_FAILURES = "two_step_failures"
PENDING_SECRET = "two_step_new_secret"
MAX_CODE_FAILURES = 5


class SignInView(LoginView):
    """Password first; a person with two-step sign-in is signed in only after the code."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # LoginView names the site after the request's host ("127.0.0.1:8000") when the sites framework is not
        # installed, and its context outranks the context processor's: the platform's own name is put back.
        context["site_name"] = site_name()
        # The lock-out and idle limits as this deployment sets them (LOGIN_FAILURE_LIMIT, LOGIN_LOCKOUT_MINUTES,
        # SESSION_IDLE_MINUTES), not the defaults.
        context["failure_limit"] = settings.AXES_FAILURE_LIMIT
        context["lockout_minutes"] = round(settings.AXES_COOLOFF_TIME * 60)
        context["idle_minutes"] = settings.SESSION_COOKIE_AGE // 60
        return context

    def form_valid(self, form):
        user = form.get_user()
        if not user.has_two_step:
            return super().form_valid(form)
        self.request.session[PENDING_USER] = user.pk
        self.request.session[PENDING_BACKEND] = user.backend
        self.request.session[PENDING_NEXT] = self.get_success_url()
        self.request.session[PENDING_FAILURES] = 0
        return redirect("sign_in_code")


def _clear_pending(request: HttpRequest) -> None:
    for key in (PENDING_USER, PENDING_BACKEND, PENDING_NEXT, PENDING_FAILURES):
        request.session.pop(key, None)


@require_http_methods(["GET", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    user_id = request.session.get(PENDING_USER)
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None or not user.has_two_step:
        _clear_pending(request)
        return redirect("login")
    form = TwoStepCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twostep.code_is_valid(user.totp_secret, form.cleaned_data["code"]):
            backend = request.session[PENDING_BACKEND]
            next_url = request.session.get(PENDING_NEXT) or resolve_url("cockpit:workbench")
            _clear_pending(request)
            auth_login(request, user, backend=backend)
            if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                next_url = resolve_url("cockpit:workbench")
            return redirect(next_url)
        failures = request.session.get(PENDING_FAILURES, 0) + 1
        request.session[PENDING_FAILURES] = failures
        if failures >= MAX_CODE_FAILURES:
            _clear_pending(request)
            messages.error(request, _("Too many wrong codes. Please sign in again."))
            return redirect("login")
        form.add_error("code", _("The code is not correct or has expired."))
    return render(request, "registration/sign_in_code.html", {"form": form, "user_name": user.display_name})


@login_required
@require_http_methods(["GET", "POST"])
def account_security(request: HttpRequest) -> HttpResponse:
    """账号安全: turn two-step sign-in on (scan, confirm with a code) or off (confirm with a code)."""
    user = request.user
    action = request.POST.get("action")
    form = TwoStepCodeForm(request.POST if action in {"confirm", "disable"} else None)
    if action == "start" and not user.has_two_step:
        request.session[PENDING_SECRET] = twostep.new_secret()
        return redirect("account_security")
    if action == "confirm" and form.is_valid():
        secret = request.session.get(PENDING_SECRET, "")
        if twostep.code_is_valid(secret, form.cleaned_data["code"]):
            user.totp_secret = secret
            user.totp_enabled_at = timezone.now()
            user.save(update_fields=["totp_secret", "totp_enabled_at"])
            request.session.pop(PENDING_SECRET, None)
            messages.success(request, _("Two-step sign-in is on."))
            return redirect("account_security")
        form.add_error("code", _("The code is not correct or has expired."))
    if action == "disable" and form.is_valid():
        if twostep.required_for(user):
            messages.error(request, _("Your role requires two-step sign-in; it cannot be turned off."))
            return redirect("account_security")
        if twostep.code_is_valid(user.totp_secret, form.cleaned_data["code"]):
            user.totp_secret = ""
            user.totp_enabled_at = None
            user.save(update_fields=["totp_secret", "totp_enabled_at"])
            messages.success(request, _("Two-step sign-in is off."))
            return redirect("account_security")
        form.add_error("code", _("The code is not correct or has expired."))
    pending_secret = None if user.has_two_step else request.session.get(PENDING_SECRET)
    context = {
        "form": form,
        "pending_secret": pending_secret,
        "qr": twostep.qr_data_uri(twostep.provisioning_uri(user, pending_secret)) if pending_secret else None,
        "required": twostep.required_for(user),
    }
    return render(request, "registration/account_security.html", context)
