from django.utils.translation import gettext_lazy as _

from changxiao.core import apps as platform


class LinkageConfig(platform.MechanismAppConfig):
    name = "changxiao.linkage"
    label = "linkage"
    verbose_name = _("Urban-rural linkage")
    url_prefix = "linkage/"
    has_sweep_steps = True
    has_metrics = True
    extra_registry_modules = ("staffing",)
    audit_exclude_models = {
        "ResidentRating": "an anonymous resident's rating, written once through the rate-limited public page and "
        "only appended to; the order's own rating and every step of the order are audited",
    }
