from django.utils.translation import gettext_lazy as _

from changxiao.core import apps as platform


class AssessmentConfig(platform.MechanismAppConfig):
    name = "changxiao.assessment"
    label = "assessment"
    verbose_name = _("Assessment")
    url_prefix = "assessment/"
    has_sweep_steps = True
    # The assessment reads every figure through the metric registry and publishes none of its own.
    has_metrics = False
