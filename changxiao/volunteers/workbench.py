"""To-dos of the culture volunteers, for whoever keeps a team's unit: sign-ups awaiting approval, hours counted to a
planned end after a forgotten check-out (to review), certificates requested."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from changxiao.core.workbench import Todo, register_provider
from changxiao.orgs.scope import get_scope

from .choices import CertificateState, SignupState
from .models import Certificate, HourRecord, Signup
from .permissions import units_kept

MAX_ITEMS = 20


def _by_activity(rows):
    """(activity key, title, how many) of the first MAX_ITEMS activities among rows, counted in one query."""
    return (
        rows.values_list("activity_id", "activity__title")
        .annotate(count=Count("pk"))
        .order_by("activity_id")[:MAX_ITEMS]
    )


@register_provider
def volunteer_todos(user):
    scope = get_scope(user)
    if scope.read_only or not (scope.acting_unit_ids or scope.managing_paths or scope.is_superuser):
        return
    units = units_kept(user)
    pending = Signup.objects.filter(state=SignupState.PENDING, activity__team__unit__in=units)
    for activity_id, title, count in _by_activity(pending):
        yield Todo(
            title=_("Sign-ups to approve: %(title)s") % {"title": title},
            url=reverse("volunteers:activity", args=[activity_id]),
            source=_("Culture volunteers"),
            count=count,
        )
    review = HourRecord.objects.standing().filter(needs_review=True, activity__team__unit__in=units)
    for activity_id, title, count in _by_activity(review):
        yield Todo(
            title=_("Forgotten check-outs to review: %(title)s") % {"title": title},
            url=reverse("volunteers:activity", args=[activity_id]),
            source=_("Culture volunteers"),
            count=count,
        )
    requested = Certificate.objects.filter(state=CertificateState.REQUESTED, unit__in=units)
    for certificate in requested.select_related("volunteer").order_by("requested_at")[:MAX_ITEMS]:
        yield Todo(
            title=_("Issue a volunteer service certificate to %(name)s")
            % {"name": certificate.volunteer.name_masked},
            detail=certificate.number,
            url=certificate.get_absolute_url(),
            source=_("Culture volunteers"),
        )
