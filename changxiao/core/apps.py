from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "changxiao.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import sweep_steps, workbench_providers  # noqa: F401  (register sweep steps and to-dos)
        from .models import CalendarDay

        auditlog.register(CalendarDay)
