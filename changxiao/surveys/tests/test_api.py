"""The public evaluation API: campaigns, questionnaires and the index for staff (scoped, token or session); the
survey and its JSON submission for a client app, and published results, without sign-in."""

import json
import random
import uuid
from datetime import date, datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from changxiao.orgs.models import PopulationRecord
from changxiao.orgs.services import api_token_issue
from changxiao.surveys import index, tallies
from changxiao.surveys.models import Campaign, CampaignTarget, Response
from changxiao.surveys.views import SURVEY_LIMITS
from conftest import make_survey_target

LIKERT = [
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
]


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def make_target(world, region, **extra) -> CampaignTarget:
    return make_survey_target(region, world.gusu, "姑苏区", **extra)


@pytest.fixture
def target(world):
    """An open campaign of 姑苏区, so the district sees it and 昆山市's venue does not."""
    return make_target(world, world.gusu)


def bearer(world, unit) -> dict:
    _token, raw = api_token_issue(unit=unit, by=world.office, name="数据中台")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def answers(world, **extra) -> dict:
    return {
        "age": "35_59",
        "district": world.gusu.pk,
        "frequency": "4_11",
        "venue": str(world.venue_unit.pk),
        **dict.fromkeys(LIKERT, 4),
        "wishes": ["reading", "kids"],
        "suggestion": "希望周末多一些亲子活动",
    } | extra


def submit(client, target, body, **headers):
    return client.post(
        f"/api/v1/public/surveys/{target.token}/responses",
        body if isinstance(body, (str, bytes)) else json.dumps(body),
        content_type="application/json",
        **headers,
    )


# --- Staff ------------------------------------------------------------------------------------------------------


def test_campaigns_are_listed_and_read_within_scope(world, client, target):
    headers = bearer(world, world.district_unit)
    listed = client.get("/api/v1/surveys/campaigns", **headers).json()
    assert listed["count"] == 1
    campaign = listed["items"][0]
    assert campaign["title"] == "2026年公共文化服务满意度测评" and campaign["region"] == "姑苏区"
    assert campaign["is_open"] and campaign["closed_reason"] is None and not campaign["results_published"]
    assert (campaign["questionnaire_id"], campaign["questionnaire_version"]) == (
        target.campaign.questionnaire_id,
        1,
    )
    assert campaign["targets"] == [
        {
            "id": target.pk,
            "label": "姑苏区",
            "region_id": world.gusu.pk,
            "venue_id": None,
            "token": target.token,
            "public_path": target.get_public_url(),
        }
    ]
    submit(client, target, {"client_id": str(uuid.uuid4()), "answers": answers(world)})
    detail = client.get(f"/api/v1/surveys/campaigns/{target.campaign_id}", **headers).json()
    assert detail["responses"] == 1 and detail["flagged"] == 1  # no signed start: stored, flagged

    other = bearer(world, world.outsider_unit)
    assert client.get("/api/v1/surveys/campaigns", **other).json()["count"] == 0
    assert client.get(f"/api/v1/surveys/campaigns/{target.campaign_id}", **other).status_code == 404
    assert client.get(f"/api/v1/surveys/campaigns/{target.campaign_id}/index", **other).status_code == 404
    assert client.get("/api/v1/surveys/campaigns").status_code == 401


def test_closed_campaign_shows_why(world, client, target):
    Campaign.objects.filter(pk=target.campaign_id).update(
        ends_on=date(2020, 1, 1), starts_on=date(2019, 1, 1)
    )
    client.force_login(world.district)
    campaign = client.get(f"/api/v1/surveys/campaigns/{target.campaign_id}").json()
    assert not campaign["is_open"] and "2020-01-01" in campaign["closed_reason"]


