from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "changxiao.orgs"
    label = "orgs"
    verbose_name = _("Organization")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import exports, imports, workbench  # noqa: F401  (register exports, imports and to-do providers)
        from .models import ApiToken, Membership, PopulationRecord, Region, Unit, User

        for model in (Region, PopulationRecord, Unit, Membership, ApiToken):
            auditlog.register(model)
        auditlog.register(User, exclude_fields=["password", "last_login", "totp_secret"])
