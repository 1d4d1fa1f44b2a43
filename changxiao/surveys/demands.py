"""The surveys' written answers (short and long text questions) about a place, offered to whoever plans services
for it (core.demands: the linkage's menu shows them to a village centre as it orders). Only responses counted in the
index (not flagged, or included by the office); the text only, shortened."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from changxiao.core.demands import Demand, excerpt, register_demand_source
from changxiao.orgs.scope import within

from .choices import QuestionKind
from .models import Question, Response

TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)


@register_demand_source
def survey_suggestions(region_path: str, since, limit: int) -> list[Demand]:
    start = timezone.make_aware(timezone.datetime.combine(since, timezone.datetime.min.time()))
    responses = list(
        Response.objects.filter(within(region_path), submitted_at__gte=start)
        .filter(Q(suspicious=False) | Q(included=True))
        .select_related("region")
        .only("answers", "submitted_at", "questionnaire_id", "region__name")
        .order_by("-submitted_at")[: limit * 5]
    )
    codes: dict[int, list[str]] = {}
    for questionnaire_id, code in Question.objects.filter(
        questionnaire_id__in={r.questionnaire_id for r in responses}, kind__in=TEXT_KINDS
    ).values_list("questionnaire_id", "code"):
        codes.setdefault(questionnaire_id, []).append(code)
    found = []
    for response in responses:
        for code in codes.get(response.questionnaire_id, []):
            text = response.answers.get(code) if isinstance(response.answers, dict) else None
            if isinstance(text, str) and text.strip():
                found.append(
                    Demand(
                        source=_("Survey"),
                        kind=_("Suggestion"),
                        text=excerpt(text),
                        day=timezone.localdate(response.submitted_at),
                        place=response.region.name if response.region else "",
                    )
                )
    return found[:limit]
