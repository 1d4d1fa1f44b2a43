from django.utils.translation import gettext_lazy as _

from changxiao.core import apps as platform


class WorkforceConfig(platform.MechanismAppConfig):
    name = "changxiao.workforce"
    label = "workforce"
    verbose_name = _("Workforce")
    url_prefix = "workforce/"
    has_sweep_steps = True
    has_metrics = True
    extra_registry_modules = ("registry",)
    audit_exclude_models = {
        "PersonalDataView": "it is itself the log of every full view of a practitioner's personal data, only appended to",
    }
    # A practitioner's name, identity card number and phone are encrypted at rest; the audit log would keep them in a
    # second place (the masked forms are audited).
    audit_exclude_fields = ("name_encrypted", "id_number_encrypted", "phone_encrypted", "id_number_digest")
