"""The citizens' sign-in pages of the public site: the mobile number, then the code of the text message."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from changxiao.core import personal_data
from changxiao.core.ratelimit import client_ip, requests_message

from . import auth, services
from .forms import CodeForm, PhoneForm


def _code_page(
    request, form, next_url: str, phone: str, status: int = 200, too_many: str = ""
) -> HttpResponse:
    context = {
        "form": form,
        "next": next_url,
        "phone": phone,
        "phone_masked": personal_data.mask_phone(phone),
        "too_many": too_many,
    }
    page = render(request, "citizens/sign_in_code.html", context, status=status)
    return page


def _too_many(page: HttpResponse, seconds: int) -> HttpResponse:
    page["Retry-After"] = str(seconds)
    return page


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """市民登录: a mobile number, a code sent to it, and the citizen is signed in (registered at the first time)."""
    next_url = auth.safe_next(
        request, request.POST.get("next") or request.GET.get("next"), reverse("public:home")
    )
    action = request.POST.get("action", "")
    if request.method == "POST" and action == "verify":
        form = CodeForm(request.POST)
        phone = request.POST.get("phone", "")[:20]
        if form.is_valid():
            try:
                citizen = services.code_verify(
                    phone=form.cleaned_data["phone"],
                    code=form.cleaned_data["code"],
                    address=client_ip(request),
                )
            except services.TooManyRequests as exc:
                page = _code_page(request, form, next_url, phone, 429, requests_message(exc.seconds))
                return _too_many(page, exc.seconds)
            except ValidationError as exc:
                form.add_error("code", exc)
            else:
                auth.sign_in(request, citizen)
                return redirect(next_url)
        return _code_page(request, form, next_url, phone)
    form = PhoneForm(request.POST if request.method == "POST" else None)
    too_many = ""
    status = 200
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        try:
            services.code_request(phone=phone, address=client_ip(request))
        except services.TooManyRequests as exc:
            too_many, status = requests_message(exc.seconds), 429
            page = render(
                request,
                "citizens/sign_in.html",
                {"form": form, "next": next_url, "too_many": too_many},
                status=status,
            )
            return _too_many(page, exc.seconds)
        except ValidationError as exc:
            form.add_error("phone", exc)
        else:
            number = personal_data.normalize_phone(phone)
            return _code_page(request, CodeForm(initial={"phone": number}), next_url, number)
    return render(request, "citizens/sign_in.html", {"form": form, "next": next_url, "too_many": too_many})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    auth.sign_out(request)
    return redirect(auth.safe_next(request, request.POST.get("next"), reverse("public:home")))
