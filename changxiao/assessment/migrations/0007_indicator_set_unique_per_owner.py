"""An indicator set's code and version are unique per jurisdiction (two cities may each keep their version 3 of a
shipped set); shipped versions stay unique among themselves."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("assessment", "0006_indicator_set_owner"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="indicatorset", name="indicator_set_unique_version"),
        migrations.AddConstraint(
            model_name="indicatorset",
            constraint=models.UniqueConstraint(
                fields=("owner", "code", "version"), name="indicator_set_unique_version"
            ),
        ),
        migrations.AddConstraint(
            model_name="indicatorset",
            constraint=models.UniqueConstraint(
                condition=models.Q(("owner__isnull", True)),
                fields=("code", "version"),
                name="indicator_set_shipped_unique_version",
            ),
        ),
    ]
