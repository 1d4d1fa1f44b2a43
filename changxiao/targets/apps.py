from django.utils.translation import gettext_lazy as _

from changxiao.core import apps as platform
from changxiao.core import events


class TargetsConfig(platform.MechanismAppConfig):
    name = "changxiao.targets"
    label = "targets"
    verbose_name = _("Target responsibility")
    url_prefix = "targets/"
    has_sweep_steps = True
    has_metrics = True

    def ready(self) -> None:
        super().ready()
        events.follow_up_task_open.register(_open_follow_up, dispatch_uid="targets.follow_up_task_open")


def _open_follow_up(request: events.FollowUpTaskRequest) -> events.FollowUpTaskOpened:
    """A leading-group decision to follow up (the cockpit's snapshots) becomes a task of the work plan."""
    from .follow_ups import task_open_from_decision

    return task_open_from_decision(request=request)
