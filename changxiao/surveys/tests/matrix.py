"""The authorization matrix's cases for surveys: every page, form and endpoint, for every persona."""

from django.urls import reverse

from changxiao.core.tests.authz import (
    EVERYONE,
    EVERYONE_OF_THE_CITY,
    SEES_CAMPAIGN,
    SEES_CAMPAIGN_INDEX,
    SEES_VENUE,
    Case,
    expect,
)
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
    """The city's own next version of the shipped questionnaire, a draft its office edits."""
    from changxiao.surveys.builder import questionnaire_new_version

    return questionnaire_new_version(questionnaire=_questionnaire(w), by=w.office)


def _published_campaign(w):
    from django.utils import timezone

    campaign = _survey_target(w).campaign
    campaign.results_published_at = timezone.now()
    campaign.save()
    return campaign.pk


def _once(w, key: str, make):
    """One object per test for a case whose URL and body both name it (the URL is built first)."""
    if not hasattr(w, key):
        setattr(w, key, make(w))
    return getattr(w, key)


def _open_target(w):
    """The city's campaign-wide link, open from yesterday for 30 days (dates its forms accept as they stand)."""
    return _once(w, "_open_survey_target", lambda w: make_survey_target(w.city, title="满意度测评"))


def _period() -> dict:
    from datetime import timedelta

    from changxiao.core.deadlines import local_today

    today = local_today()
    return {"starts_on": today.isoformat(), "ends_on": (today + timedelta(days=60)).isoformat()}


def _flagged_response(w):
    """A response sent without the form's start token: stored, flagged and awaiting the office's review."""
    import uuid

    from django.utils.datastructures import MultiValueDict

    from changxiao.surveys import services

    data = MultiValueDict(
        {key: value if isinstance(value, list) else [value] for key, value in _answers(w).items()}
    )
    data["client_id"] = str(uuid.uuid4())
    return services.response_submit(target=_open_target(w), data=data).response


def _answers(w) -> dict:
    """A complete, valid set of answers to the shipped questionnaire, as its form posts them."""
    likert = (
        "fac_nearby",
        "fac_condition",
        "con_activities",
        "con_quality",
        "ser_attitude",
        "ser_response",
        "cov_hours",
        "cov_access",
        "inf_notice",
        "overall",
    )
    return {
        "q_gender": "f",
        "q_age": "35_59",
        "q_district": str(w.gusu.pk),
        "q_frequency": "4_11",
        "q_venue": str(w.venue_unit.pk),
        **{f"q_{code}": "4" for code in likert},
        "q_recommend": "8",
        "q_wishes": ["reading", "kids"],
        "q_suggestion": "希望周末多一些亲子活动",
    }


def _survey_body(w) -> dict:
    """The public form as a respondent sends it, two minutes after opening it (not flagged as too fast)."""
    import uuid

    from django.core import signing
    from django.utils import timezone

    from changxiao.surveys.responses import STARTED_SALT

    started = signing.dumps(timezone.now().timestamp() - 120, salt=STARTED_SALT)
    return {**_answers(w), "client_id": str(uuid.uuid4()), "started": started}


def _survey_json(w) -> dict:
    answers = {key.removeprefix("q_"): value for key, value in _answers(w).items()}
    return {"client_id": "5f0c1a52-8d5e-4a3b-9a51-0d6f5c2b7e11", "answers": answers}


def _question_body(question, **changes) -> dict:
    """The question form as it comes filled in for an existing question, with changes."""
    condition = question.condition or {}
    return {
        "section": question.section_id,
        "code": question.code,
        "kind": question.kind,
        "text": question.text,
        "help_text": question.help_text,
        "required": "on" if question.required else "",
        "dimension": question.dimension,
        "weight": str(question.weight),
        "choices_text": "\n".join(f"{value} | {label}" for value, label in question.choices),
        "condition_question": condition.get("question", ""),
        "condition_values": ", ".join(condition.get("in", [])),
        **changes,
    }


