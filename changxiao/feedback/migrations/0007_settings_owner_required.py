"""Every routing rule and deadline policy now has its jurisdiction (0006 assigned them); names and kinds are unique
per jurisdiction. A separate migration, so PostgreSQL applies the schema change after the data change."""

from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):

    dependencies = [
        ("orgs", "0002_two_step_sign_in"),
        ("feedback", "0006_settings_owned_by_jurisdiction"),
    ]

    operations = [
        migrations.AlterField(
            model_name="routingrule",
            name="owner",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orgs.region",
                verbose_name="kept by",
            ),
        ),
        migrations.AlterField(
            model_name="deadlinepolicy",
            name="owner",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orgs.region",
                verbose_name="kept by",
            ),
        ),
        migrations.AddConstraint(
            model_name="category",
            constraint=models.UniqueConstraint(fields=("owner", "name"), name="feedback_category_unique_name"),
        ),
        migrations.AddConstraint(
            model_name="category",
            constraint=models.UniqueConstraint(
                condition=models.Q(("owner__isnull", True)),
                fields=("name",),
                name="feedback_shipped_category_unique_name",
            ),
        ),
        migrations.AddConstraint(
            model_name="deadlinepolicy",
            constraint=models.UniqueConstraint(
                fields=("owner", "kind"), name="feedback_deadline_policy_unique_kind"
            ),
        ),
    ]
