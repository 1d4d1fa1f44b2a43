from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from changxiao.core.navigation import (
    NavItem,
    NavSection,
    PublicEntry,
    PublicHighlight,
    register_public_entry,
    register_public_highlights,
    register_section,
)

register_section(
    NavSection(
        key="publicity",
        label=_("Publicity"),
        icon="bi-megaphone",
        order=68,
        items=[
            NavItem(_("Articles"), "publicity:articles", "bi-newspaper"),
            NavItem(_("Media reports"), "publicity:reports", "bi-broadcast"),
        ],
    )
)

register_public_entry(
    PublicEntry(
        label=_("News and typical cases"),
        description=_(
            "New practices, models and experiences of the zone, for residents and for other zones to learn from."
        ),
        url_name="public:publicity_news",
        icon="bi-newspaper",
        order=5,
    )
)


def _latest(limit: int) -> list[PublicHighlight]:
    from .models import Article

    return [
        PublicHighlight(
            title=a.title,
            url=reverse("public:publicity_article", args=[a.pk]),
            date=a.published_at,
            label=a.get_kind_display(),
            summary=a.summary,
        )
        for a in Article.objects.published().only("title", "published_at", "kind", "summary")[:limit]
    ]


register_public_highlights("publicity", _latest)
