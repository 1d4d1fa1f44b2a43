"""What the culture volunteers put before the leaders (core.attention), once its time has run out: hours counted to
the planned end after a forgotten check-out that the organizer has not reviewed within REVIEW_WORKDAYS working days
of the activity's end, and certificates requested and not answered (issued or refused) within CERTIFICATE_WORKDAYS
working days — each with the organizing unit as owner."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from changxiao.core.attention import RED, YELLOW, AttentionItem, register_attention_provider
from changxiao.core.deadlines import add_workdays, local_today
from changxiao.orgs.scope import within

from .choices import CertificateState
from .models import Activity, Certificate

LIMIT = 50
# The platform's working rule, not a figure of the texts: an organizer reviews a forgotten check-out within a week;
# a certificate — free, from the organizing unit (志愿服务记录与证明出具办法) — is answered within two weeks.
REVIEW_WORKDAYS = 5
CERTIFICATE_WORKDAYS = 10


def _day(moment):
    return timezone.localtime(moment).date()


def reviews_overdue(user, region_path: str) -> list[AttentionItem]:
    today = local_today()
    # A standing record (HourRecord.standing) waiting for the organizer's review.
    awaiting = Q(
        hour_records__needs_review=True,
        hour_records__superseded_by__isnull=True,
        hour_records__cancelled_at__isnull=True,
    )
    activities = (
        Activity.objects.visible_to(user)
        .filter(within(region_path, "team__unit__region__path"), ends_at__date__lt=today)
        .annotate(waiting=Count("hour_records", filter=awaiting))
        .filter(waiting__gt=0)
        .select_related("team__unit__region")
        .order_by("ends_at", "pk")[: LIMIT * 4]
    )
    items = []
    for activity in activities:
        due = add_workdays(_day(activity.ends_at), REVIEW_WORKDAYS)
        if due >= today:
            continue
        items.append(
            AttentionItem(
                mechanism=_("Culture volunteers"),
                kind=_("Forgotten check-outs not reviewed in time"),
                title=_("%(title)s: %(count)s records counted to the planned end")
                % {"title": activity.title, "count": activity.waiting},
                owner=activity.team.unit.name,
                url=activity.get_absolute_url(),
                severity=YELLOW,
                deadline=due,
                region_path=activity.team.unit.region.path,
            )
        )
    return items[:LIMIT]


def certificates_overdue(user, region_path: str) -> list[AttentionItem]:
    today = local_today()
    requested = (
        Certificate.objects.visible_to(user)
        .filter(within(region_path, "unit__region__path"), state=CertificateState.REQUESTED)
        .select_related("unit__region", "volunteer")
        .order_by("requested_at", "pk")[: LIMIT * 4]
    )
    items = []
    for certificate in requested:
        due = add_workdays(_day(certificate.requested_at), CERTIFICATE_WORKDAYS)
        if due >= today:
            continue
        items.append(
            AttentionItem(
                mechanism=_("Culture volunteers"),
                kind=_("Certificate requested and not answered in time"),
                title=f"{certificate.number} · {certificate.volunteer.name_masked}",
                owner=certificate.unit.name,
                url=certificate.get_absolute_url(),
                severity=RED,
                deadline=due,
                region_path=certificate.unit.region.path,
            )
        )
    return items[:LIMIT]


register_attention_provider(reviews_overdue)
register_attention_provider(certificates_overdue)
