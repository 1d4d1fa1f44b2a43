from django.utils.translation import gettext_lazy as _

from changxiao.core import apps as platform


class PublicityConfig(platform.MechanismAppConfig):
    name = "changxiao.publicity"
    label = "publicity"
    verbose_name = _("Publicity")
    url_prefix = "publicity/"
    has_sweep_steps = False
    has_metrics = True