def test_questionnaire_with_sections_choices_and_dimensions(world, client, target):
    questionnaire = target.campaign.questionnaire
    url = f"/api/v1/surveys/questionnaires/{questionnaire.pk}"
    assert client.get(url).status_code == 401
    data = client.get(url, **bearer(world, world.outsider_unit)).json()
    assert data["version"] == 1 and data["published"]
    assert {d["code"]: d["weight"] for d in data["dimensions"]}["facilities"] == 0.2
    questions = {q["code"]: q for s in data["sections"] for q in s["questions"]}
    assert len(questions) == questionnaire.questions.count()
    likert = questions["fac_nearby"]
    assert [c["value"] for c in likert["choices"]] == ["5", "4", "3", "2", "1", "0"]
    assert (likert["dimension"], likert["weight"], likert["required"]) == ("facilities", 1.0, True)
    assert questions["venue"]["condition"] == {"question": "frequency", "in": ["1_3", "4_11", "12p"]}
    assert questions["age"]["condition"] is None
    assert {"value": str(world.gusu.pk), "label": "姑苏区"} in questions["district"]["choices"]
    assert {"value": str(world.venue_unit.pk), "label": "姑苏区文化馆"} in questions["venue"]["choices"]
    assert (
        client.get("/api/v1/surveys/questionnaires/999999", **bearer(world, world.office_unit)).status_code
        == 404
    )


# --- The public survey ------------------------------------------------------------------------------------------


def test_public_survey_gives_the_questionnaire_and_a_start_token(world, client):
    target = make_target(world, world.city)
    data = client.get(f"/api/v1/public/surveys/{target.token}").json()
    assert data["title"] == "2026年公共文化服务满意度测评" and data["target"] == "姑苏区"
    assert data["started"] and uuid.UUID(data["client_id"])
    questions = {q["code"]: q for s in data["questionnaire"]["sections"] for q in s["questions"]}
    # The district picker offers the campaign's districts, as the web form does.
    assert {c["label"] for c in questions["district"]["choices"]} == {"姑苏区", "昆山市"}
    missing = client.get("/api/v1/public/surveys/nope-nope")
    assert missing.status_code == 404 and "链接无效" in missing.json()["detail"]
    assert client.get("/api/v1/public/surveys/%E2%80%A6").status_code == 404


def test_public_submit_is_stored_once(world, client, target, monkeypatch):
    started = client.get(f"/api/v1/public/surveys/{target.token}").json()["started"]
    monkeypatch.setattr("changxiao.surveys.responses.seconds_since", lambda token: 95)
    body = {"client_id": str(uuid.uuid4()), "answers": answers(world), "started": started}
    response = submit(client, target, body)
    assert response.status_code == 201, response.content
    assert response.json() == {"received": True, "replay": False}
    stored = Response.objects.get()
    assert stored.answers["overall"] == 4 and stored.answers["wishes"] == ["kids", "reading"]
    assert (stored.region, stored.venue, stored.suspicious) == (world.gusu, world.venue_unit, False)

    again = submit(client, target, body)
    assert again.status_code == 200 and again.json() == {"received": True, "replay": True}
    assert Response.objects.count() == 1

    changed = submit(client, target, body | {"answers": answers(world, overall=1)})
    assert changed.status_code == 409 and "其他答案" in changed.json()["detail"]
    assert Response.objects.count() == 1


def test_a_response_the_database_could_not_store_gets_503_and_is_taken_when_sent_again(
    world, client, target, monkeypatch
):
    from django.db import InterfaceError

    from changxiao.surveys import services

    body = {"client_id": str(uuid.uuid4()), "answers": answers(world)}
    store = services._store

    def gone(response):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr(services, "_store", gone)
    refused = submit(client, target, body)
    assert refused.status_code == 503 and "暂时未能保存" in refused.json()["detail"]
    assert not Response.objects.exists()
    monkeypatch.setattr(services, "_store", store)
    assert submit(client, target, body).status_code == 201 and Response.objects.count() == 1


def test_invalid_answers_get_400_with_every_message(world, client, target):
    body = {
        "client_id": str(uuid.uuid4()),
        "answers": answers(world, overall=9, age="old", district=None, suggestion="x" * 2001),
    }
    response = submit(client, target, body)
    assert response.status_code == 400
    messages = response.json()["messages"]
    assert len(messages) == 4 and any("您的年龄" in m for m in messages)
    unknown = submit(
        client, target, {"client_id": str(uuid.uuid4()), "answers": answers(world, colour="red")}
    )
    assert unknown.status_code == 400 and "colour" in unknown.json()["detail"]
    assert not Response.objects.exists()


