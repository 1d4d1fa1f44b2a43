from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "changxiao.feedback"
    label = "feedback"
    verbose_name = _("Citizen feedback")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from changxiao.core import events

        from . import exports, imports, metrics, navigation, sweep_steps, workbench  # noqa: F401  (registries)
        from .models import FeedbackItem, Reply, RoutingRule, SupervisionOutcome, TransferRequest

        for model in (FeedbackItem, Reply, RoutingRule, TransferRequest):
            auditlog.register(model, exclude_fields=["phone_encrypted"])
        auditlog.register(SupervisionOutcome)

        # The outcome of a finding raised from a citizen's feedback, told by supervision through core's seam.
        events.finding_outcome.connect(_receive_finding_outcome, dispatch_uid="feedback.finding_outcome")


def _receive_finding_outcome(sender, *, event, **kwargs) -> None:
    from .services import supervision_outcome_record

    supervision_outcome_record(event=event)
