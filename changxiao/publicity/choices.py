from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleKind(models.TextChoices):
    """Seed 四(四): new practices, new models and new experiences of the zone; and its news."""

    PRACTICE = "practice", _("New practice")
    MODEL = "model", _("New model")
    EXPERIENCE = "experience", _("New experience")
    NEWS = "news", _("News")


# The kinds the typical-cases library collects (for other zones to learn from).
CASE_KINDS = (ArticleKind.PRACTICE, ArticleKind.MODEL, ArticleKind.EXPERIENCE)


class ArticleState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for review")
    RETURNED = "returned", _("Returned")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Mechanism(models.TextChoices):
    """The mechanism of the long-term management an article is about (its tag)."""

    ORGANIZATION = "organization", _("Organization mechanism")
    TARGETS = "targets", _("Target responsibility")
    SUPERVISION = "supervision", _("Supervision mechanism")
    ASSESSMENT = "assessment", _("Assessment mechanism")
    GUARANTEES = "guarantees", _("Guarantee mechanism")
    LINKAGE = "linkage", _("Urban-rural linkage mechanism")
    EVALUATION = "evaluation", _("Public evaluation and feedback")
    PUBLICITY = "publicity", _("Publicity")


TITLE_MAX = 120
SUMMARY_MAX = 300
BODY_MAX = 10000
LINKS_MAX = 10
