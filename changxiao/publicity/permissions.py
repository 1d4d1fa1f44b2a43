"""Who writes, reviews and publishes the zone's publicity: the one home of its access rules.

A unit writes its own articles (whoever acts for it) and submits them; the office of the unit's jurisdiction (or one
above) accepts and publishes them or returns them with a reason, and withdraws a published one with a reason — never
for an article of a unit it acts for itself: the author never publishes its own. Media reports are recorded by the
managers of a jurisdiction and read there."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from changxiao.orgs.models import Region, Unit
from changxiao.orgs.permissions import is_office_of
from changxiao.orgs.scope import get_scope, inside, lies_in

from .choices import ArticleState
from .models import Article, MediaReport


def writing_units(user):
    scope = get_scope(user)
    if scope.read_only:
        return Unit.objects.none()
    units = Unit.objects.active().select_related("region")
    return units if scope.is_superuser else units.filter(pk__in=scope.acting_unit_ids)


def can_write(user, article: Article) -> bool:
    scope = get_scope(user)
    if scope.read_only:
        return False
    return (scope.is_superuser or article.unit_id in scope.acting_unit_ids) and article.state in (
        ArticleState.DRAFT,
        ArticleState.RETURNED,
    )


def can_review(user, article: Article) -> bool:
    """The office of the article's jurisdiction, not acting for the unit that wrote it."""
    scope = get_scope(user)
    if scope.read_only or article.unit_id in scope.acting_unit_ids:
        return False
    return is_office_of(user, article.region)


def can_record_reports(user, region: Region) -> bool:
    scope = get_scope(user)
    return not scope.read_only and (scope.is_superuser or lies_in(region, scope.managing_paths))


def report_regions(user):
    scope = get_scope(user)
    regions = Region.objects.order_by("path")
    if scope.is_superuser:
        return regions
    if scope.read_only:
        return regions.none()
    return regions.filter(inside(scope.managing_paths, "path"))


def get_article_for_user(user, pk: int, *, write: bool = False) -> Article:
    article = get_object_or_404(Article.objects.visible_to(user).select_related("unit", "region"), pk=pk)
    if write and not can_write(user, article):
        raise PermissionDenied
    return article


def get_article_to_review(user, pk: int) -> Article:
    article = get_article_for_user(user, pk)
    if not can_review(user, article):
        raise PermissionDenied
    return article


def get_report_for_user(user, pk: int, *, write: bool = False) -> MediaReport:
    report = get_object_or_404(MediaReport.objects.visible_to(user).select_related("region", "unit"), pk=pk)
    if write and not can_record_reports(user, report.region):
        raise PermissionDenied
    return report


def get_public_article(pk: int) -> Article:
    return get_object_or_404(Article.objects.published().select_related("unit", "region"), pk=pk)
