"""To-dos of the workforce: certificates expiring within 90 days, for whoever keeps the roster of the practitioner's
unit; people short of this year's training standard, for whoever acts for their unit."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from changxiao.core.deadlines import local_today
from changxiao.core.workbench import Todo, register_provider
from changxiao.orgs.scope import get_scope

from . import training
from .choices import EXPIRY_REMINDER_DAYS
from .models import Certificate, Post
from .permissions import units_managed

MAX_ITEMS = 20


@register_provider
def certificates_expiring(user):
    scope = get_scope(user)
    if scope.read_only or not (scope.acting_unit_ids or scope.managing_paths or scope.is_superuser):
        return
    today = local_today()
    held = Post.objects.held_on(today).filter(unit__in=units_managed(user))
    certificates = (
        Certificate.objects.valid_on(today)
        .filter(
            expires_on__lte=today + timedelta(days=max(EXPIRY_REMINDER_DAYS)),
            renewed_by__isnull=True,
            practitioner__in=held.values("practitioner"),
        )
        .select_related("practitioner", "kind")
        .order_by("expires_on", "pk")
    )
    for certificate in certificates[:MAX_ITEMS]:
        yield Todo(
            title=_("Renew the %(kind)s of %(name)s")
            % {"kind": certificate.kind.name, "name": certificate.practitioner.name_masked},
            detail=certificate.number,
            url=certificate.get_absolute_url(),
            source=_("Workforce"),
            due=certificate.expires_on,
        )


@register_provider
def training_short(user):
    """For whoever acts for a unit: its people in post this year short of the training standard of its tier."""
    scope = get_scope(user)
    if scope.read_only or not scope.acting_unit_ids:
        return
    today = local_today()
    posts = list(
        Post.objects.held_on(today).filter(unit_id__in=scope.acting_unit_ids).select_related("unit__region")
    )
    if not posts:
        return
    days = training.days_in_year({post.practitioner_id for post in posts}, today.year)
    by_unit: dict[int, list] = {}
    for post in posts:
        by_unit.setdefault(post.unit_id, []).append(post)
    for unit_posts in by_unit.values():
        unit = unit_posts[0].unit
        standard = training.standard_for(unit.region)
        short = {p.practitioner_id for p in unit_posts if days.get(p.practitioner_id, 0) < standard.days}
        if short:
            yield Todo(
                title=_("%(unit)s: people short of %(days)s training days this year")
                % {"unit": unit.name, "days": standard.days},
                url=reverse("workforce:roster", args=[unit.pk]),
                source=_("Workforce"),
                count=len(short),
                due=date(today.year, 12, 31),
            )
