from functools import cache as cache_result

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext

DEMO_CACHE_KEY = "core:demo-data-flag"
PUBLIC_PREFIX = "/public/"


def site_name() -> str:
    """The platform's name wherever one is shown: SITE_NAME as the deployment sets it (e.g. the city's own name for
    its platform), or the generic name in the reader's language. Never the host name."""
    return settings.SITE_NAME or gettext(
        "National Public Cultural Service System Demonstration Zone Long-term Management Platform"
    )


def site_short_name() -> str:
    """The name where a phone's header has room for a few characters only: SITE_SHORT_NAME, else SITE_NAME, else the
    generic short name in the reader's language."""
    return settings.SITE_SHORT_NAME or settings.SITE_NAME or gettext("Long-term Management")


def is_public_page(request: HttpRequest) -> bool:
    """Pages of the public site (no account): their error pages keep the public layout, without the staff menu."""
    return request.path.startswith(PUBLIC_PREFIX)


def demo_data_loaded() -> bool:
    flag = cache.get(DEMO_CACHE_KEY)
    if flag is None:
        from .models import SiteFlag

        flag = SiteFlag.objects.filter(name=SiteFlag.DEMO_DATA).exists()
        cache.set(DEMO_CACHE_KEY, flag, 60)
    return flag


def site(request: HttpRequest) -> dict:
    context = {
        "site_name": site_name(),
        "site_short_name": site_short_name(),
        "public_site": is_public_page(request),
        # A callable: templates that show the demo ribbon ask for it; the public survey's pages never do.
        "demo_data": demo_data_loaded,
        "attachment_limit": settings.ATTACHMENT_MAX_BYTES,
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from .navigation import navigation_for

        # Computed once, when the page's layout asks for them: a fragment (an htmx answer, a search's matches) never
        # does, and paid for the menu's checks and the inbox count at every keystroke.
        context["nav_sections"] = cache_result(lambda: navigation_for(user))
        context["unread_notifications"] = cache_result(lambda: user.notifications.unread().count())
    return context
