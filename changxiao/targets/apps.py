from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "changxiao.targets"
    label = "targets"
    verbose_name = _("Target responsibility")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import exports, imports, navigation, sweep_steps, workbench  # noqa: F401  (registries)
        from .models import ExtensionRequest, Milestone, ProgressReport, Task, WorkPlan

        for model in (WorkPlan, Task, Milestone, ProgressReport, ExtensionRequest):
            auditlog.register(model)
