"""The search of a searchable choice (core.widgets.SearchSelect; here since core knows no app): up to 20 units or\njurisdictions the person may see, by name or code, as the <option>s of the list."""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Region, Unit

LIMIT = 20
# What each kind of search looks among, for a person: the platform's visibility, or an app's own scope where its
# form offers more than the person sees (searchable() in the app's AppConfig.ready).
SEARCHES: dict[str, Callable] = {
    "units": lambda user: Unit.objects.visible_to(user),
    "regions": lambda user: Region.objects.visible_to(user),
}


def searchable(kind: str, queryset_of: Callable) -> None:
    """Names an app's scope of a searchable choice: SearchSelect(kind) then searches queryset_of(user)."""
    SEARCHES[kind] = queryset_of


@login_required
def choices(request: HttpRequest, kind: str) -> HttpResponse:
    queryset_of = SEARCHES.get(kind)
    if queryset_of is None:
        raise Http404
    text = request.GET.get("q", "").strip()[:60]
    found = (
        queryset_of(request.user)
        .filter(Q(name__icontains=text) | Q(code__startswith=text))
        .order_by("code")[:LIMIT]
        if text
        else []
    )
    return render(request, "core/widgets/search_choices.html", {"found": found, "text": text})
