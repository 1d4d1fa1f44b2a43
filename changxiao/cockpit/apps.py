from django.utils.translation import gettext_lazy as _

from changxiao.core import apps as platform


class CockpitConfig(platform.PlatformAppConfig):
    name = "changxiao.cockpit"
    label = "cockpit"
    verbose_name = _("Workbench and cockpit")
    url_prefix = ""
    audit_exclude_models = {
        "MetricFigure": "a figure computed again from the audited records at any time; a cache, not a record",
    }
