"""Indicator sets belong to a jurisdiction: each gets the region whose office keeps it, or none when shipped with the
platform (read-only for everyone, copied to be changed), so a second city neither sees nor edits the first's.

The rows already stored are assigned as follows, and each assignment is printed:
- the versions shipped with the platform (assessment/data: long-term-management up to v2, eastern-creation-standard
  v1) stay shipped;
- every other version (an office's copy) goes to the only city there is; with several cities, all versions of a
  code go to the city whose rounds use them, else they stay shipped (reported).
Nothing is deleted.
"""

import django.db.models.deletion
from django.db import migrations, models

# The versions shipped as data files when this migration was written (a migration never reads code that changes).
SHIPPED = {"long-term-management": 2, "eastern-creation-standard": 1}


def _keeping(Region):
    cities = list(Region.objects.filter(level="city").order_by("code", "pk"))
    return cities or list(Region.objects.filter(parent__isnull=True).order_by("code", "pk"))


def _city_of(Region, region):
    ids = [int(pk) for pk in region.path.strip("/").split("/") if pk] or [region.pk]
    above = Region.objects.in_bulk(ids)
    city = next((above[pk] for pk in ids if pk in above and above[pk].level == "city"), None)
    return city or above.get(ids[0], region)


def assign_owners(apps, schema_editor):
    Region = apps.get_model("orgs", "Region")
    IndicatorSet = apps.get_model("assessment", "IndicatorSet")
    AssessmentRound = apps.get_model("assessment", "AssessmentRound")
    keeping = _keeping(Region)
    families: dict[str, list] = {}
    for indicator_set in IndicatorSet.objects.order_by("code", "version"):
        if indicator_set.version <= SHIPPED.get(indicator_set.code, 0):
            print(f"  assessment: {indicator_set.code} v{indicator_set.version} stays shipped with the platform")
            continue
        families.setdefault(indicator_set.code, []).append(indicator_set)
    for code, versions in families.items():
        owner = keeping[0] if len(keeping) == 1 else None
        if owner is None and keeping:
            regions = Region.objects.filter(
                pk__in=AssessmentRound.objects.filter(indicator_set__in=versions).values("region")
            )
            cities = {city.pk: city for city in (_city_of(Region, region) for region in regions)}
            owner = next(iter(cities.values())) if len(cities) == 1 else None
        for indicator_set in versions:
            if owner is None:
                print(f"  assessment: {code} v{indicator_set.version} stays shared (no single city uses it)")
                continue
            indicator_set.owner = owner
            indicator_set.save(update_fields=["owner"])
            print(f"  assessment: {code} v{indicator_set.version} kept by {owner.name}")


class Migration(migrations.Migration):

    dependencies = [
        ("orgs", "0002_two_step_sign_in"),
        ("assessment", "0005_values_by_meaning"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicatorset",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty: shipped with the platform, read-only for everyone.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orgs.region",
                verbose_name="kept by",
            ),
        ),
        migrations.RunPython(assign_owners, migrations.RunPython.noop),
    ]
