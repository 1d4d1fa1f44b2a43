from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "changxiao.supervision"
    label = "supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import exports, metrics, navigation, sweep_steps, workbench  # noqa: F401  (registries)
        from .models import Accountability, Bulletin, BulletinRevision, Finding, Inspection, Rectification

        for model in (Inspection, Finding, Rectification, Accountability, Bulletin, BulletinRevision):
            auditlog.register(model)