def test_closed_campaign_gets_410(world, client):
    target = make_target(world, world.gusu, starts_on=date(2020, 1, 1), ends_on=date(2020, 12, 31))
    page = client.get(f"/api/v1/public/surveys/{target.token}")
    assert page.status_code == 410 and "2020-12-31" in page.json()["detail"]
    response = submit(client, target, {"client_id": str(uuid.uuid4()), "answers": answers(world)})
    assert response.status_code == 410
    assert not Response.objects.exists()


def test_public_submit_counts_accepted_responses_per_address(world, client, target, monkeypatch):
    from changxiao.core import ratelimit

    monkeypatch.setattr(ratelimit, "_now", lambda: 1_000_070.0)  # 50 seconds into a minute
    for _i in range(30):  # incomplete answers are refused and cost nothing
        assert submit(client, target, {"client_id": str(uuid.uuid4()), "answers": {}}).status_code == 400
    for _i in range(SURVEY_LIMITS.per_address):
        response = submit(client, target, {"client_id": str(uuid.uuid4()), "answers": answers(world)})
        assert response.status_code == 201
    response = submit(client, target, {"client_id": str(uuid.uuid4()), "answers": answers(world)})
    assert response.status_code == 429 and response["Retry-After"] == "10"
    assert response.json()["retry_after"] == 10
    assert Response.objects.count() == SURVEY_LIMITS.per_address


def raw(answers: str, extra: str = "") -> str:
    """A JSON body written by hand, for what json.dumps would not write."""
    return '{"client_id": "' + str(uuid.uuid4()) + '", "answers": ' + answers + extra + "}"


def test_a_body_over_the_upload_limit_is_refused_in_json(world, client, target):
    response = submit(client, target, raw(json.dumps({"suggestion": "x" * 6_000_000})))
    # core.middleware.BodyLimitMiddleware: 413, saying the limit, before the survey's endpoint reads anything.
    assert response.status_code == 413 and response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("提交的内容过大（超过 ")
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"\xff\xfe",
        "[" * 50_000,
        "[]",
        '"text"',
        "null",
        '{"client_id": "x", "answers": {}}',
        raw("[]"),
        raw('{"age": {"a": 1}}'),
        raw('{"age": [[1]]}'),
        raw('{"age": true}'),
        raw('{"age": 1.5}'),
        raw('{"age": 1' + "0" * 5000 + "}"),
        raw('{"suggestion": "\\ud800"}'),
        raw('{"\\ud800": "1"}'),
        raw('{"suggestion": "a\\u0000b"}'),
        raw(json.dumps({"suggestion": "x" * 100_000})),
        raw(json.dumps({"wishes": ["kids"] * 10_000})),
        raw(json.dumps({f"q{i}": "1" for i in range(5000)})),
        raw("{}", ', "started": 5'),
        raw(json.dumps({"suggestion": "x" * 6_000_000})),  # over DATA_UPLOAD_MAX_MEMORY_SIZE
    ],
    ids=range(21),
)
def test_malformed_bodies_are_refused_without_storing(world, client, target, body):
    response = submit(client, target, body)
    assert 400 <= response.status_code < 500 and response.status_code != 429
    assert not Response.objects.exists()


def containers(inner):
    return st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)


SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
JSON = st.recursive(SCALARS, containers, max_leaves=20)
ANSWER_CODES = st.sampled_from([*LIKERT, "age", "district", "venue", "wishes", "suggestion", "frequency"])
BODIES = JSON | st.fixed_dictionaries(
    {
        "client_id": st.uuids().map(str) | JSON,
        "answers": st.dictionaries(ANSWER_CODES | st.text(max_size=8), JSON, max_size=8) | JSON,
    },
    optional={"started": JSON},
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=BODIES)
def test_any_json_body_gets_an_answer_never_a_500(world, target, body):
    cache.clear()
    Response.objects.all().delete()
    response = submit(Client(), target, json.dumps(body))
    assert response.status_code in (201, 400, 422), response.content
    assert Response.objects.count() == (1 if response.status_code == 201 else 0)


# --- The index and published results ---------------------------------------------------------------------------


