"""The public site's landing page (/public/): what anyone may do here, without an account."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .navigation import public_entries
from .ratelimit import rate_limit


@require_safe
@rate_limit("public-read", limit=120)
def public_home(request: HttpRequest) -> HttpResponse:
    """公众服务: the entries each app registers in its navigation.py (feedback, tracking, survey results, bulletins,
    honour lists, assessment results), each with what it is for."""
    return render(request, "core/public_home.html", {"entries": public_entries()})
