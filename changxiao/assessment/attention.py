"""What the assessment puts before the leaders (core.attention): rounds whose public announcement (公示) drew
objections still unanswered."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from changxiao.core.attention import RED, YELLOW, AttentionItem, register_attention_provider
from changxiao.orgs.scope import within

from .choices import Phase
from .models import AssessmentRound

LIMIT = 50


def rounds_with_objections(user, region_path: str) -> list[AttentionItem]:
    rounds = (
        AssessmentRound.objects.visible_to(user)
        .current()
        .filter(within(region_path), phase__in=[Phase.PUBLICITY, Phase.FINAL])
        .annotate(
            unanswered=Count("objections", filter=Q(objections__answered_at__isnull=True)),
            filed=Count("objections"),
        )
        .filter(filed__gt=0)
        .select_related("region")
        .order_by("final_due", "pk")[:LIMIT]
    )
    items = []
    for assessment_round in rounds:
        items.append(
            AttentionItem(
                mechanism=_("Assessment"),
                kind=_("Objections to the public announcement"),
                title=_("%(round)s: %(filed)s objections, %(open)s unanswered")
                % {
                    "round": assessment_round.title,
                    "filed": assessment_round.filed,
                    "open": assessment_round.unanswered,
                },
                owner=assessment_round.region.name,
                url=assessment_round.get_absolute_url(),
                severity=RED if assessment_round.unanswered else YELLOW,
                deadline=assessment_round.final_due,
                region_path=assessment_round.region.path,
            )
        )
    return items


register_attention_provider(rounds_with_objections)
