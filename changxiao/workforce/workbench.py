"""Certificates expiring within 90 days, for whoever keeps the roster of the practitioner's unit."""

from datetime import timedelta

from django.utils.translation import gettext as _

from changxiao.core.deadlines import local_today
from changxiao.core.workbench import Todo, register_provider
from changxiao.orgs.scope import get_scope

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
