from django.utils.translation import gettext_lazy as _

from changxiao.core import apps as platform


class FundingConfig(platform.MechanismAppConfig):
    name = "changxiao.funding"
    label = "funding"
    verbose_name = _("Funding and publicity resources")
    url_prefix = "funding/"
    has_sweep_steps = True
    has_metrics = True

    def ready(self) -> None:
        super().ready()
        from changxiao.core import events

        # How supervision ended a finding this app opened (a rule not met, a publicity share short).
        events.finding_outcome.connect(_receive_finding_outcome, dispatch_uid="funding.finding_outcome")


def _receive_finding_outcome(sender, *, event, **kwargs) -> None:
    from .services import finding_outcome_record

    finding_outcome_record(event=event)
