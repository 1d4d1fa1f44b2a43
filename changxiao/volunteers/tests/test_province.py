"""The province generator's volunteers hold what the services would have written: the running totals and the minutes
of each year equal to the records' sums, and each confirmed volunteer a member of the team."""

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.db.models.functions import ExtractYear

from changxiao.volunteers.models import HourRecord, Membership, ServiceYear, Signup, Volunteer


@pytest.mark.django_db(transaction=False)
def test_the_generated_volunteers_are_as_the_services_keep_them(capsys):
    call_command("generate_province", scale=0.001, seed=1, only=["volunteers"])
    counted = HourRecord.objects.standing().filter(checked_out_at__isnull=False)
    by_year = (
        counted.annotate(year=ExtractYear("checked_in_at"))
        .values_list("volunteer", "volunteer__region", "year")
        .annotate(minutes=Sum("minutes"))
        .order_by()
    )
    assert sorted(by_year) == sorted(
        ServiceYear.objects.values_list("volunteer", "region", "year", "minutes")
    )
    totals = dict(counted.values_list("volunteer").annotate(minutes=Sum("minutes")).order_by())
    assert totals and totals == dict(
        Volunteer.objects.filter(total_minutes__gt=0).values_list("pk", "total_minutes")
    )
    confirmed = set(Signup.objects.filter(state="confirmed").values_list("activity__team", "volunteer"))
    assert confirmed and confirmed == set(Membership.objects.values_list("team", "volunteer"))
