from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectionKind(models.TextChoices):
    """The kinds of supervision of seed 三(二) and 三(一)."""

    ROUTINE = "routine", _("Routine inspection")
    SPECIAL = "special", _("Special inspection")
    STAGE_REVIEW = "stage_review", _("Stage review")
    NPC_CPPCC = "npc_cppcc", _("NPC / CPPCC inspection")
    MEDIA = "media", _("Media oversight")
    FEEDBACK = "feedback", _("Raised from citizen feedback")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MAJOR = "major", _("Major")
    SERIOUS = "serious", _("Serious")


class FindingState(models.TextChoices):
    OPEN = "open", _("Open")
    RECTIFYING = "rectifying", _("Being rectified")
    SUBMITTED = "submitted", _("Rectification submitted")
    VERIFIED = "verified", _("Verified (closed)")
    CLOSED_UNRECTIFIED = "closed_unrectified", _("Closed without rectification")
    REASSIGNED = "reassigned", _("Not this unit's responsibility (reassigned)")
    DUPLICATE = "duplicate", _("Duplicate")
    # Closed by the cancellation of its inspection (recorded by mistake), never chosen on its own.
    CANCELLED = "cancelled", _("Cancelled with the inspection")


# States in which a finding is finished; only VERIFIED counts as rectified.
CLOSED_STATES = frozenset(
    {
        FindingState.VERIFIED,
        FindingState.CLOSED_UNRECTIFIED,
        FindingState.REASSIGNED,
        FindingState.DUPLICATE,
        FindingState.CANCELLED,
    }
)
# How a finding may be closed other than by verified rectification; each needs a reason.
CLOSING_OUTCOMES = (FindingState.CLOSED_UNRECTIFIED, FindingState.REASSIGNED, FindingState.DUPLICATE)


class EscalationLevel(models.TextChoices):
    """The rungs of the escalation ladder, in order (三色督办: blue reminder, yellow warning, red 督办单)."""

    BLUE = "blue", _("Blue reminder: deadline approaching")
    YELLOW = "yellow", _("Yellow warning: due today, not rectified")
    RED = "red", _("Red supervision notice: overdue")
    BULLETIN = "bulletin", _("Put on the next bulletin")
    ACCOUNTABILITY = "accountability", _("Accountability proposed to the office")


LADDER = [level.value for level in EscalationLevel]


class AccountabilityGround(models.TextChoices):
    """The grounds of seed 三(二): 敷衍塞责, 推诿扯皮, 执行不力."""

    PERFUNCTORY = "perfunctory", _("Perfunctory work (敷衍塞责)")
    BUCK_PASSING = "buck_passing", _("Passing the buck (推诿扯皮)")
    POOR_EXECUTION = "poor_execution", _("Poor execution (执行不力)")
    OTHER = "other", _("Other")


class AccountabilityMeasure(models.TextChoices):
    REMINDER_TALK = "reminder_talk", _("Reminder talk (谈话提醒)")
    INTERVIEW = "interview", _("Formal interview (约谈)")
    CRITICISM = "criticism", _("Public criticism in a bulletin (通报批评)")
    WRITTEN_REVIEW = "written_review", _("Written self-examination ordered (责令书面检查)")
    OTHER = "other", _("Other")
