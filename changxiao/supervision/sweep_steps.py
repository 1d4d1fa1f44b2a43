"""Periodic work of supervision, run by `manage.py sweep`."""

from changxiao.core.deadlines import local_today
from changxiao.core.sweep import sweep_step

from .escalation import run_ladder


@sweep_step("supervision.escalation", order=300)
def climb_the_ladder() -> int:
    """Blue reminders, yellow warnings, red 督办单, bulletin and accountability — each once per deadline."""
    return run_ladder(local_today())
