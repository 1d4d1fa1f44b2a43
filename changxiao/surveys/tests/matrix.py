"""The authorization matrix's cases for surveys: every page, form and endpoint, for every persona."""

from django.urls import reverse

from changxiao.core.tests.authz import EVERYONE, SEES_CAMPAIGN, SEES_CAMPAIGN_INDEX, SEES_VENUE, Case, expect
from conftest import make_survey_target


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


CASES: list[Case] = [
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
