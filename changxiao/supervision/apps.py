from django.utils.translation import gettext_lazy as _

from changxiao.core import apps as platform
from changxiao.core import events


class SupervisionConfig(platform.MechanismAppConfig):
    name = "changxiao.supervision"
    label = "supervision"
    verbose_name = _("Supervision")
    url_prefix = "supervision/"
    has_sweep_steps = True
    has_metrics = True
    audit_exclude_models = {
        "EscalationStep": "the ladder's exactly-once claim of a rung, written by the sweep in batches with the "
        "timeline event that records the rung",
    }

    def ready(self) -> None:
        super().ready()
        events.finding_open.register(_open_finding, dispatch_uid="supervision.finding_open")
        from changxiao.orgs.views_choices import searchable

        from .forms import INSPECTABLE, inspectable_units

        searchable(
            INSPECTABLE, inspectable_units
        )  # a finding may name any unit of the regions the inspector sees


def _open_finding(request: events.FindingOpenRequest) -> events.FindingOpened:
    """Another channel (citizen feedback …) asks supervision to take a problem on, through core's seam."""
    from .services import finding_open_from_source

    return finding_open_from_source(request=request)
