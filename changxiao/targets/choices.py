from django.db import models
from django.utils.translation import gettext_lazy as _


class Mechanism(models.TextChoices):
    """The six mechanisms of the source document (三、主要内容)."""

    ORGANIZATION = "organization", _("Organization mechanism")
    SUPERVISION = "supervision", _("Supervision mechanism")
    ASSESSMENT = "assessment", _("Assessment mechanism")
    GUARANTEE = "guarantee", _("Guarantee mechanism")
    LINKAGE = "linkage", _("Urban-rural linkage mechanism")
    EVALUATION = "evaluation", _("Public evaluation and feedback mechanism")


class ReportSchedule(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    # The lead unit asked for completion (申请销号) with its evidence; the office has not decided yet.
    AWAITING_ACCEPTANCE = "awaiting_acceptance", _("Completion requested")
    COMPLETED = "completed", _("Completed")


# What a lead unit may report of its own task: up to 99 %. Completion (销号) is the office's decision on the evidence
# of a completion request, never a figure the unit types.
REPORTED_PERCENT_MAX = 99

# The percent a status implies when no figure is reported.
DEFAULT_PERCENT = {
    TaskStatus.NOT_STARTED: 0,
    TaskStatus.IN_PROGRESS: 50,
    TaskStatus.AWAITING_ACCEPTANCE: REPORTED_PERCENT_MAX,
    TaskStatus.COMPLETED: 100,
}


def status_for_percent(percent: int) -> str:
    """The status a reported percent implies: never completed (that takes the office's acceptance)."""
    return TaskStatus.IN_PROGRESS if percent > 0 else TaskStatus.NOT_STARTED


def period_for(schedule: str, day) -> str:
    """The reporting period a day falls in: 2026-Q4 (quarterly) or 2026-11 (monthly)."""
    if schedule == ReportSchedule.MONTHLY:
        return f"{day.year}-{day.month:02d}"
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def periods_of_year(schedule: str, year: int, until) -> list[str]:
    """The periods of a plan year that have started by ``until``, latest first."""
    if schedule == ReportSchedule.MONTHLY:
        months = range(1, 13)
        periods = [f"{year}-{m:02d}" for m in months if (year, m) <= (until.year, until.month)]
    else:
        periods = [
            f"{year}-Q{q}" for q in range(1, 5) if (year, (q - 1) * 3 + 1) <= (until.year, until.month)
        ]
    return list(reversed(periods)) or [period_for(schedule, until)]
