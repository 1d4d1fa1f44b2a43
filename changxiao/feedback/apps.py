from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "changxiao.feedback"
    label = "feedback"
    verbose_name = _("Citizen feedback")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import exports, imports, metrics, navigation, sweep_steps, workbench  # noqa: F401  (registries)
        from .models import FeedbackItem, Reply, RoutingRule, TransferRequest

        for model in (FeedbackItem, Reply, RoutingRule, TransferRequest):
            auditlog.register(model, exclude_fields=["phone_encrypted"])
