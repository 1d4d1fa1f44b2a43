"""The public survey: answered on a phone without JavaScript, stored once, integrity checks, polite refusals."""

import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse

from changxiao.orgs.models import Unit
from changxiao.surveys.models import Campaign, Response
from conftest import at_once, make_region, make_survey_target


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def target(world):
    return make_survey_target(world.city, world.gusu, "姑苏区", min_seconds=20)


def answers(world, **extra):
    data = {
        "q_age": "35_59",
        "q_district": str(world.gusu.pk),
        "q_frequency": "4_11",
        "q_venue": str(world.venue_unit.pk),
        **{
            f"q_{code}": "4"
            for code in (
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
        },
        "q_wishes": ["reading", "kids"],
        "q_suggestion": "希望周末多一些亲子活动",
    }
    return data | extra


def open_form(client, target):
    page = client.get(target.get_public_url())
    assert page.status_code == 200
    return page.context["client_id"], page.context["started"]


def test_answer_submit_thanks_and_one_per_device(world, client, target, monkeypatch):
    client_id, started = open_form(client, target)
    monkeypatch.setattr("changxiao.surveys.responses.seconds_since", lambda token: 95)
    sent = answers(world, client_id=client_id, started=started)
    response = client.post(target.get_public_url(), sent)
    assert response.status_code == 200 and "已收到" in response.content.decode()  # no redirect to follow
    assert f'<a href="{reverse("public:feedback_submit")}">群众意见反馈渠道</a>' in response.content.decode()
    stored = Response.objects.get()
    assert stored.answers["overall"] == 4 and stored.answers["wishes"] == ["kids", "reading"]
    assert (stored.region, stored.venue, stored.suspicious) == (world.gusu, world.venue_unit, False)
    again = client.get(target.get_public_url())
    assert "已经在本设备上填写过" in again.content.decode()
    reloaded = client.post(target.get_public_url(), sent)  # the thank-you page reloaded: the form sent again
    assert reloaded.status_code == 200 and "已经在本设备上填写过" in reloaded.content.decode()
    assert Response.objects.count() == 1


def test_the_thank_you_page_follows_the_language_and_the_campaign_title(world, target):
    from django.test import Client

    def thanked(language: str) -> str:
        respondent = Client(headers={"accept-language": language})
        client_id, started = open_form(respondent, target)
        sent = answers(world, client_id=client_id, started=started)
        return respondent.post(target.get_public_url(), sent).content.decode()

    assert "已收到" in thanked("zh-CN") and "<h1>2026年测评</h1>" not in thanked("zh-CN")
    assert "Your answers have been received" in thanked("en")
    campaign = target.campaign
    campaign.title = "2026年测评"
    campaign.save()  # as the office saves it: the process forgets the target it kept
    assert "<h1>2026年测评</h1>" in thanked("zh-CN") and Response.objects.count() == 4


def test_a_double_tap_is_stored_once_and_a_changed_replay_refused(world, client, target):
    client_id, started = open_form(client, target)
    data = answers(world, client_id=client_id, started=started)
    first = client.post(target.get_public_url(), data)
    client.cookies.clear()  # the same form sent again (e.g. the tap was retried before the cookie arrived)
    second = client.post(target.get_public_url(), data)
    assert first.status_code == second.status_code == 200
    assert Response.objects.count() == 1
    client.cookies.clear()
    changed = client.post(target.get_public_url(), {**data, "q_overall": "1"})
    assert changed.status_code == 409 and "其他答案" in changed.content.decode()
    assert Response.objects.count() == 1


@pytest.mark.parametrize("quota", [None, 100])
def test_answers_the_database_could_not_store_come_back_to_be_sent_again(
    world, client, target, monkeypatch, quota
):
    from django.db import OperationalError

    from changxiao.surveys import services

    Campaign.objects.filter(pk=target.campaign_id).update(quota=quota)
    client_id, started = open_form(client, target)
    sent = answers(world, client_id=client_id, started=started, q_suggestion="图书馆<b>晚上</b>开放")
    store = services._store

    def locked(response):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "_store", locked)
    page = client.post(target.get_public_url(), sent)
    text = page.content.decode()
    assert page.status_code == 503 and page["Retry-After"] == "60" and "暂时未能保存" in text
    assert "请检查" not in text  # not a mistake of the respondent's
    # The form again with every answer given and the same identifier, the suggestion escaped.
    assert f'name="client_id" value="{client_id}"' in text and "图书馆&lt;b&gt;晚上&lt;/b&gt;开放" in text
    assert re.search(r'name="q_wishes" value="kids"[^>]*checked', text)
    assert re.search(r'name="q_overall" value="4"[^>]*checked', text)
    assert not Response.objects.exists() and "cx_answered" not in page.cookies
    monkeypatch.setattr(services, "_store", store)
    again = client.post(target.get_public_url(), sent)
    assert again.status_code == 200 and "已收到" in again.content.decode()
    assert Response.objects.get().client_id.hex == client_id.replace("-", "")


