"""Demonstration data of the cockpit: the city's layouts for the leading group (shown first) and for district leaders,
a snapshot of the last leading-group meeting with its decisions (one followed up by a task of the city's work plan),
and a draft of the year's annual long-term management report. Written through the services, after every mechanism's
loader, so the figures are the demo's."""

from datetime import timedelta

from django.core.exceptions import ValidationError

from changxiao.core.deadlines import local_today
from changxiao.core.demo import demo_actor, register_demo
from changxiao.core.metrics import all_metrics
from changxiao.orgs.models import Region, Unit

from . import services
from .models import AnnualReport, Layout, Snapshot

LEADING_GROUP_TILES = (
    "targets.task_on_time_rate",
    "supervision.rectification_on_time_rate",
    "supervision.findings_overdue",
    "surveys.satisfaction_index",
    "feedback.answered_on_time_rate",
    "workforce.certified_rate",
    "funding.rules_met_rate",
    "linkage.village_coverage",
    "portal.rule_compliance",
    "volunteers.active",
)
DISTRICT_TILES = (
    "supervision.findings_overdue",
    "supervision.rectification_on_time_rate",
    "feedback.answered_on_time_rate",
    "workforce.post_coverage",
)


def _layout(admin, city, name, audience, is_default, codes):
    layout = Layout.objects.filter(region=city, name=name).first()
    if layout is not None:
        return layout
    layout = services.layout_create(
        by=admin, region=city, name=name, audience=audience, is_default=is_default
    )
    published = {m.code for m in all_metrics()}
    for code in codes:
        if code in published:
            services.tile_add(layout=layout, by=admin, metric_code=code)
    return layout


@register_demo("cockpit", order=900)
def load(stdout) -> None:
    admin = demo_actor()
    city = Region.objects.filter(code="320500").first()
    if city is None:
        return
    leading = _layout(admin, city, "领导小组驾驶舱", "leading_group", True, LEADING_GROUP_TILES)
    _layout(admin, city, "区（县）领导驾驶舱", "district_leader", False, DISTRICT_TILES)
    today = local_today()
    if not Snapshot.objects.filter(region=city).exists():
        snapshot = services.snapshot_take(
            by=admin,
            region=city,
            year=today.year,
            title="示范区长效管理工作领导小组联席会议",
            meeting_date=today - timedelta(days=7),
            layout=leading,
        )
        services.decision_record(
            snapshot=snapshot,
            by=admin,
            text="逾期未整改的督查问题，由责任单位一周内整改到位并报领导小组办公室。",
        )
        decision = services.decision_record(
            snapshot=snapshot, by=admin, text="各区对群众反馈按时答复情况开展自查，年底前形成报告。"
        )
        lead = Unit.objects.filter(code="GS-WTL").first()
        try:
            services.decision_follow_up(
                decision=decision,
                by=admin,
                lead_unit=lead,
                title="开展群众反馈按时答复情况自查",
                due_date=min(today + timedelta(days=20), today.replace(month=12, day=31)),
            )
        except ValidationError as exc:  # no work plan of the year: the decision waits for one
            stdout.write(f"  cockpit: no follow-up task ({exc})")
    if not AnnualReport.objects.filter(region=city, year=today.year).exists():
        services.report_compile(by=admin, region=city, year=today.year)
    stdout.write("  cockpit: layouts, a meeting snapshot with its decisions, a draft annual report")
