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


# States in which a finding is finished; only VERIFIED counts as rectified.
CLOSED_STATES = frozenset(
    {FindingState.VERIFIED, FindingState.CLOSED_UNRECTIFIED, FindingState.REASSIGNED, FindingState.DUPLICATE}
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
