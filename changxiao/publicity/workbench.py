"""To-dos of publicity: the articles waiting for the office's review; the returned ones, for the unit that wrote them."""

from django.utils.translation import gettext as _

from changxiao.core.workbench import Todo, register_provider
from changxiao.orgs.scope import get_scope, inside

from .choices import ArticleState
from .models import Article

MAX_ITEMS = 20


@register_provider
def articles_to_review(user):
    scope = get_scope(user)
    if scope.read_only or not (scope.office_paths or scope.is_superuser):
        return
    rows = Article.objects.filter(state=ArticleState.SUBMITTED).exclude(unit_id__in=scope.acting_unit_ids)
    if not scope.is_superuser:
        rows = rows.filter(inside(scope.office_paths, "region__path"))
    for article in rows.select_related("unit").order_by("created_at")[:MAX_ITEMS]:
        yield Todo(
            title=_("Review the article “%(title)s”") % {"title": article.title},
            detail=article.unit.name,
            url=article.get_absolute_url(),
            source=_("Publicity"),
        )


@register_provider
def articles_returned(user):
    scope = get_scope(user)
    if scope.read_only or not scope.acting_unit_ids:
        return
    rows = Article.objects.filter(state=ArticleState.RETURNED, unit_id__in=scope.acting_unit_ids)
    for article in rows.order_by("created_at")[:MAX_ITEMS]:
        yield Todo(
            title=_("Correct the returned article “%(title)s”") % {"title": article.title},
            detail=article.return_reason[:100],
            url=article.get_absolute_url(),
            source=_("Publicity"),
        )
