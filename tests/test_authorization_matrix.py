"""The authorization matrix: every view and API endpoint, for every persona plus an outsider and anonymous.

A unit guessing another unit's URL gets 404 (never the page); a person who may see an object but not
change it gets 403. Later work adds its URLs to CASES; test_every_url_is_in_the_matrix fails until it does.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from changxiao.core.models import Attachment, ExportJob, Notification
from changxiao.orgs.models import Membership
from conftest import make_survey_target

PERSONAS = ["office", "member", "district", "venue", "inspector", "leader", "outsider"]


@dataclass
class Case:
    url_name: str
    url: Callable[[object], str]
    expected: dict[str, int]
    method: str = "get"
    data: dict | None = None
    json: bool = False

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.url_name}"


def expect(default: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    result = {persona: default for persona in PERSONAS}
    result.update(overrides)
    result["anonymous"] = anonymous
    return result


# Who sees 姑苏区 and its objects: the city-wide roles, the district and the venue inside it.
SEES_GUSU_REGION = expect(200, outsider=404)
# Who sees the 姑苏区 cultural centre (a venue unit): its jurisdiction's office/leader/district and itself.
SEES_VENUE = expect(200, member=404, inspector=404, outsider=404)
SEES_CAMPAIGN = expect(404, office=200, leader=200)  # a city campaign: the office and the leader
# The district and the venues (姑苏区's and the outsider in 昆山市) read their share of the city campaign's index:
# each the responses about itself (test_index.py checks the outsider's holds none of 姑苏区's).
SEES_CAMPAIGN_INDEX = {**SEES_CAMPAIGN, "district": 200, "venue": 200, "outsider": 200}
# Who may change the venue: office and district coordinator; those who only see it get 403.
MANAGES_VENUE = expect(403, member=404, inspector=404, outsider=404, office=200, district=200)
MANAGES_VENUE_POST = {k: (302 if v == 200 else v) for k, v in MANAGES_VENUE.items()}
MANAGES_GUSU_REGION = expect(403, outsider=404, office=200, district=200)
MANAGERS_ONLY = expect(403, office=200, district=200)
EVERYONE = expect(200)
# A city plan: those who see it, only the city office may change it.
OFFICE_MANAGES_CITY = expect(403, member=404, inspector=404, outsider=404, office=200)
OFFICE_MANAGES_CITY_POST = {k: (302 if v == 200 else v) for k, v in OFFICE_MANAGES_CITY.items()}


def _venue_membership(w):
    return Membership.objects.get(user=w.venue).pk


def _office_job(w, *, done: bool):
    job = ExportJob.objects.create(owner=w.office, export_name="orgs-units", file_name="units.xlsx")
    if done:
        job.state = ExportJob.State.DONE
        job.file.save("units.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    return job.pk


def _venue_attachment(w):
    attachment = Attachment(
        content_object=w.venue_unit,
        original_name="章程.pdf",
        content_type_label="application/pdf",
        size=8,
        sha256="0" * 64,
        uploaded_by=w.office,
    )
    attachment.file.save("charter.pdf", ContentFile(b"%PDF-1.4"), save=False)
    attachment.save()
    return attachment.pk


def _office_notification(w):
    return Notification.objects.create(recipient=w.office, title="test", url="/workbench/").pk


def _calendar_day(w):
    from datetime import date

    from changxiao.core.models import CalendarDay

    return CalendarDay.objects.create(date=date(2099, 1, 1), is_workday=False, name="元旦").pk


def _venue_task(w):
    """A city plan's task led by the 姑苏区 cultural centre, with a milestone."""
    from datetime import date

    from changxiao.targets.models import Milestone, Task
    from changxiao.targets.services import plan_create, task_create

    plan = plan_create(by=w.office, region=w.city, year=2026, title="计划", report_schedule="quarterly")
    task = Task(
        plan=plan, title="任务", mechanism="linkage", lead_unit=w.venue_unit, due_date=date(2026, 12, 31)
    )
    task_create(by=w.office, task=task, cooperating_units=[w.station_unit])
    Milestone.objects.create(task=task, title="节点", due_date=date(2026, 6, 30))
    return task


def _venue_report(w):
    from changxiao.targets.services import report_submit

    return report_submit(task=_venue_task(w), by=w.venue, period="2026-Q3", percent=50, narrative="进展")


def _venue_extension(w):
    from datetime import date

    from changxiao.targets.services import extension_request

    return extension_request(
        task=_venue_task(w), by=w.venue, requested_due_date=date(2027, 3, 31), reason="施工延误"
    )


