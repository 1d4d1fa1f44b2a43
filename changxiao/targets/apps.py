from django.utils.translation import gettext_lazy as _

from changxiao.core import apps as platform


class TargetsConfig(platform.MechanismAppConfig):
    name = "changxiao.targets"
    label = "targets"
    verbose_name = _("Target responsibility")
    url_prefix = "targets/"
    has_sweep_steps = True
    has_metrics = True
