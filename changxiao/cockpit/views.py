from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from changxiao.core.workbench import todos_for
from changxiao.orgs.scope import get_scope


@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    """我的工作台: every to-do of the signed-in person, red first."""
    todos = todos_for(request.user)
    counts = {
        colour: sum(1 for t in todos if t.colour == colour) for colour in ("red", "yellow", "green", "grey")
    }
    memberships = request.user.memberships.active().select_related("unit__region")
    context = {"todos": todos, "counts": counts, "memberships": memberships, "scope": get_scope(request.user)}
    return render(request, "cockpit/workbench.html", context)