@pytest.fixture
def answered(world, target):
    """60 responses over two jurisdictions, two venues and two months, a few flagged."""
    campaign = target.campaign
    rng = random.Random(11)
    rows = []
    for i in range(60):
        rows.append(
            Response(
                campaign=campaign,
                target=target,
                questionnaire=campaign.questionnaire,
                client_id=uuid.uuid4(),
                answers={code: rng.choice([1, 2, 3, 4, 5, 0]) for code in LIKERT}
                | {"suggestion": "秘密建议"},
                content_hash=str(i),
                region=world.gusu if i % 3 else world.kunshan,
                venue=world.venue_unit if i % 2 else world.station_unit,
                submitted_at=timezone.make_aware(datetime(2026, 3 + i % 2, 10)),
                suspicious=i % 20 == 0,
            )
        )
    Response.objects.bulk_create(rows)
    PopulationRecord.objects.create(region=world.gusu, year=2025, resident=830_000)
    PopulationRecord.objects.create(region=world.kunshan, year=2025, resident=2_100_000)
    return campaign


def as_dict(cell: index.Cell) -> dict:
    return {"n": cell.n, "mean": cell.mean, "low": cell.low, "high": cell.high, "enough": cell.enough}


def test_index_equals_the_tallies(world, client, answered, settings):
    settings.SURVEY_MIN_CELL = 20  # 姑苏区 has 38 counted responses, 昆山市 19
    tallies.refresh(answered)  # some figures from the tallies, the rest scored when read
    tables = tallies.campaign_tables(answered)
    client.force_login(world.district)
    data = client.get(f"/api/v1/surveys/campaigns/{answered.pk}/index").json()
    assert data["overall"] == {code: as_dict(c) for code, c in tables.overall.items()}
    assert data["weighted"] == as_dict(tables.weighted) and data["weighted"]["enough"]
    assert {r["region_id"]: r["cells"] for r in data["by_region"]} == {
        k: {code: as_dict(c) for code, c in v.items()} for k, v in tables.by_region.items()
    }
    assert [r["region"] for r in data["by_region"]] == ["姑苏区", "昆山市"]
    assert {r["venue_id"]: r["cells"] for r in data["by_venue"]} == {
        k: {code: as_dict(c) for code, c in v.items()} for k, v in tables.by_venue.items()
    }
    assert [m["month"] for m in data["by_month"]] == ["2026-03", "2026-04"]
    small = [c for r in data["by_region"] for c in r["cells"].values() if not c["enough"]]
    assert small and all(c["mean"] is None and c["n"] < 20 for c in small)
    assert data["overall"][index.OVERALL]["n"] == 57  # three flagged responses are left out


def test_results_are_public_only_once_published(world, client, answered, settings):
    settings.SURVEY_MIN_CELL = 15
    url = f"/api/v1/public/surveys/results/{answered.pk}"
    assert client.get(url).status_code == 404
    answered.results_published_at = timezone.now()
    answered.save(update_fields=["results_published_at"])
    data = client.get(url).json()
    tables = tallies.campaign_tables(answered)
    assert data["overall"] == as_dict(tables.overall[index.OVERALL])
    assert data["weighted"] == as_dict(tables.weighted)
    assert [d["code"] for d in data["by_dimension"]] == [d["code"] for d in answered.questionnaire.dimensions]
    assert [(r["region"], r["cell"]) for r in data["by_jurisdiction"]] == [
        ("姑苏区", as_dict(tables.by_region[world.gusu.pk][index.OVERALL])),
        ("昆山市", as_dict(tables.by_region[world.kunshan.pk][index.OVERALL])),
    ]
    assert "秘密建议" not in json.dumps(data, ensure_ascii=False)  # figures only
    assert client.get("/api/v1/public/surveys/results/999999").status_code == 404


def test_reading_a_survey_too_fast_is_told_the_real_wait(world, client, target, monkeypatch):
    from changxiao.core import ratelimit

    monkeypatch.setattr(ratelimit, "_now", lambda: 1_000_032.0)  # 12 seconds into a minute
    monkeypatch.setattr(ratelimit, "hit", lambda *args, **kwargs: False)
    response = client.get(f"/api/v1/public/surveys/{target.token}")
    assert response.status_code == 429 and response["Retry-After"] == "48"
    assert response.json()["retry_after"] == 48
