"""WCAG 2 A/AA checks with axe-core (vendored under vendor/) on the main pages, as the office sees them.

axe is evaluated through DevTools (page.evaluate), which the site's CSP does not govern: a <script> tag with
the source inline would be refused, and the CSP must stay as strict as it is in production.
"""

from pathlib import Path

import pytest

from changxiao.core.deadlines import local_today

from .conftest import force_login, url

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
BLOCKING_IMPACTS = {"serious", "critical"}
RUN_AXE = r"""async () => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({
      target: n.target.join(' '), html: n.html.slice(0, 160),
      summary: (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 200),
    })),
  }));
}"""


def _task(w):
    """A city plan with one task led by the 姑苏区 cultural centre, made once per test."""
    if not hasattr(w, "task"):
        from changxiao.targets.services import report_submit
        from changxiao.targets.tests.factories import TaskFactory

        w.task = TaskFactory(
            by=w.office,
            plan__title="2026年计划",
            number="1.1",
            title="开展免费开放自查",
            lead_unit=w.venue_unit,
            cooperating_units=[w.station_unit],
        )
        report_submit(task=w.task, by=w.venue, period="2026-Q3", percent=50, narrative="完成一半")
    return w.task


def _finding(w):
    if not hasattr(w, "finding"):
        from datetime import date

        from changxiao.supervision.tests.factories import FindingFactory

        w.finding = FindingFactory(
            by=w.inspector,
            inspection__title="督查",
            inspection__date=date(2026, 1, 5),
            description="问题",
            lead_unit=w.venue_unit,
            requirement="整改",
        )
    return w.finding


def _staff(w):
    """A station manager without the certificate the city requires (a gap in red), and one certificate."""
    if not hasattr(w, "staff"):
        from changxiao.workforce.services import requirement_create
        from changxiao.workforce.tests.factories import CertificateFactory, PostFactory, certificate_kind

        kind = certificate_kind(owner=w.city)
        requirement_create(owner=w.city, by=w.office, role="manager", kind=kind)
        w.staff = PostFactory(unit=w.station_unit, by=w.office)
        holder = PostFactory(unit=w.station_unit, by=w.office, role="instructor")
        CertificateFactory(practitioner=holder.practitioner, by=w.office, kind=kind)
    return w.staff


def _organization(w):
    """An organization of 姑苏区's registry, with a member, and a staffing band the city keeps (its remove button)."""
    if not hasattr(w, "organization"):
        from datetime import date

        from changxiao.workforce.services import (
            organization_member_add,
            organization_register,
            staffing_standard_set,
        )

        w.organization = organization_register(
            region=w.gusu,
            by=w.office,
            name="姑苏区图书馆学会",
            credit_code="91350100M000100Y43",
            kind="social_group",
            field="libraries",
            contact_name="王老师",
            contact_phone="0512-65223456",
            services="阅读推广",
            registered_on=date(2015, 6, 1),
        )
        organization_member_add(
            organization=w.organization, by=w.office, name="平江图书馆", joined_on=date(2020, 1, 1)
        )
        staffing_standard_set(
            owner=w.city,
            by=w.office,
            facility="township_station",
            post_kind="established",
            posts=2,
            population_from=50000,
            source="示范区创建标准",
        )
    return w.organization


def _records(code):
    """A workforce metric's records page for 姑苏区 this year (the staff and the registry made first)."""

    def page(w):
        _staff(w)
        _organization(w)
        return ("workforce:metric_records", code)

    return page


def _feedback(w):
    if not hasattr(w, "feedback"):
        from changxiao.feedback.tests.factories import FeedbackFactory, shipped_category

        w.feedback = FeedbackFactory(
            kind="complaint", category=shipped_category("设施"), region=w.gusu, content="电梯坏了没人修"
        )
    return w.feedback


def _round(w):
    if not hasattr(w, "round"):
        from changxiao.assessment.indicator_data import load_shipped
        from changxiao.assessment.services import round_advance
        from changxiao.assessment.tests.factories import RoundFactory

        w.round = RoundFactory(by=w.office, indicator_set=load_shipped()[-1][0], units=[w.district_unit])
        round_advance(assessment_round=w.round, by=w.office, confirmed=True)
    return w.round


