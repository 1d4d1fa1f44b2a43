"""Feedback settings belong to a jurisdiction: every category, routing rule and deadline policy gets the region
whose office keeps it, so a second city on the same deployment neither sees nor changes the first city's.

The rows already stored are assigned as follows, and each assignment is printed:
- a routing rule to the city of the jurisdiction, venue or handling unit it names (the top region when that lies
  above any city);
- a category to the only city there is; with several cities, to the one whose items use it, else it stays offered
  everywhere (no owner, as shipped with the platform);
- a deadline policy to the only city there is; with several cities, each city gets a copy, so no item's deadline
  changes.
Nothing is deleted. Names and kinds are unique per jurisdiction from now on.
"""

from django.db import migrations, models
import django.db.models.deletion


def _region_ids(path: str) -> list[int]:
    return [int(pk) for pk in path.strip("/").split("/") if pk]


def _keeping(Region):
    """The jurisdictions settings belong to: the cities, or the top regions where there is no city."""
    cities = list(Region.objects.filter(level="city").order_by("code", "pk"))
    return cities or list(Region.objects.filter(parent__isnull=True).order_by("code", "pk"))


def _city_of(Region, region, cache: dict):
    """The city-level region a region lies in (itself if a city), else its top region."""
    if region.pk not in cache:
        ids = _region_ids(region.path) or [region.pk]
        above = Region.objects.in_bulk(ids)
        city = next((above[pk] for pk in ids if pk in above and above[pk].level == "city"), None)
        cache[region.pk] = city or above.get(ids[0], region)
    return cache[region.pk]


def assign_owners(apps, schema_editor):
    Region = apps.get_model("orgs", "Region")
    Category = apps.get_model("feedback", "Category")
    RoutingRule = apps.get_model("feedback", "RoutingRule")
    DeadlinePolicy = apps.get_model("feedback", "DeadlinePolicy")
    FeedbackItem = apps.get_model("feedback", "FeedbackItem")
    cache: dict = {}
    keeping = _keeping(Region)

    for rule in RoutingRule.objects.select_related("region", "venue__region", "unit__region"):
        anchor = rule.region or (rule.venue.region if rule.venue_id else None) or rule.unit.region
        rule.owner = _city_of(Region, anchor, cache)
        rule.save(update_fields=["owner"])
        print(f"  feedback: routing rule #{rule.pk} ({rule.unit.name}) kept by {rule.owner.name}")

    for category in Category.objects.all():
        owner = keeping[0] if len(keeping) == 1 else None
        if owner is None and keeping:
            regions = Region.objects.filter(
                pk__in=FeedbackItem.objects.filter(category=category).values("region")
            )
            cities = {_city_of(Region, region, cache).pk: _city_of(Region, region, cache) for region in regions}
            owner = next(iter(cities.values())) if len(cities) == 1 else None
        if owner is None:
            print(f"  feedback: category “{category.name}” stays offered everywhere (no single city uses it)")
            continue
        category.owner = owner
        category.save(update_fields=["owner"])
        print(f"  feedback: category “{category.name}” kept by {owner.name}")

    policies = list(DeadlinePolicy.objects.all())
    if policies and not keeping:
        raise RuntimeError("Deadline policies exist but no jurisdiction does: create the city first.")
    for policy in policies:
        first, *others = keeping
        policy.owner = first
        policy.save(update_fields=["owner"])
        print(f"  feedback: deadline policy “{policy.kind}” kept by {first.name}")
        for region in others:
            DeadlinePolicy.objects.create(
                owner=region,
                kind=policy.kind,
                acknowledge_workdays=policy.acknowledge_workdays,
                answer_workdays=policy.answer_workdays,
            )
            print(f"  feedback: deadline policy “{policy.kind}” copied for {region.name}")


class Migration(migrations.Migration):

    dependencies = [
        ("orgs", "0002_two_step_sign_in"),
        ("feedback", "0005_supervision_outcomes"),
    ]

    operations = [
        migrations.AddField(
            model_name="category",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty: shipped with the platform, offered in every jurisdiction.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orgs.region",
                verbose_name="kept by",
            ),
        ),
        migrations.AddField(
            model_name="routingrule",
            name="owner",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orgs.region",
                verbose_name="kept by",
            ),
        ),
        migrations.AddField(
            model_name="deadlinepolicy",
            name="owner",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orgs.region",
                verbose_name="kept by",
            ),
        ),
        migrations.AlterField(
            model_name="category",
            name="name",
            field=models.CharField(max_length=40, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="deadlinepolicy",
            name="kind",
            field=models.CharField(
                choices=[
                    ("demand", "Demand"),
                    ("suggestion", "Suggestion"),
                    ("complaint", "Complaint"),
                    ("praise", "Praise"),
                ],
                max_length=16,
                verbose_name="kind",
            ),
        ),
        migrations.RunPython(assign_owners, migrations.RunPython.noop),
    ]