def _venue_implementation(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from changxiao.targets.implementation import MeasureData, implementation_submit

    task = _venue_task(w)
    return implementation_submit(
        work_plan=task.plan,
        unit=w.venue_unit,
        by=w.venue,
        title="实施方案",
        summary="",
        document=SimpleUploadedFile("方案.pdf", b"%PDF-1.4\n%%EOF\n"),
        measures=[MeasureData(text="举措", task=task)],
    )


def _venue_finding(w):
    """A city inspection by the inspector with a finding against the 姑苏区 venue."""
    from datetime import date

    from changxiao.supervision.services import finding_add, inspection_create

    inspection = inspection_create(
        by=w.inspector, region=w.city, kind="routine", title="督查", date=date(2026, 1, 5)
    )
    return finding_add(
        inspection=inspection,
        by=w.inspector,
        description="问题",
        lead_unit=w.venue_unit,
        requirement="整改",
        severity="minor",
        due_workdays=5,
    )


def _venue_rectification(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from changxiao.supervision.services import rectification_submit

    return rectification_submit(
        finding=_venue_finding(w),
        by=w.venue,
        measures="已整改",
        evidence=[SimpleUploadedFile("整改.pdf", b"%PDF-1.4\n%%EOF\n")],
    )


def _venue_extension_on_finding(w):
    from datetime import date

    from changxiao.supervision.models import FindingExtension

    finding = _venue_finding(w)
    return FindingExtension.objects.create(
        finding=finding,
        reason="采购",
        current_due_date=finding.due_date,
        requested_due_date=date(2099, 1, 1),
        requested_by=w.venue,
    )


def _venue_accountability(w):
    from datetime import date

    from changxiao.supervision.services import accountability_record

    return accountability_record(
        by=w.office,
        region=w.city,
        unit=w.venue_unit,
        ground="poor_execution",
        ground_detail="未整改",
        measure="interview",
        decided_by="办公室",
        decided_on=date(2026, 1, 10),
        findings=[_venue_finding(w)],
    )


def _city_bulletin(w):
    from datetime import date

    from changxiao.supervision.services import bulletin_generate

    _venue_finding(w)
    return bulletin_generate(
        by=w.office, region=w.city, period_start=date(2026, 1, 1), period_end=date(2026, 1, 31)
    )


def _venue_feedback(w):
    """A citizen's complaint about the 姑苏区 cultural centre, routed to the centre."""
    from changxiao.feedback.models import Category, RoutingRule
    from changxiao.feedback.services import feedback_submit

    category = Category.objects.create(name="设施")
    RoutingRule.objects.create(venue=w.venue_unit, unit=w.venue_unit)
    item, _created = feedback_submit(
        kind="complaint", category=category, region=w.gusu, venue=w.venue_unit, content="电梯坏了没人修"
    )
    return item


def _open_venue_demand(w):
    from changxiao.feedback.services import open_to_social

    item = _venue_feedback(w)
    item.kind = "demand"
    item.save(update_fields=["kind"])
    return open_to_social(item=item, by=w.office)


def _social_offer(w):
    from changxiao.feedback.models import SocialOffer
    from changxiao.orgs.models import Unit

    unit = Unit.objects.create(code="SO-M", name="志愿者协会", kind="social_organization", region=w.gusu)
    return SocialOffer.objects.create(item=_open_venue_demand(w), unit=unit, plan="愿意承办")


def _feedback_rule(w):
    from changxiao.feedback.models import RoutingRule

    return RoutingRule.objects.create(region=w.kunshan, unit=w.outsider_unit).pk


def _venue_feedback_transfer(w):
    from changxiao.feedback.services import transfer_request

    return transfer_request(item=_venue_feedback(w), by=w.venue, reason="不属于本馆")


def _city_round(w):
    from datetime import date

    from changxiao.assessment.services import round_create

    return round_create(
        by=w.office,
        title="2026年度考核",
        year=2026,
        region=w.city,
        indicator_set=_indicator_set_object(w),
        units=[w.district_unit],
        self_report_due=date(2027, 1, 15),
        review_due=date(2027, 1, 31),
        final_due=date(2027, 2, 28),
    )


def _round_objection(w):
    from changxiao.assessment.models import Objection

    assessment_round = _city_round(w)
    assessment_round.phase = "publicity"
    assessment_round.publicity_started_on = assessment_round.self_report_due
    assessment_round.save()
    return Objection.objects.create(assessment_round=assessment_round, text="有异议")


def _honour_list(w):
    from datetime import date

    from changxiao.assessment.commendations import honour_list_create

    return honour_list_create(
        by=w.office, region=w.city, year=2026, title="先进集体和个人", nominations_due=date(2099, 1, 1)
    )


def _indicator_set_object(w):
    from changxiao.assessment.indicator_data import load_shipped

    return load_shipped()[0][0]


def _survey_target(w):
    from datetime import date

    return make_survey_target(
        w.city, title="满意度测评", starts_on=date(2020, 1, 1), ends_on=date(2099, 1, 1)
    )


def _questionnaire(w):
    from changxiao.surveys.questionnaires import load_shipped

    return load_shipped()[0][0]


def _draft_questionnaire(w):
    from changxiao.surveys.builder import new_version

    return new_version(questionnaire=_questionnaire(w), by=w.office)


def _published_campaign(w):
    from django.utils import timezone

    campaign = _survey_target(w).campaign
    campaign.results_published_at = timezone.now()
    campaign.save()
    return campaign.pk


def _indicator_set(w):
    from changxiao.assessment.indicator_data import load_shipped

    return load_shipped()[0][0].pk


def _venue_token(w):
    from changxiao.orgs.services import api_token_issue

    token, _raw = api_token_issue(unit=w.venue_unit, by=w.office, name="test")
    return token.pk


CASES: list[Case] = [
    Case("home", lambda w: reverse("home"), expect(302)),
    Case("cockpit:workbench", lambda w: reverse("cockpit:workbench"), EVERYONE),
    Case("core:inbox", lambda w: reverse("core:inbox"), EVERYONE),
    Case(
        "core:notification_open",
        lambda w: reverse("core:notification_open", args=[_office_notification(w)]),
        expect(404, office=302),
        method="post",
    ),
    Case(
        "core:notifications_mark_all_read",
        lambda w: reverse("core:notifications_mark_all_read"),
        expect(302),
        method="post",
    ),
    Case(
        "core:attachment_download",
        lambda w: reverse("core:attachment_download", args=[_venue_attachment(w)]),
        SEES_VENUE,
    ),
    Case("core:calendar", lambda w: reverse("core:calendar"), expect(403, office=200)),
    Case(
        "core:calendar_delete",
        lambda w: reverse("core:calendar_delete", args=[_calendar_day(w)]),
        expect(403, office=302),
        method="post",
    ),
    Case("core:export_start", lambda w: reverse("core:export_start", args=["orgs-units"]), EVERYONE),
    Case(
        "core:export_job",
        lambda w: reverse("core:export_job", args=[_office_job(w, done=False)]),
        expect(404, office=200),
    ),
    Case(
        "core:export_download",
        lambda w: reverse("core:export_download", args=[_office_job(w, done=True)]),
        expect(404, office=200),
    ),
    Case("core:import_upload", lambda w: reverse("core:import_upload", args=["orgs-units"]), MANAGERS_ONLY),
    Case(
        "core:import_template",
        lambda w: reverse("core:import_template", args=["orgs-regions"]),
        MANAGERS_ONLY,
    ),
    Case("orgs:region_list", lambda w: reverse("orgs:region_list"), EVERYONE),
    Case("orgs:region_create", lambda w: reverse("orgs:region_create"), MANAGERS_ONLY),
    Case("orgs:region_detail", lambda w: reverse("orgs:region_detail", args=[w.gusu.pk]), SEES_GUSU_REGION),
    Case("orgs:region_edit", lambda w: reverse("orgs:region_edit", args=[w.gusu.pk]), MANAGES_GUSU_REGION),
    Case(
        "orgs:population_save",
        lambda w: reverse("orgs:population_save", args=[w.gusu.pk]),
        {k: (302 if v == 200 else v) for k, v in MANAGES_GUSU_REGION.items()},
        method="post",
        data={"year": 2024, "resident": 926100, "source": "test"},
    ),
    Case("orgs:unit_list", lambda w: reverse("orgs:unit_list"), EVERYONE),
    Case("orgs:unit_create", lambda w: reverse("orgs:unit_create"), MANAGERS_ONLY),
    Case("orgs:roster_docx", lambda w: reverse("orgs:roster_docx"), EVERYONE),
    Case("orgs:unit_detail", lambda w: reverse("orgs:unit_detail", args=[w.venue_unit.pk]), SEES_VENUE),
    Case("orgs:unit_edit", lambda w: reverse("orgs:unit_edit", args=[w.venue_unit.pk]), MANAGES_VENUE),
    Case(
        "orgs:unit_set_active",
        lambda w: reverse("orgs:unit_set_active", args=[w.venue_unit.pk]),
        MANAGES_VENUE_POST,
        method="post",
        data={"active": "0"},
    ),
    Case(
        "orgs:unit_attach",
        lambda w: reverse("orgs:unit_attach", args=[w.venue_unit.pk]),
        MANAGES_VENUE_POST,
        method="post",
    ),
    Case("orgs:person_add", lambda w: reverse("orgs:person_add", args=[w.venue_unit.pk]), MANAGES_VENUE),
    Case("orgs:people_list", lambda w: reverse("orgs:people_list"), EVERYONE),
    Case("orgs:person_edit", lambda w: reverse("orgs:person_edit", args=[w.venue.pk]), MANAGES_VENUE),
    Case(
        "orgs:membership_edit",
        lambda w: reverse("orgs:membership_edit", args=[_venue_membership(w)]),
        MANAGES_VENUE,
    ),
    Case(
        "orgs:membership_remove",
        lambda w: reverse("orgs:membership_remove", args=[_venue_membership(w)]),
        MANAGES_VENUE_POST,
        method="post",
    ),
    Case("orgs:token_list", lambda w: reverse("orgs:token_list"), expect(403, office=200)),
    Case(
        "orgs:token_revoke",
        lambda w: reverse("orgs:token_revoke", args=[_venue_token(w)]),
        expect(403, office=302),
        method="post",
    ),
    # Target responsibility: a city plan's task led by the 姑苏区 venue.
    Case("targets:plan_list", lambda w: reverse("targets:plan_list"), EVERYONE),
    Case("targets:plan_create", lambda w: reverse("targets:plan_create"), MANAGERS_ONLY),
    Case("targets:my_tasks", lambda w: reverse("targets:my_tasks"), EVERYONE),
    Case(
        "targets:plan_detail",
        lambda w: reverse("targets:plan_detail", args=[_venue_task(w).plan_id]),
        SEES_VENUE,
    ),
    Case(
        "targets:plan_statistics",
        lambda w: reverse("targets:plan_statistics", args=[_venue_task(w).plan_id]),
        SEES_VENUE,
    ),
    Case(
        "targets:plan_notice",
        lambda w: reverse("targets:plan_notice", args=[_venue_task(w).plan_id]),
        OFFICE_MANAGES_CITY,
    ),
    Case(
        "targets:plan_edit",
        lambda w: reverse("targets:plan_edit", args=[_venue_task(w).plan_id]),
        OFFICE_MANAGES_CITY,
    ),
    Case(
        "targets:task_create",
        lambda w: reverse("targets:task_create", args=[_venue_task(w).plan_id]),
        OFFICE_MANAGES_CITY,
    ),
    Case(
        "targets:task_detail", lambda w: reverse("targets:task_detail", args=[_venue_task(w).pk]), SEES_VENUE
    ),
    Case(
        "targets:task_edit",
        lambda w: reverse("targets:task_edit", args=[_venue_task(w).pk]),
        OFFICE_MANAGES_CITY,
    ),
    Case(
        "targets:task_progress",
        lambda w: reverse("targets:task_progress", args=[_venue_task(w).pk]),
        {**OFFICE_MANAGES_CITY_POST, "venue": 302},
        method="post",
        data={"percent": 10},
    ),
    Case(
        "targets:milestone_add",
        lambda w: reverse("targets:milestone_add", args=[_venue_task(w).pk]),
        OFFICE_MANAGES_CITY_POST,
        method="post",
        data={"title": "节点", "due_date": "2026-09-30"},
    ),
    Case(
        "targets:milestone_done",
        lambda w: reverse("targets:milestone_done", args=[_venue_task(w).milestones.get().pk]),
        {**OFFICE_MANAGES_CITY_POST, "venue": 302},
        method="post",
    ),
    Case(
        "targets:report_submit",
        lambda w: reverse("targets:report_submit", args=[_venue_task(w).pk]),
        expect(403, member=404, inspector=404, outsider=404, venue=302),
        method="post",
        data={"report-period": "2026-Q3", "report-percent": 50, "report-narrative": "进展"},
    ),
    Case(
        "targets:report_review",
        lambda w: reverse("targets:report_review", args=[_venue_report(w).pk]),
        OFFICE_MANAGES_CITY_POST,
        method="post",
        data={"decision": "accept"},
    ),
    Case(
        "targets:report_contribute",
        lambda w: reverse("targets:report_contribute", args=[_venue_report(w).pk]),
        expect(403, member=404, inspector=404, outsider=404),
        method="post",
        data={"contribution-text": "配合"},
    ),
    Case(
        "targets:extension_request",
        lambda w: reverse("targets:extension_request", args=[_venue_task(w).pk]),
        expect(403, member=404, inspector=404, outsider=404, venue=302),
        method="post",
        data={"extension-requested_due_date": "2027-03-31", "extension-reason": "施工延误"},
    ),
    Case(
        "targets:extension_decide",
        lambda w: reverse("targets:extension_decide", args=[_venue_extension(w).pk]),
        OFFICE_MANAGES_CITY_POST,
        method="post",
        data={"decision": "approve"},
    ),
    Case(
        "targets:implementation_list",
        lambda w: reverse("targets:implementation_list", args=[_venue_task(w).plan_id]),
        SEES_VENUE,
    ),
    Case(
        "targets:implementation_submit",
        lambda w: reverse("targets:implementation_submit", args=[_venue_task(w).plan_id]),
        expect(403, member=404, inspector=404, outsider=404, venue=200),
    ),
    Case(
        "targets:implementation_detail",
        lambda w: reverse("targets:implementation_detail", args=[_venue_implementation(w).pk]),
        SEES_VENUE,
    ),
    Case(
        "targets:implementation_compare",
        lambda w: reverse("targets:implementation_compare", args=[_venue_implementation(w).pk]),
        {k: (302 if v == 200 else v) for k, v in SEES_VENUE.items()},
    ),
    Case(
        "targets:implementation_review",
        lambda w: reverse("targets:implementation_review", args=[_venue_implementation(w).pk]),
        OFFICE_MANAGES_CITY_POST,
        method="post",
        data={"decision": "approve"},
    ),
    Case("assessment:round_list", lambda w: reverse("assessment:round_list"), EVERYONE),
    Case("assessment:round_create", lambda w: reverse("assessment:round_create"), expect(403, office=200)),
    Case(
        "assessment:round_detail",
        lambda w: reverse("assessment:round_detail", args=[_city_round(w).pk]),
        expect(404, office=200, leader=200, district=200),
    ),
    Case(
        "assessment:round_advance",
        lambda w: reverse("assessment:round_advance", args=[_city_round(w).pk]),
        expect(404, office=302, leader=403, district=403),
        method="post",
    ),
    Case(
        "assessment:round_refresh",
        lambda w: reverse("assessment:round_refresh", args=[_city_round(w).pk]),
        expect(404, office=302, leader=403, district=403),
        method="post",
    ),
    Case(
        "assessment:round_reopen",
        lambda w: reverse("assessment:round_reopen", args=[_city_round(w).pk]),
        expect(404, office=302, leader=403, district=403),
        method="post",
        data={"reason": "复审"},
    ),
    Case(
        "assessment:round_report",
        lambda w: reverse("assessment:round_report", args=[_city_round(w).pk]),
        expect(404, office=200, leader=403, district=403),
    ),
    Case(
        "assessment:participant_sheet",
        lambda w: reverse("assessment:participant_sheet", args=[_city_round(w).participants.get().pk]),
        expect(404, office=200, district=200),
    ),
    Case(
        "assessment:objection_answer",
        lambda w: reverse("assessment:objection_answer", args=[_round_objection(w).pk]),
        expect(404, office=302, leader=403, district=403),
        method="post",
        data={"answer": "已核实"},
    ),
    Case(
        "public:assessment_announcement",
        lambda w: reverse("public:assessment_announcement", args=[_round_objection(w).assessment_round_id]),
        expect(200, anonymous=200),
    ),
    Case("assessment:honour_list_index", lambda w: reverse("assessment:honour_list_index"), EVERYONE),
    Case(
        "assessment:honour_detail",
        lambda w: reverse("assessment:honour_detail", args=[_honour_list(w).pk]),
        EVERYONE,  # a city's call for nominations is open to every unit of the city
    ),
    Case(
        "public:honours",
        lambda w: reverse("public:honours", args=[_honour_list(w).pk]),
        expect(404, anonymous=404),
    ),
    Case(
        "assessment:set_new_version",
        lambda w: reverse("assessment:set_new_version", args=[_indicator_set(w)]),
        expect(403, office=302),
        method="post",
    ),
    Case(
        "assessment:indicator_edit",
        lambda w: reverse("assessment:indicator_edit", args=[_indicator_set_object(w).indicators.first().pk]),
        expect(403, office=200),
    ),
    Case("assessment:set_list", lambda w: reverse("assessment:set_list"), EVERYONE),
    Case(
        "assessment:set_detail",
        lambda w: reverse("assessment:set_detail", args=[_indicator_set(w)]),
        EVERYONE,
    ),
    Case("surveys:campaign_list", lambda w: reverse("surveys:campaign_list"), EVERYONE),
    Case("surveys:questionnaire_list", lambda w: reverse("surveys:questionnaire_list"), EVERYONE),
    Case(
        "surveys:questionnaire_detail",
        lambda w: reverse("surveys:questionnaire_detail", args=[_questionnaire(w).pk]),
        EVERYONE,
    ),
    Case(
        "surveys:questionnaire_preview",
        lambda w: reverse("surveys:questionnaire_preview", args=[_questionnaire(w).pk]),
        EVERYONE,
    ),
    Case(
        "surveys:questionnaire_xlsform",
        lambda w: reverse("surveys:questionnaire_xlsform", args=[_questionnaire(w).pk]),
        EVERYONE,
    ),
    Case(
        "surveys:questionnaire_import",
        lambda w: reverse("surveys:questionnaire_import"),
        expect(403, office=200),
    ),
    Case(
        "surveys:question_new",
        lambda w: reverse("surveys:question_new", args=[_draft_questionnaire(w).pk]),
        expect(403, office=200),
    ),
    Case(
        "surveys:question_edit",
        lambda w: reverse(
            "surveys:question_edit",
            args=[_draft_questionnaire(w).pk, _draft_questionnaire(w).questions.first().pk],
        ),
        expect(403, office=200),
    ),
    Case(
        "surveys:campaign_edit",
        lambda w: reverse("surveys:campaign_edit", args=[_survey_target(w).campaign_id]),
        expect(404, office=200, leader=403),
    ),
    Case("surveys:campaign_compare", lambda w: reverse("surveys:campaign_compare"), EVERYONE),
    Case(
        "surveys:campaign_repeat",
        lambda w: reverse("surveys:campaign_repeat", args=[_survey_target(w).campaign_id]),
        expect(404, office=200, leader=403),
    ),
    # A campaign's pages: the office and the leader see the city's campaign, nobody else; its index is also the
    # district's and the venues', as their share of it.
    *[
        Case(name, lambda w, name=name: reverse(name, args=[_survey_target(w).campaign_id]), SEES_CAMPAIGN)
        for name in ("surveys:campaign_detail", "surveys:flagged_review")
    ],
    *[
        Case(
            name,
            lambda w, name=name: reverse(name, args=[_survey_target(w).campaign_id]),
            SEES_CAMPAIGN_INDEX,
        )
        for name in (
            "surveys:campaign_index",
            "surveys:campaign_index_export",
            "surveys:text_answers",
            "surveys:campaign_report",
        )
    ],
    Case(
        "surveys:metric_records",
        lambda w: reverse("surveys:metric_records") + f"?unit={w.venue_unit.pk}&year=2026",
        SEES_VENUE,
    ),
    Case(
        "public:survey_results_list",
        lambda w: reverse("public:survey_results_list"),
        expect(200, anonymous=200),
    ),
    Case(
        "public:survey_results",
        lambda w: reverse("public:survey_results", args=[_published_campaign(w)]),
        expect(200, anonymous=200),
    ),
    Case(
        "surveys:target_qr",
        lambda w: reverse("surveys:target_qr", args=[_survey_target(w).pk, "svg"]),
        SEES_CAMPAIGN_INDEX,  # a campaign-wide link: spread by those who read a share too
    ),
    Case(
        "surveys:target_poster",
        lambda w: reverse("surveys:target_poster", args=[_survey_target(w).pk]),
        SEES_CAMPAIGN_INDEX,
    ),
    Case(
        "public:survey",
        lambda w: reverse("public:survey", args=[_survey_target(w).token]),
        expect(200, anonymous=200),
    ),
    Case("core:healthz", lambda w: reverse("core:healthz"), expect(200, anonymous=200)),
    Case("cockpit:metrics", lambda w: reverse("cockpit:metrics"), EVERYONE),
    Case(
        "targets:metric_records",
        lambda w: (
            reverse("targets:metric_records", args=["targets.task_on_time_rate"])
            + f"?unit={w.venue_unit.pk}&year=2026"
        ),
        SEES_VENUE,
    ),
    # Supervision: a city inspection (inspector's team) with a finding against the 姑苏区 venue.
    Case("supervision:inspection_list", lambda w: reverse("supervision:inspection_list"), EVERYONE),
    Case(
        "supervision:inspection_create",
        lambda w: reverse("supervision:inspection_create"),
        expect(403, office=200, district=200, inspector=200),
    ),
    Case(
        "supervision:inspection_detail",
        lambda w: reverse("supervision:inspection_detail", args=[_venue_finding(w).inspection_id]),
        expect(200, member=404, outsider=404),
    ),
    Case(
        "supervision:finding_add",
        lambda w: reverse("supervision:finding_add", args=[_venue_finding(w).inspection_id]),
        expect(403, member=404, outsider=404, office=302, inspector=302),
        method="post",
        data={"description": "问题", "severity": "minor", "requirement": "整改", "due_workdays": 3},
    ),
    Case(
        "supervision:finding_detail",
        lambda w: reverse("supervision:finding_detail", args=[_venue_finding(w).pk]),
        expect(200, member=404, outsider=404),
    ),
    Case("supervision:finding_list", lambda w: reverse("supervision:finding_list"), EVERYONE),
    Case(
        "supervision:extension_request",
        lambda w: reverse("supervision:extension_request", args=[_venue_finding(w).pk]),
        expect(403, member=404, outsider=404, venue=302),
        method="post",
        data={"requested_due_date": "2099-01-01", "reason": "采购"},
    ),
    Case(
        "supervision:extension_decide",
        lambda w: reverse("supervision:extension_decide", args=[_venue_extension_on_finding(w).pk]),
        expect(403, member=404, outsider=404, office=302),
        method="post",
        data={"decision": "approve"},
    ),
    Case("supervision:statistics", lambda w: reverse("supervision:statistics"), EVERYONE),
    Case(
        "supervision:metric_records",
        lambda w: (
            reverse("supervision:metric_records", args=["supervision.findings_overdue"])
            + f"?unit={w.venue_unit.pk}&year=2026"
        ),
        SEES_VENUE,
    ),
    Case("supervision:bulletin_list", lambda w: reverse("supervision:bulletin_list"), EVERYONE),
    Case("supervision:bulletin_create", lambda w: reverse("supervision:bulletin_create"), MANAGERS_ONLY),
    Case(
        "supervision:bulletin_detail",
        lambda w: reverse("supervision:bulletin_detail", args=[_city_bulletin(w).pk]),
        expect(404, office=200),
    ),
    Case(
        "supervision:bulletin_docx",
        lambda w: reverse("supervision:bulletin_docx", args=[_city_bulletin(w).pk]),
        expect(404, office=200),
    ),
    Case(
        "supervision:bulletin_issue",
        lambda w: reverse("supervision:bulletin_issue", args=[_city_bulletin(w).pk]),
        expect(404, office=302),
        method="post",
    ),
    Case(
        "public:public_bulletin_list",
        lambda w: reverse("public:public_bulletin_list"),
        expect(200, anonymous=200),
    ),
    Case(
        "public:public_bulletin_detail",
        lambda w: reverse("public:public_bulletin_detail", args=[_city_bulletin(w).pk]),
        expect(404, anonymous=404),
    ),
    Case("supervision:accountability_list", lambda w: reverse("supervision:accountability_list"), EVERYONE),
    Case(
        "supervision:accountability_create",
        lambda w: reverse("supervision:accountability_create"),
        expect(403, office=200),
    ),
    Case(
        "supervision:accountability_detail",
        lambda w: reverse("supervision:accountability_detail", args=[_venue_accountability(w).pk]),
        expect(404, office=200, venue=200),
    ),
    Case("supervision:escalation_policy", lambda w: reverse("supervision:escalation_policy"), MANAGERS_ONLY),
    Case("supervision:my_findings", lambda w: reverse("supervision:my_findings"), EVERYONE),
    Case(
        "supervision:finding_notice",
        lambda w: reverse("supervision:finding_notice", args=[_venue_finding(w).pk]),
        expect(200, member=404, outsider=404),
    ),
    Case(
        "supervision:finding_acknowledge",
        lambda w: reverse("supervision:finding_acknowledge", args=[_venue_finding(w).pk]),
        expect(403, member=404, outsider=404, venue=302),
        method="post",
    ),
    Case(
        "supervision:rectification_submit",
        lambda w: reverse("supervision:rectification_submit", args=[_venue_finding(w).pk]),
        expect(403, member=404, outsider=404, venue=302),
        method="post",
        data={"measures": "已整改"},
    ),
    Case(
        "supervision:rectification_review",
        lambda w: reverse("supervision:rectification_review", args=[_venue_rectification(w).pk]),
        expect(403, member=404, outsider=404, office=302, inspector=302),
        method="post",
        data={"decision": "accept"},
    ),
    Case(
        "supervision:finding_close",
        lambda w: reverse("supervision:finding_close", args=[_venue_finding(w).pk]),
        expect(403, member=404, outsider=404, office=302),
        method="post",
        data={"outcome": "duplicate", "reason": "重复"},
    ),
    # Citizen feedback: staff pages for a complaint routed to the 姑苏区 venue; the public form and tracking page.
    Case("feedback:queue", lambda w: reverse("feedback:queue"), EVERYONE),
    Case("feedback:settings", lambda w: reverse("feedback:settings"), expect(403, office=200)),
    Case("feedback:insight", lambda w: reverse("feedback:insight"), EVERYONE),
    Case("feedback:open_demands", lambda w: reverse("feedback:open_demands"), EVERYONE),
    Case(
        "feedback:item_open_to_social",
        lambda w: reverse("feedback:item_open_to_social", args=[_venue_feedback(w).pk]),
        expect(403, member=404, inspector=404, outsider=404, office=302, district=302, venue=302),
        method="post",
    ),
    Case(
        "feedback:social_offer",
        lambda w: reverse("feedback:social_offer", args=[_open_venue_demand(w).pk]),
        expect(403),
        method="post",
        data={"unit": "1", "plan": "愿意承办"},
    ),
    Case(
        "feedback:social_offer_accept",
        lambda w: reverse("feedback:social_offer_accept", args=[_social_offer(w).pk]),
        MANAGES_VENUE_POST,
        method="post",
    ),
    Case(
        "feedback:social_outcome",
        lambda w: reverse("feedback:social_outcome", args=[_venue_feedback(w).pk]),
        MANAGES_VENUE_POST,
        method="post",
        data={"outcome": "已满足"},
    ),
    Case(
        "feedback:settings_save",
        lambda w: reverse("feedback:settings_save", args=["category"]),
        expect(403, office=302),
        method="post",
        data={"category-name": "新类别"},
    ),
    Case(
        "feedback:category_toggle",
        lambda w: reverse("feedback:category_toggle", args=[_venue_feedback(w).category_id]),
        expect(403, office=302),
        method="post",
    ),
    Case(
        "feedback:rule_delete",
        lambda w: reverse("feedback:rule_delete", args=[_feedback_rule(w)]),
        expect(403, office=302),
        method="post",
    ),
    Case(
        "feedback:metric_records",
        lambda w: (
            reverse("feedback:metric_records", args=["feedback.answered_on_time_rate"])
            + f"?unit={w.venue_unit.pk}&year=2026"
        ),
        SEES_VENUE,
    ),
    Case(
        "feedback:item_detail",
        lambda w: reverse("feedback:item_detail", args=[_venue_feedback(w).pk]),
        SEES_VENUE,
    ),
    Case(
        "feedback:item_acknowledge",
        lambda w: reverse("feedback:item_acknowledge", args=[_venue_feedback(w).pk]),
        expect(403, member=404, inspector=404, outsider=404, venue=302),
        method="post",
    ),
    Case(
        "feedback:item_reply",
        lambda w: reverse("feedback:item_reply", args=[_venue_feedback(w).pk]),
        expect(403, member=404, inspector=404, outsider=404, venue=302),
        method="post",
        data={"text": "已处理", "public": "on"},
    ),
    Case(
        "feedback:item_assign",
        lambda w: reverse("feedback:item_assign", args=[_venue_feedback(w).pk]),
        MANAGES_VENUE_POST,
        method="post",
        data={},
    ),
    Case(
        "feedback:transfer_request",
        lambda w: reverse("feedback:transfer_request", args=[_venue_feedback(w).pk]),
        expect(403, member=404, inspector=404, outsider=404, venue=302),
        method="post",
        data={"reason": "不属于本馆"},
    ),
    Case(
        "feedback:transfer_decide",
        lambda w: reverse("feedback:transfer_decide", args=[_venue_feedback_transfer(w).pk]),
        MANAGES_VENUE_POST,
        method="post",
        data={"decision": "refuse"},
    ),
    Case(
        "feedback:item_escalate",
        lambda w: reverse("feedback:item_escalate", args=[_venue_feedback(w).pk]),
        MANAGES_VENUE_POST,
        method="post",
    ),
    Case(
        "feedback:reveal_phone",
        lambda w: reverse("feedback:reveal_phone", args=[_venue_feedback(w).pk]),
        expect(403, member=404, inspector=404, outsider=404, venue=200),
        method="post",
    ),
    Case("public:feedback_submit", lambda w: reverse("public:feedback_submit"), expect(200, anonymous=200)),
    Case("public:feedback_lookup", lambda w: reverse("public:feedback_lookup"), expect(200, anonymous=200)),
    Case(
        "public:feedback_receipt",
        lambda w: reverse("public:feedback_receipt", args=[_venue_feedback(w).code]),
        expect(200, anonymous=200),
    ),
    Case(
        "public:feedback_track",
        lambda w: reverse("public:feedback_track", args=[_venue_feedback(w).code]),
        expect(200, anonymous=200),
    ),
    Case(
        "public:feedback_evaluate",
        lambda w: reverse("public:feedback_evaluate", args=[_venue_feedback(w).code]),
        expect(302, anonymous=302),
        method="post",
        data={"rating": "satisfied"},
    ),
    # The API: the same scoping; anonymous callers get 401.
    Case("api:me", lambda w: "/api/v1/me", expect(200, anonymous=401)),
    Case("api:list_regions", lambda w: "/api/v1/regions", expect(200, anonymous=401)),
    Case("api:get_region", lambda w: f"/api/v1/regions/{w.gusu.pk}", {**SEES_GUSU_REGION, "anonymous": 401}),
    Case("api:list_units", lambda w: "/api/v1/units", expect(200, anonymous=401)),
    Case("api:get_unit", lambda w: f"/api/v1/units/{w.venue_unit.pk}", {**SEES_VENUE, "anonymous": 401}),
    Case("api:list_tasks", lambda w: "/api/v1/tasks", expect(200, anonymous=401)),
    Case("api:list_indicator_sets", lambda w: "/api/v1/indicator-sets", expect(200, anonymous=401)),
    Case(
        "api:get_indicator_set",
        lambda w: f"/api/v1/indicator-sets/{_indicator_set(w)}",
        expect(200, anonymous=401),
    ),
    Case("api:my_submissions", lambda w: "/api/v1/assessment/submissions", expect(200, anonymous=401)),
    Case(
        "api:report_value",
        lambda w: (
            f"/api/v1/assessment/submissions/{_city_round(w).participants.get().submissions.first().pk}"
        ),
        {**expect(404, office=403, leader=403, district=422), "anonymous": 401},
        method="put",
        data={"value": "1"},
        json=True,
    ),
    Case(
        "api:published_results",
        lambda w: f"/api/v1/public/assessment/{_city_round(w).pk}/results",
        expect(404, anonymous=404),
    ),
    Case("api:list_findings", lambda w: "/api/v1/findings", expect(200, anonymous=401)),
    Case(
        "api:get_finding",
        lambda w: f"/api/v1/findings/{_venue_finding(w).pk}",
        expect(200, member=404, outsider=404, anonymous=401),
    ),
    Case(
        "api:submit_rectification",
        lambda w: f"/api/v1/findings/{_venue_finding(w).pk}/rectifications",
        expect(403, member=404, outsider=404, venue=422, anonymous=401),
        method="post",
        data={"measures": "已整改"},
    ),
    Case("api:list_feedback", lambda w: "/api/v1/feedback", expect(200, anonymous=401)),
    Case(
        "api:reply_feedback",
        lambda w: f"/api/v1/feedback/{_venue_feedback(w).pk}/replies",
        {**expect(403, member=404, inspector=404, outsider=404, venue=201), "anonymous": 401},
        method="post",
        data={"text": "已处理"},
        json=True,
    ),
    Case(
        "api:track_feedback",
        lambda w: f"/api/v1/public/feedback/{_venue_feedback(w).code}",
        expect(200, anonymous=200),
    ),
    Case(
        "api:submit_feedback",
        lambda w: "/api/v1/public/feedback",
        expect(422, anonymous=422),
        method="post",
        data={"kind": "demand"},
        json=True,
    ),
    Case(
        "api:submit_report",
        lambda w: f"/api/v1/tasks/{_venue_task(w).pk}/reports",
        expect(403, member=404, inspector=404, outsider=404, venue=201, anonymous=401),
        method="post",
        data={"period": "2026-Q3", "percent": 50, "narrative": "进展"},
        json=True,
    ),
    Case("api:get_task", lambda w: f"/api/v1/tasks/{_venue_task(w).pk}", {**SEES_VENUE, "anonymous": 401}),
    # Public evaluation: a city campaign is the office's and the leader's; its survey and results are public.
    Case("api:list_campaigns", lambda w: "/api/v1/surveys/campaigns", expect(200, anonymous=401)),
    Case("api:list_wider_campaigns", lambda w: "/api/v1/surveys/campaigns/wider", expect(200, anonymous=401)),
    Case(
        "api:get_campaign",
        lambda w: f"/api/v1/surveys/campaigns/{_survey_target(w).campaign_id}",
        expect(404, office=200, leader=200, anonymous=401),
    ),
    Case(
        "api:get_campaign_index",
        lambda w: f"/api/v1/surveys/campaigns/{_survey_target(w).campaign_id}/index",
        {**SEES_CAMPAIGN_INDEX, "anonymous": 401},
    ),
    Case(
        "api:get_questionnaire",
        lambda w: f"/api/v1/surveys/questionnaires/{_survey_target(w).campaign.questionnaire_id}",
        expect(200, anonymous=401),
    ),
    Case(
        "api:get_public_survey",
        lambda w: f"/api/v1/public/surveys/{_survey_target(w).token}",
        expect(200, anonymous=200),
    ),
    Case(
        "api:submit_survey_response",
        lambda w: f"/api/v1/public/surveys/{_survey_target(w).token}/responses",
        expect(400, anonymous=400),
        method="post",
        data={"client_id": "5f0c1a52-8d5e-4a3b-9a51-0d6f5c2b7e10", "answers": {}},
        json=True,
    ),
    Case(
        "api:get_survey_results",
        lambda w: f"/api/v1/public/surveys/results/{_published_campaign(w)}",
        expect(200, anonymous=200),
    ),
]

# URL names that need no matrix row, with the reason.
EXEMPT = {
    "login": "public sign-in page",
    "logout": "POST only; signs anyone out",
    "password_change": "acts on the signed-in person only",
    "password_change_done": "static confirmation",
    "account_security": "acts on the signed-in person only",
    "sign_in_code": "second sign-in step, bound to the session's pending sign-in",
    "set_language": "public language switch",
    "api:openapi-json": "API schema, public by design",
    "api:api-root": "API root, lists nothing",
    "api:openapi-view": "API documentation, public by design",
}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
@pytest.mark.parametrize("who", [*PERSONAS, "anonymous"])
def test_matrix(case: Case, who: str, world, client):
    url = case.url(world)
    if who != "anonymous":
        client.force_login(getattr(world, who))
    if case.json:
        response = getattr(client, case.method)(url, data=case.data, content_type="application/json")
    else:
        response = getattr(client, case.method)(url, data=case.data or {})
    assert response.status_code == case.expected[who], f"{who} {case.method.upper()} {url}"


def _url_names(resolver=None, namespace: str = "") -> set[str]:
    resolver = resolver or get_resolver()
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_is_in_the_matrix():
    covered = {case.url_name for case in CASES} | set(EXEMPT)
    names = {n for n in _url_names() if not n.startswith("admin:")}
    missing = sorted(names - covered)
    assert not missing, f"add these URLs to the authorization matrix: {missing}"
