from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

DEMO_CACHE_KEY = "core:demo-data-flag"


def demo_data_loaded() -> bool:
    flag = cache.get(DEMO_CACHE_KEY)
    if flag is None:
        from .models import SiteFlag

        flag = SiteFlag.objects.filter(name=SiteFlag.DEMO_DATA).exists()
        cache.set(DEMO_CACHE_KEY, flag, 60)
    return flag


def site(request: HttpRequest) -> dict:
    context = {
        "site_name": settings.SITE_NAME,
        # A callable: templates that show the demo ribbon ask for it; the public survey's pages never do.
        "demo_data": demo_data_loaded,
        "attachment_limit": settings.ATTACHMENT_MAX_BYTES,
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from .navigation import navigation_for

        context["nav_sections"] = navigation_for(user)
        context["unread_notifications"] = user.notifications.unread().count()
    return context
