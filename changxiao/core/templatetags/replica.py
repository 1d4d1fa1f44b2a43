"""{% data_as_of %}: on a page read from the database replica, the time its data is at least as fresh as
(core.db_router). Placed after the page's content, so it is rendered once the page's queries have run."""

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import pgettext

from ..db_router import served_as_of

register = template.Library()


@register.simple_tag
def data_as_of() -> str:
    as_of = served_as_of()
    if as_of is None:
        return ""
    moment = timezone.localtime(as_of).strftime("%H:%M:%S")
    return format_html(
        '<p class="data-as-of small text-body-secondary mt-3 mb-0" title="{}">{}</p>',
        pgettext(
            "read replica", "Read from the read-only copy of the database; recent changes may not show yet."
        ),
        pgettext("read replica", "Data as of %(time)s") % {"time": moment},
    )
