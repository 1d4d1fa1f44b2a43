from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .deadlines import calendar_known, can_keep_calendar, local_today
from .workbench import Todo, register_provider


@register_provider
def unread_notifications(user):
    count = user.notifications.unread().count()
    if count:
        yield Todo(
            title=ngettext("%(n)d unread notification", "%(n)d unread notifications", count) % {"n": count},
            url=reverse("core:inbox"),
            source=_("Notifications"),
            count=count,
        )


@register_provider
def calendar_coverage(user):
    if not can_keep_calendar(user):
        return
    today = local_today()
    years = [today.year] + ([today.year + 1] if today.month == 12 else [])
    for year in years:
        if not calendar_known(year):
            yield Todo(
                title=_("The official holiday calendar for %(year)d is not recorded yet") % {"year": year},
                detail=_(
                    "Deadlines count only weekends as rest days until the year's holidays are recorded."
                ),
                url=f"{reverse('core:calendar')}?year={year}",
                source=_("Working-day calendar"),
            )