def _survey(w):
    """A city campaign with one flagged response, made once per test."""
    if not hasattr(w, "survey"):
        import uuid

        from changxiao.surveys.models import Response, answered_fast
        from conftest import make_survey_target

        w.survey = make_survey_target(w.city, w.gusu, "姑苏区").campaign
        Response.objects.create(
            campaign=w.survey,
            target=w.survey.targets.get(),
            questionnaire=w.survey.questionnaire,
            client_id=uuid.uuid4(),
            answers={"overall": 4, "district": w.gusu.pk},
            content_hash="x",
            region=w.gusu,
            suspicious=True,
            suspicion=answered_fast(3),
        )
    return w.survey


# Pages seen as someone other than the office: the district reads its share of the city's campaign.
SEEN_AS = {"survey-index-share": "district", "participant-sheet-district": "district"}

PAGES = {
    "login": lambda w: ("login",),
    "workbench": lambda w: ("cockpit:workbench",),
    "region-list": lambda w: ("orgs:region_list",),
    "region-detail": lambda w: ("orgs:region_detail", w.city.pk),
    "unit-list": lambda w: ("orgs:unit_list",),
    "unit-detail": lambda w: ("orgs:unit_detail", w.venue_unit.pk),
    "people-list": lambda w: ("orgs:people_list",),
    "api-tokens": lambda w: ("orgs:token_list",),
    "unit-edit": lambda w: ("orgs:unit_edit", w.venue_unit.pk),
    "person-edit": lambda w: ("orgs:person_edit", w.venue.pk),
    "person-add": lambda w: ("orgs:person_add", w.venue_unit.pk),
    "calendar": lambda w: ("core:calendar",),
    "account-security": lambda w: ("account_security",),
    "work-plans": lambda w: ("targets:plan_list",),
    "my-tasks": lambda w: ("targets:my_tasks",),
    "plan-board": lambda w: ("targets:plan_detail", _task(w).plan_id),
    "task-detail": lambda w: ("targets:task_detail", _task(w).pk),
    "plan-statistics": lambda w: ("targets:plan_statistics", _task(w).plan_id),
    "task-import": lambda w: ("core:import_upload", "targets-tasks"),
    "unit-import": lambda w: ("core:import_upload", "orgs-units"),
    "notifications": lambda w: ("core:inbox",),
    "metrics": lambda w: ("cockpit:metrics",),
    "implementation-plans": lambda w: ("targets:implementation_list", _task(w).plan_id),
    "inspection-list": lambda w: ("supervision:inspection_list",),
    "inspection-detail": lambda w: ("supervision:inspection_detail", _finding(w).inspection_id),
    "finding-board": lambda w: ("supervision:finding_list",),
    "finding-detail": lambda w: ("supervision:finding_detail", _finding(w).pk),
    "supervision-statistics": lambda w: ("supervision:statistics",),
    "escalation-policy": lambda w: ("supervision:escalation_policy",),
    "feedback-queue": lambda w: ("feedback:queue",),
    "feedback-detail": lambda w: ("feedback:item_detail", _feedback(w).pk),
    "feedback-settings": lambda w: ("feedback:settings",),
    "feedback-public-form": lambda w: ("public:feedback_submit",),
    "feedback-tracking": lambda w: ("public:feedback_track", _feedback(w).code),
    "indicator-set": lambda w: ("assessment:set_detail", _round(w).indicator_set_id),
    "assessment-round": lambda w: ("assessment:round_detail", _round(w).pk),
    "participant-sheet": lambda w: ("assessment:participant_sheet", _round(w).participants.get().pk),
    "participant-sheet-district": lambda w: ("assessment:participant_sheet", _round(w).participants.get().pk),
    "round-list": lambda w: ("assessment:round_list",),
    "round-form": lambda w: ("assessment:round_create",),
    "honour-lists": lambda w: ("assessment:honour_list_index",),
    "assessment-results-public": lambda w: ("public:assessment_results",),
    "honour-lists-public": lambda w: ("public:honours_index",),
    "workforce-overview": lambda w: ("workforce:overview",),
    "workforce-roster": lambda w: ("workforce:roster", _staff(w).unit_id),
    "workforce-person": lambda w: ("workforce:practitioner", _staff(w).practitioner_id),
    "workforce-settings": lambda w: ("workforce:settings",),
    "workforce-training": lambda w: ("workforce:sessions",),
    "workforce-settings-staffing": lambda w: (_organization(w) and "workforce:settings",),
    "workforce-organizations": lambda w: (_organization(w) and "workforce:organizations",),
    "workforce-organization": lambda w: ("workforce:organization", _organization(w).pk),
    "workforce-records-certified": _records("workforce.certified_rate"),
    "workforce-records-training": _records("workforce.training_rate"),
    "workforce-records-coverage": _records("workforce.post_coverage"),
    "workforce-records-organizations": _records("workforce.social_organizations"),
    "survey-campaign": lambda w: ("surveys:campaign_detail", _survey(w).pk),
    "survey-edit": lambda w: ("surveys:campaign_edit", _survey(w).pk),
    "survey-repeat": lambda w: ("surveys:campaign_repeat", _survey(w).pk),
    "survey-compare": lambda w: ("surveys:campaign_compare",),
    "survey-flagged": lambda w: ("surveys:flagged_review", _survey(w).pk),
    "survey-index": lambda w: ("surveys:campaign_index", _survey(w).pk),
    "survey-index-share": lambda w: ("surveys:campaign_index", _survey(w).pk),
    "survey-texts": lambda w: ("surveys:text_answers", _survey(w).pk),
    "survey-poster": lambda w: ("surveys:target_poster", _survey(w).targets.get().pk),
    "survey-questionnaire": lambda w: ("surveys:questionnaire_detail", _survey(w).questionnaire_id),
    "public-survey": lambda w: ("public:survey", _survey(w).targets.get().token),
}


