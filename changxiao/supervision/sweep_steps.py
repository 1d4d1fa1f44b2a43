"""Periodic work of supervision, run by `manage.py sweep`."""

from django.utils import timezone

from changxiao.core.deadlines import local_today
from changxiao.core.sweep import sweep_step

from .escalation import issue_lost_notices, run_ladder


@sweep_step("supervision.escalation", order=300)
def climb_the_ladder() -> int:
    """Blue reminders, yellow warnings, red 督办单, bulletin and accountability — each once per deadline."""
    return run_ladder(local_today()) + issue_lost_notices(timezone.now())
