"""Periodic work of the workforce, run by `manage.py sweep`: a certificate's unit is reminded 90 and 30 days before
it expires, once each (core.reminders.remind_once); a renewed certificate is not reminded of."""

from datetime import timedelta

from django.utils.translation import gettext as _

from changxiao.core.deadlines import local_today
from changxiao.core.reminders import remind_once
from changxiao.core.sweep import sweep_step
from changxiao.orgs.recipients import unit_people

from .choices import EXPIRY_REMINDER_DAYS
from .models import Certificate, Post


@sweep_step("workforce.certificate_expiry", order=500)
def remind_expiring_certificates() -> int:
    today = local_today()
    done = 0
    certificates = (
        Certificate.objects.valid_on(today)
        .filter(expires_on__lte=today + timedelta(days=max(EXPIRY_REMINDER_DAYS)), renewed_by__isnull=True)
        .select_related("practitioner", "kind")
    )
    for certificate in certificates:
        days_left = (certificate.expires_on - today).days
        # The nearest threshold passed: a certificate first seen 20 days before expiry gets the 30-day reminder only.
        threshold = min(days for days in EXPIRY_REMINDER_DAYS if days_left <= days)
        posts = (
            Post.objects.held_on(today).filter(practitioner=certificate.practitioner).select_related("unit")
        )
        recipients = {person for post in posts for person in unit_people(post.unit)}
        done += remind_once(
            certificate,
            kind="workforce_certificate_expiry",
            key=str(threshold),
            recipients=recipients,
            title=_("%(kind)s of %(name)s expires on %(date)s: renew it")
            % {
                "kind": certificate.kind.name,
                "name": certificate.practitioner.name_masked,
                "date": certificate.expires_on.isoformat(),
            },
            url=certificate.get_absolute_url(),
        )
    return done