def test_identifiers_typed_into_written_answers_are_not_kept(world, client, target):
    client_id, started = open_form(client, target)
    assert (
        "电话、身份证号、电子邮箱、QQ号和微信号不会被保存"
        in client.get(target.get_public_url()).content.decode()
    )
    typed = "请联系我 138 1234 5678 或 zhang@example.com，阅览室周末太挤"
    sent = answers(world, client_id=client_id, started=started, q_suggestion=typed)
    assert client.post(target.get_public_url(), sent).status_code == 200
    assert Response.objects.get().answers["suggestion"] == "请联系我 *** 或 ***，阅览室周末太挤"
    client.cookies.clear()  # the same form sent again: acknowledged, as the stored answers are the same
    assert client.post(target.get_public_url(), sent).status_code == 200 and Response.objects.count() == 1


def test_fast_or_robotic_answers_are_stored_and_flagged(world, client, target):
    client_id, started = open_form(client, target)
    client.post(
        target.get_public_url(), answers(world, client_id=client_id, started=started, website="http://x")
    )
    stored = Response.objects.get()
    assert stored.suspicious and "honeypot" in stored.suspicion and "answered in" in stored.suspicion
    assert "用时" in stored.get_suspicion_display() and "防机器人" in stored.get_suspicion_display()


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"q_overall": "9"}, "选择量表"),
        ({"q_overall": ""}, "需要回答"),
        ({"q_age": "ancient"}, "选择"),
        ({"q_recommend": "11"}, "0到10"),
        ({"q_suggestion": "字" * 2001}, "2000"),
        ({"q_district": "999999"}, "区"),
    ],
)
def test_invalid_answers_get_a_clear_message_and_nothing_is_stored(world, client, target, extra, message):
    client_id, started = open_form(client, target)
    response = client.post(
        target.get_public_url(), answers(world, client_id=client_id, started=started, **extra)
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not Response.objects.exists()


def test_conditional_question_is_ignored_when_its_condition_is_unmet(world, client, target):
    client_id, started = open_form(client, target)
    client.post(
        target.get_public_url(), answers(world, client_id=client_id, started=started, q_frequency="0")
    )
    assert "venue" not in Response.objects.get().answers


def test_closed_and_unknown_campaigns_say_so_politely(world, client, target):
    Campaign.objects.filter(pk=target.campaign_id).update(ends_on=date.today() - timedelta(days=1))
    closed = client.get(target.get_public_url())
    assert closed.status_code == 410 and "已于" in closed.content.decode()
    unknown = client.get(reverse("public:survey", args=["nope"]))
    assert unknown.status_code == 404 and "无效" in unknown.content.decode()
    missing_id = client.post(target.get_public_url(), {"client_id": "x"})
    assert missing_id.status_code == 410


def test_a_twenty_question_page_is_small(world, client, target):
    page = client.get(target.get_public_url())
    css = client.get("/static/css/survey.css")
    assert (
        len(page.content) + len(b"".join(css.streaming_content if css.streaming else [css.content])) < 60_000
    )
    assert "bootstrap" not in page.content.decode()


def test_the_form_of_a_published_version_is_drawn_once(world, target, django_assert_max_num_queries):
    from django.test import Client

    first = Client().get(target.get_public_url())
    assert "离家附近的公共文化设施" in first.content.decode()
    with django_assert_max_num_queries(2):  # the target with its campaign; the questions come from the cache
        second = Client().get(target.get_public_url())
    body = second.content.decode()
    assert "离家附近的公共文化设施" in body and world.gusu.name in body
    assert first.context["client_id"] != second.context["client_id"]  # each respondent gets their own form


def test_a_saved_campaign_change_shows_at_once(world, client, target):
    """The link's target is cached; saving the campaign drops it, so closing a campaign takes effect at once."""
    assert client.get(target.get_public_url()).status_code == 200
    campaign = Campaign.objects.get(pk=target.campaign_id)
    campaign.ends_on = date.today() - timedelta(days=1)
    campaign.save()
    assert client.get(target.get_public_url()).status_code == 410


def test_the_venue_picker_groups_the_jurisdictions_venues_by_district(world, client, target):
    """A city campaign offers the city's venues under their districts; a district's campaign only its own."""
    city_library = Unit.objects.create(
        code="SZ-LIB", name="苏州图书馆", kind="venue", venue_type="public_library", region=world.city
    )
    body = client.get(target.get_public_url()).content.decode()
    picker = body[body.index('name="q_venue"') : body.index("</select>", body.index('name="q_venue"'))]
    groups = re.findall(r'<optgroup label="([^"]+)">', picker)
    assert groups == ["苏州市", "姑苏区", "昆山市"]
    assert picker.index(city_library.name) < picker.index("姑苏区") < picker.index(world.station_unit.name)
    assert picker.index("昆山市") < picker.index(world.outsider_unit.name)

    district_campaign = Campaign.objects.get(pk=target.campaign_id)
    district_campaign.region = world.gusu
    district_campaign.save()
    body = client.get(target.get_public_url()).content.decode()
    picker = body[body.index('name="q_venue"') : body.index("</select>", body.index('name="q_venue"'))]
    assert world.venue_unit.name in picker and world.station_unit.name in picker
    assert world.outsider_unit.name not in picker and city_library.name not in picker


def test_a_venue_outside_the_campaigns_jurisdiction_is_refused(world, client, target, monkeypatch):
    campaign = Campaign.objects.get(pk=target.campaign_id)
    campaign.region = world.gusu
    campaign.save()
    client_id, started = open_form(client, target)
    monkeypatch.setattr("changxiao.surveys.responses.seconds_since", lambda token: 95)
    data = answers(world, client_id=client_id, started=started, q_venue=str(world.outsider_unit.pk))
    response = client.post(target.get_public_url(), data)
    assert response.status_code == 400 and "请选择列出的场馆之一" in response.content.decode()
    assert not Response.objects.exists()


def test_a_venue_opened_or_closed_is_offered_or_refused_at_once(world, target, monkeypatch):
    """The venues a submission may name, and the page's form that lists them, are kept per process for a minute;
    saving a unit forgets them, so the picker and the check always agree in that process."""
    from django.test import Client

    monkeypatch.setattr("changxiao.surveys.responses.seconds_since", lambda token: 95)

    def submit(venue):
        respondent = Client()
        client_id, started = open_form(respondent, target)
        data = answers(world, client_id=client_id, started=started, q_venue=str(venue.pk))
        return respondent.post(target.get_public_url(), data)

    def offered() -> bool:  # the page's venue picker lists the new venue
        return "姑苏区新馆" in Client().get(target.get_public_url()).content.decode()

    assert submit(world.venue_unit).status_code == 200  # the venues offered and the page's form are now kept
    opened = Unit.objects.create(
        code="GS-NEW", name="姑苏区新馆", kind="venue", venue_type="culture_centre", region=world.gusu
    )
    assert offered() and submit(opened).status_code == 200
    opened.is_active = False
    opened.save()
    assert not offered()
    refused = submit(opened)
    assert refused.status_code == 400 and "请选择列出的场馆之一" in refused.content.decode()
    assert Response.objects.count() == 2


def test_the_district_picker_follows_the_administrative_codes(world, client, target):
    make_region("320571", "苏州工业园区", "zone", world.city)
    body = client.get(target.get_public_url()).content.decode()
    picker = body[body.index('name="q_district"') : body.index("</select>", body.index('name="q_district"'))]
    names = re.findall(r'<option value="\d+">([^<]+)</option>', picker)
    assert names == [
        "姑苏区",
        "苏州工业园区",
        "昆山市",
    ]  # 320508, 320571, 320583, whatever their creation order


def test_a_full_campaign_refuses_new_responses_and_still_acknowledges_a_retry(world, target, monkeypatch):
    from django.test import Client

    Campaign.objects.filter(pk=target.campaign_id).update(quota=1)
    monkeypatch.setattr("changxiao.surveys.responses.seconds_since", lambda token: 95)  # counted answers
    first = Client()
    client_id, started = open_form(first, target)
    sent = answers(world, client_id=client_id, started=started)
    assert first.post(target.get_public_url(), sent).status_code == 200
    second = Client()
    late_id, late_started = open_form(second, target)  # the page was opened before the campaign filled up
    cache.clear()  # the page views' recent count forgotten: the submission counts exactly
    refused = second.post(target.get_public_url(), answers(world, client_id=late_id, started=late_started))
    assert refused.status_code == 410 and "足够的答卷" in refused.content.decode()
    retry = Client().post(target.get_public_url(), sent)  # the first respondent's retry from a fresh browser
    assert retry.status_code == 200 and Response.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_never_pass_the_quota(world, monkeypatch):
    import uuid

    from django.http import QueryDict

    from changxiao.surveys import responses, services

    target = make_survey_target(world.city, world.gusu, "姑苏区", quota=3)
    monkeypatch.setattr(responses, "seconds_since", lambda token: 95)  # counted answers fill the quota
    outcomes = []

    def respond():
        data = QueryDict(mutable=True)
        for key, value in answers(world, client_id=str(uuid.uuid4()), started="").items():
            data.setlist(key, value if isinstance(value, list) else [value])
        try:
            services.response_submit(target=target, data=data)
            outcomes.append("stored")
        except responses.Refused as refused:
            outcomes.append(refused.status)

    at_once(respond, 8)
    assert sorted(outcomes, key=str) == [410] * 5 + ["stored"] * 3
    assert Response.objects.filter(campaign=target.campaign).count() == 3


def test_only_counted_answers_fill_the_quota(world, target, monkeypatch):
    """A quota of 2: flagged answers (a robot's honeypot, an answer in two seconds) are kept for the office's review
    but leave the campaign open; the two counted ones close it, and a flagged one the office includes counts."""
    from django.test import Client

    from changxiao.surveys import services

    Campaign.objects.filter(pk=target.campaign_id).update(quota=2)
    seconds = {"value": 2}
    monkeypatch.setattr("changxiao.surveys.responses.seconds_since", lambda token: seconds["value"])

    def opened():
        respondent = Client()
        return respondent, *open_form(respondent, target)

    def respond(form=None, **extra):
        respondent, client_id, started = form or opened()
        cache.clear()  # the page views' recent count forgotten
        return respondent.post(
            target.get_public_url(), answers(world, client_id=client_id, started=started, **extra)
        )

    for _ in range(3):
        assert respond().status_code == 200  # answered too fast: flagged
    assert respond(website="http://spam.example").status_code == 200  # the honeypot: flagged
    assert Response.objects.filter(suspicious=True).count() == 4
    seconds["value"] = 95
    late = [opened() for _ in range(3)]  # pages opened before the campaign fills up
    assert respond().status_code == 200
    assert "足够的答卷" not in Client().get(target.get_public_url()).content.decode()
    assert respond().status_code == 200
    cache.clear()
    assert Client().get(target.get_public_url()).status_code == 410
    refused = respond(late[0])
    assert refused.status_code == 410 and "足够的答卷" in refused.content.decode()
    seconds["value"] = 2
    assert respond(late[1]).status_code == 410  # a full campaign takes no more answers, flagged or not
    assert Response.objects.count() == 6

    # With the quota raised to 3, a flagged answer the office includes fills the last place.
    Campaign.objects.filter(pk=target.campaign_id).update(quota=3)
    flagged = Response.objects.filter(suspicious=True).first()
    services.responses_include(campaign=target.campaign, ids=[flagged.pk], by=world.office)
    seconds["value"] = 95
    assert respond(late[2]).status_code == 410


def test_typing_mistakes_and_a_crowd_behind_one_address_are_not_locked_out(world, target, monkeypatch):
    """A respondent who keeps leaving a question unanswered is never locked out (only accepted answers count), and
    thirty more respondents behind the same library Wi-Fi all answer within the minute."""
    from django.test import Client

    monkeypatch.setattr("changxiao.surveys.responses.seconds_since", lambda token: 95)
    respondent = Client()
    client_id, started = open_form(respondent, target)
    for _ in range(12):
        incomplete = answers(world, client_id=client_id, started=started)
        del incomplete["q_overall"]
        assert respondent.post(target.get_public_url(), incomplete).status_code == 400
    assert (
        respondent.post(
            target.get_public_url(), answers(world, client_id=client_id, started=started)
        ).status_code
        == 200
    )
    for _ in range(30):
        neighbour = Client()
        neighbour_id, neighbour_started = open_form(neighbour, target)
        sent = answers(world, client_id=neighbour_id, started=neighbour_started)
        assert neighbour.post(target.get_public_url(), sent).status_code == 200
    assert Response.objects.count() == 31


def test_the_address_ceiling_says_the_real_wait_and_keeps_the_answers(world, target, monkeypatch):
    from django.test import Client

    from changxiao.core import ratelimit
    from changxiao.surveys.views import SURVEY_LIMITS

    monkeypatch.setattr(ratelimit, "_now", lambda: 1_000_050.0)  # 30 seconds into a minute
    for _ in range(SURVEY_LIMITS.per_address):
        respondent = Client()
        client_id, started = open_form(respondent, target)
        sent = answers(world, client_id=client_id, started=started)
        assert respondent.post(target.get_public_url(), sent).status_code == 200
    late = Client()
    client_id, started = open_form(late, target)
    sent = answers(world, client_id=client_id, started=started, q_suggestion="希望周末多一些亲子活动")
    response = late.post(target.get_public_url(), sent)
    page = response.content.decode()
    assert response.status_code == 429 and response["Retry-After"] == "30" and "30秒" in page
    assert "希望周末多一些亲子活动" in page and f'name="client_id" value="{client_id}"' in page
    assert Response.objects.count() == SURVEY_LIMITS.per_address
    monkeypatch.setattr(ratelimit, "_now", lambda: 1_000_080.0)
    assert late.post(target.get_public_url(), sent).status_code == 200


@pytest.mark.parametrize("quota", [None, 100])
def test_a_submission_costs_its_insert_and_with_a_quota_the_locked_count(world, target, monkeypatch, quota):
    """The busiest write stays one INSERT; with a quota, the campaign's row locked, the replay check and the count of
    counted responses (one query, responses.quota_filled) around it. Neither the flagged responses the quota leaves
    out nor the rate limits (counted in the cache) add a query."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    Campaign.objects.filter(pk=target.campaign_id).update(quota=quota)
    monkeypatch.setattr("changxiao.surveys.responses.seconds_since", lambda token: 95)
    for _ in range(2):  # the first warms the process's kept target, questions and pickers
        respondent = Client()
        client_id, started = open_form(respondent, target)
        sent = answers(world, client_id=client_id, started=started)
        with CaptureQueriesContext(connection) as queries:
            assert respondent.post(target.get_public_url(), sent).status_code == 200
    statements = [query["sql"].split()[0].upper() for query in queries.captured_queries]
    if quota is None:
        assert statements == ["INSERT"]
    else:
        assert statements.count("INSERT") == 1 and statements.count("SELECT") == 3, statements


def test_without_javascript_a_conditional_question_says_when_it_applies(world, client, target, monkeypatch):
    # A required conditional question with the author's hint: no bare red *, but when it applies, in words.
    target.campaign.questionnaire.questions.filter(code="venue").update(
        required=True, help_text="可填写您家附近的场馆"
    )
    page = client.get(target.get_public_url())
    html = page.content.decode()
    block = re.search(r'<div class="q" data-show-if="[^"]*">\s*<label for="q_venue">.*?</div>', html, re.S)
    assert block is not None, "the venue question carries its condition for the script"
    venue = block.group(0)
    assert (
        "仅当您对“过去一年您去公共文化场馆（图书馆、文化馆、文化站等）的次数”的回答为"
        "“1–3次”、“4–11次”、“12次及以上”时作答。" in venue
    )
    assert '<span class="req" aria-hidden="true" hidden> *</span>' in venue  # the mark waits for the script
    assert "可填写您家附近的场馆" in venue  # the author's hint is kept
    assert "如适用请回答" not in html
    # The small script of our own that applies the conditions, from the static folder (the CSP allows 'self').
    assert re.search(r'<script src="/static/js/survey-conditions\.js" defer></script>', html)
    from django.contrib.staticfiles import finders

    assert finders.find("js/survey-conditions.js")
    # The server's check stays the rule: a respondent who never visits is not asked for a venue.
    client_id, started = open_form(client, target)
    data = answers(world, client_id=client_id, started=started, q_frequency="0", q_venue="")
    monkeypatch.setattr("changxiao.surveys.responses.seconds_since", lambda token: 60)
    done = client.post(target.get_public_url(), data)
    assert done.status_code == 200 and "venue" not in Response.objects.get().answers