def _xlsform(w) -> dict:
    """The shipped questionnaire exported as an XLSForm, to be imported back (the first of the import's two steps:
    the file is read and checked, the draft made on confirmation)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from changxiao.core.exports import XLSX
    from changxiao.surveys import xlsform

    content = xlsform.export_xlsform(_questionnaire(w))
    return {"file": SimpleUploadedFile("questionnaire.xlsx", content, content_type=XLSX)}


# A city campaign: only its office writes; the leader sees it and is refused; no one else sees it.
CITY_CAMPAIGN_WRITE = expect(404, office=302, leader=403)
# The questionnaire builder: the leading-group office designs the city's questionnaires; everyone of the city reads
# them; the second city's office sees none of them (404).
BUILDER_WRITE = expect(403, office=302)
# The public site answers everyone alike, signed in or not, of whichever city.
PUBLIC = expect(200, anonymous=200, office2=200)

CASES: list[Case] = [
    Case("surveys:campaign_list", lambda w: reverse("surveys:campaign_list"), EVERYONE),
    Case("surveys:questionnaire_list", lambda w: reverse("surveys:questionnaire_list"), EVERYONE),
    Case(  # shipped with the platform: every office reads it
        "surveys:questionnaire_detail",
        lambda w: reverse("surveys:questionnaire_detail", args=[_questionnaire(w).pk]),
        EVERYONE,
    ),
    Case(
        "surveys:questionnaire_detail",
        lambda w: reverse("surveys:questionnaire_detail", args=[_draft_questionnaire(w).pk]),
        EVERYONE_OF_THE_CITY,
        label="the city's draft",
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
        expect(403, office=200, office2=200),
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
        PUBLIC,
    ),
    Case(
        "public:survey_results",
        lambda w: reverse("public:survey_results", args=[_published_campaign(w)]),
        PUBLIC,
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
        PUBLIC,
    ),
    Case(
        "api:list_campaigns",
        lambda w: "/api/v1/surveys/campaigns",
        expect(200, anonymous=401, office2=200),
    ),
    Case(
        "api:list_wider_campaigns",
        lambda w: "/api/v1/surveys/campaigns/wider",
        expect(200, anonymous=401, office2=200),
    ),
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
        expect(200, anonymous=401, office2=200),  # shipped with the platform
    ),
    Case(
        "api:get_questionnaire",
        lambda w: f"/api/v1/surveys/questionnaires/{_draft_questionnaire(w).pk}",
        expect(200, anonymous=401),
        label="the city's draft",
    ),
    Case(
        "api:get_public_survey",
        lambda w: f"/api/v1/public/surveys/{_survey_target(w).token}",
        PUBLIC,
    ),
    Case(
        "api:submit_survey_response",
        lambda w: f"/api/v1/public/surveys/{_survey_target(w).token}/responses",
        expect(400, anonymous=400, office2=400),
        method="post",
        data={"client_id": "5f0c1a52-8d5e-4a3b-9a51-0d6f5c2b7e10", "answers": {}},
        json=True,
    ),
    Case(
        "api:submit_survey_response",
        lambda w: f"/api/v1/public/surveys/{_open_target(w).token}/responses",
        expect(201, anonymous=201, office2=201),
        method="post",
        data=_survey_json,
        json=True,
        label="complete answers",
    ),
    Case(
        "api:get_survey_results",
        lambda w: f"/api/v1/public/surveys/results/{_published_campaign(w)}",
        PUBLIC,
    ),
    # Writes: each form posted with a valid body.
    Case(
        "public:survey",
        lambda w: reverse("public:survey", args=[_open_target(w).token]),
        expect(200, anonymous=200, office2=200),  # the thank-you page is the submission's own answer
        method="post",
        data=_survey_body,
    ),
    Case(
        "surveys:campaign_list",
        lambda w: reverse("surveys:campaign_list"),
        expect(403, office=302, district=302, office2=200),  # 姑苏区 is not the second city's: the form again
        method="post",
        data=lambda w: {
            "title": "2026年姑苏区公共文化服务满意度测评",
            "questionnaire": _questionnaire(w).pk,
            "region": w.gusu.pk,
            **_period(),
            "quota": "",
            "min_seconds": 20,
        },
    ),
    Case(
        "surveys:campaign_edit",
        lambda w: reverse("surveys:campaign_edit", args=[_open_target(w).campaign_id]),
        CITY_CAMPAIGN_WRITE,
        method="post",
        data=lambda w: {
            "title": "2026年满意度测评（延长）",
            "starts_on": _open_target(w).campaign.starts_on.isoformat(),
            "ends_on": _period()["ends_on"],
            "quota": 5000,
            "min_seconds": 30,
        },
    ),
    Case(
        "surveys:campaign_repeat",
        lambda w: reverse("surveys:campaign_repeat", args=[_open_target(w).campaign_id]),
        CITY_CAMPAIGN_WRITE,
        method="post",
        data=lambda w: {
            "title": "2026年下半年满意度测评",
            "questionnaire": _questionnaire(w).pk,
            **_period(),
        },
    ),
    Case(
        "surveys:campaign_detail",
        lambda w: reverse("surveys:campaign_detail", args=[_open_target(w).campaign_id]),
        CITY_CAMPAIGN_WRITE,
        method="post",
        data=lambda w: {"action": "target", "label": "", "region": w.gusu.pk, "venue": ""},
        label="a link for a district",
    ),
    Case(
        "surveys:campaign_detail",
        lambda w: reverse("surveys:campaign_detail", args=[_flagged_response(w).campaign_id]),
        CITY_CAMPAIGN_WRITE,
        method="post",
        data={"action": "publish", "note": "样本覆盖全市各区", "confirmed": "1"},
        label="publishing the results",
    ),
    Case(
        "surveys:campaign_detail",
        lambda w: reverse("surveys:campaign_detail", args=[_published_campaign(w)]),
        CITY_CAMPAIGN_WRITE,
        method="post",
        data={"action": "withdraw"},
        label="withdrawing the results",
    ),
    Case(
        "surveys:flagged_review",
        lambda w: reverse("surveys:flagged_review", args=[_open_target(w).campaign_id]),
        CITY_CAMPAIGN_WRITE,
        method="post",
        data=lambda w: {"action": "include", "response": [_flagged_response(w).pk]},
    ),
    Case(
        "surveys:questionnaire_list",
        lambda w: reverse("surveys:questionnaire_list"),
        {**BUILDER_WRITE, "office2": 302},  # each office creates its own jurisdiction's
        method="post",
        data={"code": "library-readers", "title": "图书馆读者满意度调查"},
    ),
    Case(
        "surveys:questionnaire_import",
        lambda w: reverse("surveys:questionnaire_import"),
        expect(
            403, office=200, office2=200
        ),  # the file checked, the draft made on the confirmation that follows
        method="post",
        data=_xlsform,
    ),
    Case(
        "surveys:questionnaire_detail",
        lambda w: reverse("surveys:questionnaire_detail", args=[_draft_questionnaire(w).pk]),
        BUILDER_WRITE,
        method="post",
        data={
            "action": "meta",
            "title": "公共文化服务群众满意度测评表（修订）",
            "introduction": "本次测评匿名进行。",
            "sources": "",
        },
        label="a draft's title and introduction",
    ),
    Case(
        "surveys:questionnaire_detail",
        lambda w: reverse("surveys:questionnaire_detail", args=[_draft_questionnaire(w).pk]),
        BUILDER_WRITE,
        method="post",
        data={"action": "publish"},
        label="publishing a draft",
    ),
    Case(
        "surveys:questionnaire_detail",
        lambda w: reverse("surveys:questionnaire_detail", args=[_questionnaire(w).pk]),
        {**BUILDER_WRITE, "office2": 302},  # shipped: each office starts its own next version
        method="post",
        data={"action": "new_version"},
        label="a new version of a published one",
    ),
    Case(
        "surveys:question_new",
        lambda w: reverse("surveys:question_new", args=[_draft_questionnaire(w).pk]),
        BUILDER_WRITE,
        method="post",
        data=lambda w: {
            "section": _draft_questionnaire(w).sections.last().pk,
            "code": "library_card",
            "kind": "single",
            "text": "您是否办理了公共图书馆读者证？",
            "help_text": "",
            "required": "on",
            "dimension": "",
            "weight": "1",
            "choices_text": "yes | 是\nno | 否",
            "condition_question": "",
            "condition_values": "",
        },
    ),
    Case(
        "surveys:question_edit",
        lambda w: reverse(
            "surveys:question_edit",
            args=[_draft_questionnaire(w).pk, _draft_questionnaire(w).questions.get(code="overall").pk],
        ),
        BUILDER_WRITE,
        method="post",
        data=lambda w: _question_body(
            _draft_questionnaire(w).questions.get(code="overall"), text="总体而言，您对公共文化服务是否满意？"
        ),
    ),
]
