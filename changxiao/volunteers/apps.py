from django.utils.translation import gettext_lazy as _

from changxiao.core import apps as platform


class VolunteersConfig(platform.MechanismAppConfig):
    name = "changxiao.volunteers"
    label = "volunteers"
    verbose_name = _("Culture volunteers")
    url_prefix = "volunteers/"
    has_sweep_steps = True
    has_metrics = True
    extra_registry_modules = ("registry",)
    audit_exclude_models = {
        "PersonalDataView": "it is itself the log of every full view of a volunteer's personal data, only appended "
        "to (each view is on the volunteer's timeline too)",
        "ServiceYear": "a sum kept from the hour records, which are audited: each change of it is a record's check-out "
        "or correction, on the activity's timeline",
    }
    # Names, identity card numbers and phones are encrypted at rest; the audit log would keep them in a second place
    # (the masked forms are audited).
    audit_exclude_fields = (
        "name_encrypted",
        "id_number_encrypted",
        "id_number_digest",
        "phone_encrypted",
        "guardian_name_encrypted",
        "guardian_phone_encrypted",
        "checkin_secret",
    )

    def ready(self) -> None:
        super().ready()
        from changxiao.orgs.views_choices import searchable

        from .forms import UNITS_KEPT
        from .permissions import units_kept

        searchable(UNITS_KEPT, units_kept)
