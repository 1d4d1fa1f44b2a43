"""Periodic work of the assessment: remind participants before the self-report closes, once per round."""

from django.utils.translation import gettext as _

from changxiao.core.deadlines import DeadlineStatus, deadline_status, local_today
from changxiao.core.reminders import remind_once
from changxiao.core.sweep import sweep_step
from changxiao.orgs.recipients import unit_people

from .choices import Phase, SelfReportState
from .models import Participant


@sweep_step("assessment.self_report_due", order=500)
def remind_self_reports() -> int:
    today = local_today()
    sent = 0
    # Every participant that has not submitted its self-report, empty indicators or not: submitting is the step.
    participants = Participant.objects.filter(
        assessment_round__phase=Phase.SELF_REPORT,
        assessment_round__cancelled_at__isnull=True,
        self_report_state=SelfReportState.DRAFT,
    ).select_related("assessment_round", "unit")
    for participant in participants:
        due = participant.assessment_round.self_report_due
        if deadline_status(due, today=today) not in (DeadlineStatus.DUE_SOON, DeadlineStatus.OVERDUE):
            continue
        sent += remind_once(
            participant,
            kind="self_report_due",
            key=f"{deadline_status(due, today=today).value}:{due.isoformat()}",
            recipients=unit_people(participant.unit),
            title=_("Self-report for %(round)s due on %(date)s")
            % {"round": participant.assessment_round.title, "date": due.isoformat()},
            url=participant.get_absolute_url(),
        )
    return sent