def axe_violations(page) -> list[dict]:
    page.evaluate(AXE_SOURCE)
    return page.evaluate(RUN_AXE)


def accessibility_problems(page, name: str, target: str | None = None) -> list[str]:
    """The serious or critical WCAG 2 A/AA violations axe finds on the page (after opening target, if given: then also
    its answer if not 200), told for name."""
    if target:
        response = page.goto(target)
        if response.status != 200:
            return [f"{name}: {target} answered {response.status}"]
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        return [f"serious or critical WCAG 2 A/AA violations on {name}:\n{describe(blocking)}"]
    return []


def assert_accessible(page, name: str) -> None:
    problems = accessibility_problems(page, name)
    assert not problems, "\n".join(problems)


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {node['target']}  {node['html']}")
            lines.append(f"        {node['summary']}")
    return "\n".join(lines)


# The pages in groups of about ten, each group one test: one world, one browser page, each page opened in turn (a test
# per page spent more on its own database, world and browser context than on the page).
GROUP = 11
GROUPS = [list(PAGES)[start : start + GROUP] for start in range(0, len(PAGES), GROUP)]


@pytest.mark.parametrize("names", GROUPS, ids=lambda names: f"{names[0]}…{names[-1]}")
def test_pages_have_no_serious_accessibility_violations(page, live_server, browser_world, names):
    found = []
    signed_in = None
    for name in names:
        url_name, *args = PAGES[name](browser_world)
        who = None if url_name == "login" else SEEN_AS.get(name, "office")
        if who != signed_in:
            page.context.clear_cookies()
            if who:
                force_login(page, live_server, getattr(browser_world, who))
            signed_in = who

        target = url(live_server, url_name, *args) + (
            f"?into={_task(browser_world).plan_id}" if name == "task-import" else ""
        )
        if url_name == "workforce:metric_records":
            target += f"?region={browser_world.gusu.pk}&year={local_today().year}"
        found += accessibility_problems(page, name, target)
    assert not found, "\n".join(found)


def test_the_check_reports_serious_violations(page):
    """The check above can fail: a field without a label and a button without a name are each reported."""
    page.set_content(
        '<!doctype html><html lang="zh-CN"><head><title>表单</title></head>'
        '<body><main><h1>表单</h1><input type="text"><button type="button"></button></main></body></html>'
    )
    problems = accessibility_problems(page, "a form without labels")
    assert len(problems) == 1 and "a form without labels" in problems[0]
    assert "] label:" in problems[0] and "] button-name:" in problems[0]
