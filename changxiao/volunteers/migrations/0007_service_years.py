import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Exists, OuterRef, Sum
from django.db.models.functions import ExtractYear

BATCH = 5000


def members_of_confirmed_places(apps, schema_editor):
    """A confirmed place makes its volunteer a member of the team (the services do so): any such place without its
    membership gets it, so that the volunteers seen through a unit's teams are found among its members."""
    Membership = apps.get_model("volunteers", "Membership")
    Signup = apps.get_model("volunteers", "Signup")
    missing = (
        Signup.objects.filter(state="confirmed")
        .filter(
            ~Exists(
                Membership.objects.filter(team=OuterRef("activity__team"), volunteer=OuterRef("volunteer"))
            )
        )
        .values_list("activity__team", "volunteer", "created_at")
        .order_by("created_at")
    )
    joined = {}
    for team, volunteer, at in missing.iterator(chunk_size=BATCH):
        joined.setdefault((team, volunteer), at)
    Membership.objects.bulk_create(
        (
            Membership(team_id=team, volunteer_id=volunteer, joined_at=at)
            for (team, volunteer), at in joined.items()
        ),
        batch_size=BATCH,
    )


def count_the_years(apps, schema_editor):
    """Each volunteer's minutes of each year, from the standing, checked-out records (the year of the check-in in
    local time, as the services count them)."""
    HourRecord = apps.get_model("volunteers", "HourRecord")
    ServiceYear = apps.get_model("volunteers", "ServiceYear")
    sums = (
        HourRecord.objects.filter(
            cancelled_at__isnull=True, superseded_by__isnull=True, checked_out_at__isnull=False
        )
        .annotate(year=ExtractYear("checked_in_at"))
        .values_list("volunteer", "volunteer__region", "year")
        .annotate(minutes=Sum("minutes"))
        .filter(minutes__gt=0)
        .order_by()
    )
    batch = []
    for volunteer, region, year, minutes in sums.iterator(chunk_size=BATCH):
        batch.append(ServiceYear(volunteer_id=volunteer, region_id=region, year=year, minutes=minutes))
        if len(batch) == BATCH:
            ServiceYear.objects.bulk_create(batch)
            batch = []
    ServiceYear.objects.bulk_create(batch)


class Migration(migrations.Migration):
    """The volunteers' minutes kept per year, counted once from the records here and kept by the services after; the
    sign-ups that made no membership found by an index of their own."""

    dependencies = [
        ("orgs", "0002_two_step_sign_in"),
        ("volunteers", "0006_list_and_sums_from_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="ServiceYear",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                ("minutes", models.PositiveIntegerField(default=0, verbose_name="service minutes")),
                (
                    "region",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.region",
                        verbose_name="region",
                    ),
                ),
                (
                    "volunteer",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="years",
                        to="volunteers.volunteer",
                        verbose_name="volunteer",
                    ),
                ),
            ],
            options={
                "verbose_name": "service minutes of a year",
                "verbose_name_plural": "service minutes of the years",
                "indexes": [
                    models.Index(
                        fields=["region", "year"],
                        include=("minutes", "volunteer"),
                        name="volunteers_year_sums",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("volunteer", "year"), name="volunteers_year_one")
                ],
            },
        ),
        migrations.RunPython(count_the_years, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(members_of_confirmed_places, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="signup",
            index=models.Index(
                condition=models.Q(("state", "confirmed"), _negated=True),
                fields=["activity"],
                include=("volunteer",),
                name="volunteers_signup_unconfirmed",
            ),
        ),
    ]
