from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    LIKERT = "likert5", _("5-point scale")
    RATING = "rating10", _("0–10 rating")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    REGION = "region", _("Jurisdiction picker")
    VENUE = "venue", _("Venue picker")
    INTEGER = "integer", _("Whole number")
    DECIMAL = "decimal", _("Decimal number")
    DATE = "date", _("Date")


# The kinds whose answer is a number or a date, bounded by the question's minimum and maximum.
RANGED_KINDS = (QuestionKind.INTEGER, QuestionKind.DECIMAL, QuestionKind.DATE)


# Likert answers: 5 很满意 … 1 很不满意; 0 不清楚 (not counted in the index), as in the published templates.
LIKERT_CHOICES = [
    ("5", _("Very satisfied")),
    ("4", _("Satisfied")),
    ("3", _("Neutral")),
    ("2", _("Dissatisfied")),
    ("1", _("Very dissatisfied")),
    ("0", _("Don't know")),
]
