from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    DEMAND = "demand", _("Demand")
    SUGGESTION = "suggestion", _("Suggestion")
    COMPLAINT = "complaint", _("Complaint")
    PRAISE = "praise", _("Praise")


class FeedbackState(models.TextChoices):
    NEW = "new", _("Waiting to be routed")
    ASSIGNED = "assigned", _("Being handled")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    ESCALATED = "escalated", _("Escalated to supervision")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


# Default working days to acknowledge and to answer, when the office has set no policy for a kind.
DEFAULT_ACKNOWLEDGE_WORKDAYS = 2
DEFAULT_ANSWER_WORKDAYS = 15
# An item transferred more than this many times is flagged to the office as possible 推诿扯皮.
TRANSFER_FLAG_AFTER = 2
