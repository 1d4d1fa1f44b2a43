"""Questionnaires belong to a jurisdiction: each gets the region whose office keeps it, or none when shipped with the
platform (read-only for everyone, copied to be changed), so a second city neither sees nor edits the first's.

The rows already stored are assigned as follows, and each assignment is printed:
- the versions shipped with the platform (surveys/data: public-satisfaction v1, and any earlier version of a shipped
  code) stay shipped;
- every other questionnaire goes to the only city there is; with several cities, all versions of a code go to the
  city whose campaigns use them, else they stay shipped (reported).
Nothing is deleted.
"""

import django.db.models.deletion
from django.db import migrations, models

# The versions shipped as data files when this migration was written (a migration never reads code that changes).
SHIPPED = {"public-satisfaction": 1}


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
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    Campaign = apps.get_model("surveys", "Campaign")
    keeping = _keeping(Region)
    families: dict[str, list] = {}
    for questionnaire in Questionnaire.objects.order_by("code", "version"):
        if questionnaire.version <= SHIPPED.get(questionnaire.code, 0):
            print(f"  surveys: {questionnaire.code} v{questionnaire.version} stays shipped with the platform")
            continue
        families.setdefault(questionnaire.code, []).append(questionnaire)
    for code, versions in families.items():
        owner = keeping[0] if len(keeping) == 1 else None
        if owner is None and keeping:
            regions = Region.objects.filter(
                pk__in=Campaign.objects.filter(questionnaire__in=versions).values("region")
            )
            cities = {city.pk: city for city in (_city_of(Region, region) for region in regions)}
            owner = next(iter(cities.values())) if len(cities) == 1 else None
        for questionnaire in versions:
            if owner is None:
                print(f"  surveys: {code} v{questionnaire.version} stays shared (no single city uses it)")
                continue
            questionnaire.owner = owner
            questionnaire.save(update_fields=["owner"])
            print(f"  surveys: {code} v{questionnaire.version} kept by {owner.name}")


class Migration(migrations.Migration):

    dependencies = [
        ("orgs", "0002_two_step_sign_in"),
        ("surveys", "0006_text_lengths"),
    ]

    operations = [
        migrations.AddField(
            model_name="questionnaire",
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
