"""Number grouping as in Chinese statistical tables (12,958,000); everything else from Django's zh_Hans."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
