"""A questionnaire's code and version are unique per jurisdiction (two cities may each keep their version 2 of the
shipped questionnaire); shipped versions stay unique among themselves."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("surveys", "0007_questionnaire_owner"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="questionnaire", name="questionnaire_unique_version"),
        migrations.AddConstraint(
            model_name="questionnaire",
            constraint=models.UniqueConstraint(
                fields=("owner", "code", "version"), name="questionnaire_unique_version"
            ),
        ),
        migrations.AddConstraint(
            model_name="questionnaire",
            constraint=models.UniqueConstraint(
                condition=models.Q(("owner__isnull", True)),
                fields=("code", "version"),
                name="questionnaire_shipped_unique_version",
            ),
        ),
    ]
