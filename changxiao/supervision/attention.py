"""What supervision puts before the leaders (core.attention): findings past their rectification deadline, a red
督办单 among them marked as such."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from changxiao.core.attention import RED, AttentionItem, register_attention_provider
from changxiao.core.deadlines import local_today
from changxiao.orgs.scope import within

from .choices import EscalationLevel
from .models import EscalationStep, Finding

LIMIT = 50
RED_LEVELS = (EscalationLevel.RED, EscalationLevel.BULLETIN, EscalationLevel.ACCOUNTABILITY)


def overdue_findings(user, region_path: str) -> list[AttentionItem]:
    red = EscalationStep.objects.filter(
        finding=OuterRef("pk"), level__in=RED_LEVELS, due_date=OuterRef("due_date")
    )
    findings = (
        Finding.objects.visible_to(user)
        .current()
        .open()
        .filter(due_date__lt=local_today())
        .filter(
            within(region_path, "inspection__region__path") | within(region_path, "lead_unit__region__path")
        )
        .annotate(red=Exists(red))
        .select_related("inspection", "lead_unit__region")
        .order_by("due_date", "pk")[:LIMIT]
    )
    return [
        AttentionItem(
            mechanism=_("Supervision"),
            kind=_("Red supervision notice") if finding.red else _("Rectification overdue"),
            title=f"{finding} · {finding.description[:80]}",
            owner=finding.lead_unit.name,
            url=finding.get_absolute_url(),
            severity=RED,
            deadline=finding.due_date,
            region_path=finding.lead_unit.region.path,
        )
        for finding in findings
    ]


register_attention_provider(overdue_findings)
