from django.utils.translation import gettext_lazy as _

from changxiao.core import apps as platform


class PortalConfig(platform.MechanismAppConfig):
    name = "changxiao.portal"
    label = "portal"
    verbose_name = _("Public portal")
    url_prefix = "portal/"
    has_sweep_steps = True
    has_metrics = True
    # The portal's home answers /public/ before core's plain list of entries (core.apps.public_url_patterns).
    public_url_order = 90
    audit_exclude_fields = ("citizen_phone_encrypted", "citizen_digest")
