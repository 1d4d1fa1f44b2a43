"""Properties of the public submit (/public/s/<token>/), posted as a browser posts the form (urlencoded).

Whatever a client sends, the answer is a page: the thank-you page with exactly one stored response, or a 4xx
that says what is wrong with nothing stored — never a 500. Valid answers are generated from what the form
offers (the view's own options), so the properties follow the questionnaire rather than a copy of it.

Each example uses a fresh Client (the device cookie would otherwise refuse the second example), clears the
cache (the per-address rate limit) and starts from an empty response table (the world is built once per
test, not per example)."""

import uuid
from datetime import timedelta
from urllib.parse import quote, urlencode

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from changxiao.core.deadlines import local_today
from changxiao.core.personal_data import redact_identifiers
from changxiao.orgs.choices import RegionLevel, UnitKind, VenueType
from changxiao.surveys.choices import QuestionKind
from changxiao.surveys.models import Campaign, CampaignTarget, Question, Questionnaire, Response, Section
from changxiao.surveys.questionnaires import load_shipped
from changxiao.surveys.responses import MAX_LONG_TEXT, MAX_SHORT_TEXT, started_token
from conftest import make_region, make_survey_target, make_unit

PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PER_KIND = settings(PROPERTY, max_examples=20)

LIMITS = {QuestionKind.SHORT_TEXT: MAX_SHORT_TEXT, QuestionKind.LONG_TEXT: MAX_LONG_TEXT}
NUMBERED = (QuestionKind.LIKERT, QuestionKind.RATING, QuestionKind.REGION, QuestionKind.VENUE)
PICKERS = (QuestionKind.REGION, QuestionKind.VENUE)
# Any text a phone can send: every code point but the surrogates (which cannot be encoded) and NUL (tested apart).
TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"))
# A character that str.strip() keeps, for building oversized answers cheaply.
SOLID = st.characters(exclude_categories=["Cs", "Cc", "Zs", "Zl", "Zp"]).filter(lambda c: c.strip() == c)

THANKS = "谢谢！您的答卷已收到。"
EXPIRED = "问卷已失效，请重新打开调查链接。"
CHANGED = "这份问卷已用其他答案提交过，请重新打开调查链接。"
ALREADY = "您已经在本设备上填写过本次调查，谢谢！"
CLOSED = {
    "ended": "本次调查已于",
    "not_started": "本次调查尚未开始",
    "quota": "本次调查已收集到足够的答卷",
}


# --- Surveys under test ------------------------------------------------------------------------------------------


def open_campaign(world, questionnaire: Questionnaire, **extra) -> CampaignTarget:
    return make_survey_target(world.city, world.gusu, "姑苏区", questionnaire=questionnaire, **extra)


def every_kind_questionnaire() -> Questionnaire:
    """One required question of each kind, so that each kind's refusals can be tried on its own."""
    questionnaire = Questionnaire.objects.create(
        code="every-kind", title="题型测试表", published_at=timezone.now(), dimensions=[]
    )
    section = Section.objects.create(questionnaire=questionnaire, title="全部题型")
    specs = [
        ("choice", QuestionKind.SINGLE, "您的性别", [["m", "男"], ["f", "女"]]),
        (
            "many",
            QuestionKind.MULTIPLE,
            "您希望增加哪些服务",
            [["reading", "阅读"], ["shows", "演出"], ["kids", "少儿"]],
        ),
        ("scale", QuestionKind.LIKERT, "您对场馆开放时间的满意程度", []),
        ("rating", QuestionKind.RATING, "您向亲友推荐的可能性", []),
        ("short", QuestionKind.SHORT_TEXT, "您的职业", []),
        ("long", QuestionKind.LONG_TEXT, "您的意见和建议", []),
        ("district", QuestionKind.REGION, "您居住在哪个区", []),
        ("venue", QuestionKind.VENUE, "您最常去的场馆", []),
    ]
    for position, (code, kind, text, choices) in enumerate(specs):
        Question.objects.create(
            questionnaire=questionnaire,
            section=section,
            code=code,
            position=position,
            kind=kind,
            text=text,
            choices=choices,
        )
    return questionnaire


def next_version(questionnaire: Questionnaire) -> Questionnaire:
    """The following version: the age brackets changed and a required question added."""
    following = Questionnaire.objects.create(
        code=questionnaire.code,
        version=questionnaire.version + 1,
        title=questionnaire.title,
        dimensions=questionnaire.dimensions,
        published_at=timezone.now(),
    )
    for section in questionnaire.sections.all():
        copy = Section.objects.create(questionnaire=following, position=section.position, title=section.title)
        for question in section.questions.all():
            question.pk, question.questionnaire, question.section = None, following, copy
            if question.code == "age":
                question.choices = [["u30", "30岁以下"], ["30p", "30岁及以上"]]
            question.save()
    Question.objects.create(
        questionnaire=following,
        section=copy,
        code="channel",
        position=99,
        kind=QuestionKind.SINGLE,
        text="您从哪里得知本次调查",
        choices=[["wechat", "微信"], ["poster", "海报"]],
    )
    return following


@pytest.fixture
def shipped_target(world):
    return open_campaign(world, load_shipped()[0][0])


@pytest.fixture
def every_kind_target(world):
    return open_campaign(world, every_kind_questionnaire())


@pytest.fixture(params=["shipped", "every_kind"])
def any_target(request):
    return request.getfixturevalue(f"{request.param}_target")


@pytest.fixture
def questions(any_target):
    """Read once per test: the campaign is open when the test starts, whatever an example does to it."""
    return offered(any_target)


@pytest.fixture
def shipped_questions(shipped_target):
    return offered(shipped_target)


@pytest.fixture
def every_kind_questions(every_kind_target):
    return offered(every_kind_target)


@pytest.fixture
def version_two_target(world, shipped_target):
    """A campaign running the following version of the shipped questionnaire from its first day."""
    return open_campaign(world, next_version(shipped_target.campaign.questionnaire))


@pytest.fixture
def strangers(world):
    """What a form must not accept: a region of another city, a closed venue, units that are not venues."""
    world.nanjing = make_region("320100", "南京市", RegionLevel.CITY, world.province)
    world.closed_venue = make_unit(
        "GS-OLD",
        "已撤并的文化站",
        UnitKind.VENUE,
        world.gusu,
        venue_type=VenueType.TOWNSHIP_STATION,
        is_active=False,
    )
    return world


# --- Helpers -----------------------------------------------------------------------------------------------------


def offered(target: CampaignTarget) -> list:
    """The questions as the form draws them, each with the options it offers."""
    page = Client().get(target.get_public_url())
    assert page.status_code == 200
    return page.context["questions"]()  # drawn on demand: the page may come from the cached block


def fresh_client() -> Client:
    cache.clear()
    Response.objects.all().delete()
    return Client()


def post(target: CampaignTarget, data: dict, client: Client | None = None):
    fields = {key: value for key, value in data.items() if value is not None}
    return (client or Client()).post(
        target.get_public_url(),
        urlencode(fields, doseq=True),
        content_type="application/x-www-form-urlencoded",
    )


def form(answers: dict, client_id: uuid.UUID | str | None = None) -> dict:
    return {"client_id": str(client_id or uuid.uuid4()), "started": started_token(), **answers}


def options(question) -> list[str]:
    return [value for value, _label in question.options]


def first_choices(questions, **overrides) -> dict:
    """A plain valid answer to every question (the first option, or a word), with some replaced."""
    answers = {f"q_{q.code}": options(q)[:1] or ["教师"] for q in questions}
    return answers | {f"q_{code}": value for code, value in overrides.items()}


def stored_value(question, raw: list[str]):
    values = [value.strip() for value in raw if value.strip()]
    if not values:
        return None
    if question.kind == QuestionKind.MULTIPLE:
        return sorted(set(values))
    if question.kind in LIMITS:  # written answers are stored without what could be a phone or card number
        return redact_identifiers(values[0])
    return int(values[0]) if question.kind in NUMBERED else values[0]


def shown(question, answers: dict) -> bool:
    if not question.condition:
        return True
    given = answers.get(question.condition["question"])
    values = given if isinstance(given, list) else [given]
    return any(str(value) in question.condition["in"] for value in values if value is not None)


def expected_answers(questions, posted: dict) -> dict:
    answers: dict = {}
    for question in questions:
        value = stored_value(question, posted.get(f"q_{question.code}", []))
        if value is not None and shown(question, answers):
            answers[question.code] = value
    return answers


def assert_refused(response, status: int, *messages: str) -> None:
    body = response.content.decode()
    assert response.status_code == status, body[:500]
    assert 'role="alert"' in body or 'class="message"' in body
    for message in messages:
        assert message in body
    assert not Response.objects.exists()


def error_about(question) -> str:
    return f"<li>“{question.text}”"


def assert_thanks(response, target: CampaignTarget) -> None:
    """The submission's answer is the thank-you page itself, with the device remembered."""
    assert response.status_code == 200, response.content.decode()[:500]
    assert 'class="message thanks"' in response.content.decode()
    assert str(target.campaign_id) in response.cookies["cx_answered"].value.split(":")[0].split(".")


# --- Strategies --------------------------------------------------------------------------------------------------


def valid_value(question) -> st.SearchStrategy[list[str]]:
    if question.kind in LIMITS:
        limit = LIMITS[question.kind]
        return TEXT.filter(lambda v: v.strip() and len(v.strip()) <= limit).map(lambda v: [v])
    if question.kind == QuestionKind.MULTIPLE:
        return st.lists(st.sampled_from(options(question)), min_size=1, unique=True)
    return st.sampled_from(options(question)).map(lambda v: [v])


@st.composite
def valid_answers(draw, questions) -> dict:
    answers = {}
    for question in questions:
        strategy = valid_value(question)
        value = draw(strategy if question.required else st.none() | strategy)
        if value is not None:
            answers[f"q_{question.code}"] = value
    return answers


def not_accepted(question, world) -> st.SearchStrategy[list[str]]:
    """One answer that the question must refuse (besides NUL, tested apart)."""
    allowed = options(question)
    accepted = set(allowed)

    def refused(value: str) -> bool:
        value = value.strip()
        if value.isascii() and value.isdecimal() and len(value) <= 12:
            value = str(int(value))  # '03' names the same pk as '3'; '٣' and '３' are refused
        return bool(value) and value not in accepted

    garbage = TEXT.filter(refused).map(lambda v: [v])
    if question.kind in LIMITS:
        limit = LIMITS[question.kind]
        return st.builds(lambda text, c, n: [text + c * n], TEXT, SOLID, st.integers(limit + 1, 3 * limit))
    if question.kind == QuestionKind.MULTIPLE:
        return st.lists(st.sampled_from(allowed) | TEXT, min_size=1, max_size=20).filter(
            lambda values: any(refused(v) for v in values)
        )
    numbers = st.integers().map(str).filter(refused).map(lambda v: [v])
    if question.kind == QuestionKind.REGION:
        return numbers | garbage | st.sampled_from([world.province, world.nanjing]).map(lambda r: [str(r.pk)])
    if question.kind == QuestionKind.VENUE:
        units = [world.closed_venue, world.office_unit, world.district_unit, world.member_unit]
        return numbers | garbage | st.sampled_from(units).map(lambda u: [str(u.pk)])
    return (
        numbers
        | garbage
        | st.sampled_from(["4.0", "+4", "٤", "４", "1e1", "-0", "abc", "十"])
        .filter(refused)
        .map(lambda v: [v])
    )


# --- Accepted ----------------------------------------------------------------------------------------------------


@PROPERTY
@given(data=st.data())
def test_valid_answers_are_accepted_and_stored_exactly_once(world, any_target, questions, data):
    client = fresh_client()
    client_id = data.draw(st.uuids(), "client_id")
    answers = data.draw(valid_answers(questions), "answers")

    response = post(any_target, form(answers, client_id), client)

    assert_thanks(response, any_target)
    assert THANKS in response.content.decode()
    stored = Response.objects.get()
    assert stored.answers == expected_answers(questions, answers)
    assert (stored.client_id, stored.target, stored.questionnaire) == (
        client_id,
        any_target,
        any_target.campaign.questionnaire,
    )
    assert stored.region_id == stored.answers.get("district", any_target.region_id)
    assert stored.venue_id == stored.answers.get("venue")
    assert client.get(any_target.get_public_url()).content.decode().count(ALREADY) == 1


@PROPERTY
@given(data=st.data())
def test_a_replay_is_acknowledged_and_stored_once(world, any_target, questions, data):
    """A retried tap sends the same client identifier and content (multiple choices perhaps in another order, a
    new start token): it is acknowledged without a second row."""
    client = fresh_client()
    answers = data.draw(valid_answers(questions), "answers")
    sent = form(answers)
    assert_thanks(post(any_target, sent, client), any_target)
    first = Response.objects.get()

    reordered = {key: data.draw(st.permutations(value)) for key, value in answers.items()}
    replay = post(any_target, {**sent, **reordered, "started": started_token()})  # before the cookie arrived

    assert_thanks(replay, any_target)
    assert ALREADY in post(any_target, sent, client).content.decode()  # after it did
    assert list(Response.objects.values_list("pk", "answers")) == [(first.pk, first.answers)]


@PROPERTY
@given(data=st.data())
def test_the_same_client_id_with_other_answers_is_refused(world, any_target, questions, data):
    fresh_client()
    first = data.draw(valid_answers(questions), "first")
    other = data.draw(
        valid_answers(questions).filter(
            lambda a: expected_answers(questions, a) != expected_answers(questions, first)
        ),
        "other",
    )
    client_id = uuid.uuid4()
    assert_thanks(post(any_target, form(first, client_id)), any_target)

    refused = post(any_target, form(other, client_id))

    assert refused.status_code == 409 and CHANGED in refused.content.decode()
    assert list(Response.objects.values_list("answers", flat=True)) == [expected_answers(questions, first)]


def test_the_same_form_sent_to_another_link_is_refused(world, shipped_target, shipped_questions):
    answers = {f"q_{q.code}": options(q)[0] for q in shipped_questions if q.required}
    sent = form(answers)
    assert_thanks(post(shipped_target, sent), shipped_target)
    other_link = CampaignTarget.objects.create(
        campaign=shipped_target.campaign, label="昆山市", region=world.kunshan
    )

    refused = post(other_link, sent)

    assert refused.status_code == 409 and CHANGED in refused.content.decode()
    assert Response.objects.get().target == shipped_target


# --- Refused: answers --------------------------------------------------------------------------------------------


@PROPERTY
@given(data=st.data())
def test_missing_required_answers_are_refused_naming_each_question(world, any_target, questions, data):
    fresh_client()
    answers = data.draw(valid_answers(questions), "answers")
    required = [q for q in questions if q.required]
    missing = data.draw(
        st.lists(st.sampled_from(required), min_size=1, unique_by=lambda q: q.code), "missing"
    )
    for question in missing:
        answers[f"q_{question.code}"] = data.draw(st.sampled_from([None, "", " ", "\t\n", "\u3000"]))

    response = post(any_target, form(answers))

    assert_refused(response, 400, "请检查以下回答", *(f"“{q.text}”需要回答。" for q in missing))


@PROPERTY
@given(data=st.data())
def test_unknown_fields_are_ignored_and_never_stored(world, any_target, questions, data):
    """Fields the version does not ask for (a stale page, a crafted post) neither break the form nor reach the
    stored answers."""
    fresh_client()
    known = {f"q_{q.code}" for q in questions} | {"client_id", "started", "website", "csrfmiddlewaretoken"}
    extra = data.draw(
        st.dictionaries(
            (TEXT | TEXT.map("q_{}".format)).filter(lambda key: key and key not in known),
            TEXT | st.lists(TEXT, max_size=5),
            min_size=1,
            max_size=15,
        ),
        "extra",
    )
    answers = data.draw(valid_answers(questions), "answers")

    response = post(any_target, form({**extra, **answers}))

    assert_thanks(response, any_target)
    assert Response.objects.get().answers == expected_answers(questions, answers)


@pytest.mark.parametrize("code", ["choice", "many", "scale", "rating", "short", "long", "district", "venue"])
@PER_KIND
@given(data=st.data())
def test_invalid_values_of_each_kind_are_refused(
    strangers, every_kind_target, every_kind_questions, code, data
):
    question = next(q for q in every_kind_questions if q.code == code)
    fresh_client()
    answers = data.draw(valid_answers(every_kind_questions), "answers")
    answers[f"q_{code}"] = data.draw(not_accepted(question, strangers), "invalid")

    response = post(every_kind_target, form(answers))

    assert_refused(response, 400, "请检查以下回答", error_about(question))


@PER_KIND
@given(data=st.data())
def test_many_values_for_one_question_are_refused(world, every_kind_target, every_kind_questions, data):
    """Several answers to a one-answer question, or more choices than offered (up to the 1,000 fields Django
    parses), are refused, not truncated."""
    question = data.draw(st.sampled_from(every_kind_questions), "question")
    fresh_client()
    answers = data.draw(valid_answers(every_kind_questions), "answers")
    one = (
        st.sampled_from(options(question))
        if options(question)
        else TEXT.filter(str.strip).filter(lambda v: len(v) <= 20)
    )
    least = len(options(question)) + 1 if question.kind == QuestionKind.MULTIPLE else 2
    count = data.draw(st.integers(least, 900), "count")
    values = data.draw(st.lists(one, min_size=1, max_size=8), "values")
    answers[f"q_{question.code}"] = (values * count)[:count]

    response = post(every_kind_target, form(answers))

    assert_refused(response, 400, error_about(question))


@pytest.mark.parametrize(
    "code, value, message",
    [
        ("choice", "x", "请从给出的选项中选择"),
        ("choice", ["m", "f"], "请只选一项"),
        ("many", ["reading", "cinema"], "请从给出的选项中选择"),
        ("scale", "6", "请选择量表中的一项"),
        ("scale", "-1", "请选择量表中的一项"),
        ("rating", "11", "请选择0到10之间的数字"),
        ("rating", "-1", "请选择0到10之间的数字"),
        ("rating", "abc", "请选择0到10之间的数字"),
        ("short", "字" * (MAX_SHORT_TEXT + 1), f"最多{MAX_SHORT_TEXT}个字"),
        ("long", "字" * (MAX_LONG_TEXT + 1), f"最多{MAX_LONG_TEXT}个字"),
        ("district", "@province", "请选择列出的区（县级市）之一"),
        ("district", "@nanjing", "请选择列出的区（县级市）之一"),
        ("district", "99999999999999999999", "请选择列出的区（县级市）之一"),
        ("venue", "@office_unit", "请选择列出的场馆之一"),
        ("venue", "@closed_venue", "请选择列出的场馆之一"),
        ("venue", "0", "请选择列出的场馆之一"),
        ("long", "含有\x00的建议", "答案中含有无法保存的字符"),
    ],
)
def test_each_refusal_says_what_to_correct(
    strangers, every_kind_target, every_kind_questions, code, value, message
):
    question = next(q for q in every_kind_questions if q.code == code)
    if isinstance(value, str) and value.startswith("@"):  # an object of the world, by its name
        value = str(getattr(strangers, value[1:]).pk)

    response = post(every_kind_target, form(first_choices(every_kind_questions, **{code: value})))

    assert_refused(response, 400, f"“{question.text}”：{message}")


@pytest.mark.parametrize("code", ["district", "venue"])
@pytest.mark.parametrize("value", ["²", "1²", "1" * 5000])
def test_picker_digits_that_int_refuses_get_a_message(
    world, every_kind_target, every_kind_questions, code, value
):
    answers = first_choices(every_kind_questions, **{code: value})

    response = post(every_kind_target, form(answers), Client(raise_request_exception=False))

    assert_refused(response, 400, error_about(next(q for q in every_kind_questions if q.code == code)))


@pytest.mark.parametrize("region", ["city", "pingjiang"])
def test_a_district_the_form_does_not_offer_is_refused(
    world, every_kind_target, every_kind_questions, region
):
    district = next(q for q in every_kind_questions if q.code == "district")
    assert str(getattr(world, region).pk) not in options(district)
    answers = first_choices(every_kind_questions, district=str(getattr(world, region).pk))

    response = post(every_kind_target, form(answers))

    assert_refused(response, 400, error_about(district))


def test_more_fields_than_django_parses_get_a_page_in_chinese(world, every_kind_target, every_kind_questions):
    answers = first_choices(every_kind_questions, many=["reading"] * 1500)

    response = post(every_kind_target, form(answers))

    assert response.status_code == 400
    assert 'lang="zh-CN"' in response.content.decode()
    assert not Response.objects.exists()


@PROPERTY
@given(data=st.data())
def test_nul_characters_are_refused(world, any_target, questions, data):
    """PostgreSQL cannot store NUL in JSON: an answer holding one is refused with a message."""
    fresh_client()
    answers = data.draw(valid_answers(questions), "answers")
    answered = expected_answers(questions, answers)
    question = data.draw(st.sampled_from([q for q in questions if q.code in answered]), "question")
    values = answers[f"q_{question.code}"]
    spoiled = data.draw(st.integers(0, len(values) - 1), "which")
    where = data.draw(st.integers(0, len(values[spoiled])), "where")
    values[spoiled] = values[spoiled][:where] + "\x00" + values[spoiled][where:]

    response = post(any_target, form(answers))

    assert_refused(response, 400, f"“{question.text}”：答案中含有无法保存的字符。")


# --- Refused: the form or the campaign ---------------------------------------------------------------------------


@PROPERTY
@given(data=st.data(), changed_after_opening=st.booleans())
def test_answers_to_another_version_are_refused(
    world, shipped_target, shipped_questions, version_two_target, data, changed_after_opening
):
    """Answers made for version 1 — on a page opened before the campaign moved to version 2, or sent to a
    campaign of version 2: the new required question and the changed brackets are named."""
    version_one = shipped_target.campaign.questionnaire
    Campaign.objects.filter(pk=shipped_target.campaign_id).update(questionnaire=version_one)
    fresh_client()
    sent = form(data.draw(valid_answers(shipped_questions), "answers"))
    if changed_after_opening:
        Campaign.objects.filter(pk=shipped_target.campaign_id).update(
            questionnaire=version_two_target.campaign.questionnaire
        )

    response = post(shipped_target if changed_after_opening else version_two_target, sent)

    age = next(q for q in shipped_questions if q.code == "age")
    assert_refused(response, 400, "“您从哪里得知本次调查”需要回答。", f"“{age.text}”：请从给出的选项中选择。")


@pytest.mark.parametrize("state", list(CLOSED))
@PROPERTY
@given(data=st.data())
def test_a_closed_campaign_refuses_politely(world, any_target, questions, state, data):
    fresh_client()
    today = local_today()
    dates = {
        "ended": (today - timedelta(days=30), today - timedelta(days=1)),
        "not_started": (today + timedelta(days=1), today + timedelta(days=30)),
        "quota": (today - timedelta(days=1), today + timedelta(days=30)),
    }[state]
    quota = data.draw(st.integers(1, 3), "quota") if state == "quota" else None
    campaign = Campaign.objects.get(pk=any_target.campaign_id)
    campaign.starts_on, campaign.ends_on, campaign.quota = dates[0], dates[1], quota
    campaign.save()  # saved as the office's screens save it: the public page sees the change at once
    earlier = [
        Response.objects.create(
            campaign=any_target.campaign,
            target=any_target,
            questionnaire=any_target.campaign.questionnaire,
            client_id=uuid.uuid4(),
            content_hash="earlier",
        )
        for _ in range(quota or 0)
    ]

    response = post(any_target, form(data.draw(valid_answers(questions), "answers")))

    body = response.content.decode()
    assert response.status_code == 410 and CLOSED[state] in body and 'class="message"' in body
    assert list(Response.objects.order_by("pk")) == earlier


@PROPERTY
@given(data=st.data(), client_id=st.none() | TEXT | st.just("\x00") | st.uuids().map(lambda u: f"{u}\x00"))
def test_an_invalid_or_missing_client_id_is_refused(world, any_target, questions, data, client_id):
    fresh_client()

    def is_uuid(value) -> bool:
        try:
            uuid.UUID(str(value))
        except ValueError:
            return False
        return True

    assume(client_id is None or not is_uuid(client_id))
    answers = data.draw(valid_answers(questions), "answers")

    response = post(any_target, {**form(answers), "client_id": client_id})

    assert_refused(response, 400, EXPIRED)


# --- Never a server error ----------------------------------------------------------------------------------------


# Text that has broken web forms before: byte-order marks, zero-width and bidirectional marks, private use and
# non-characters, stacked combining marks, other-script digits, emoji sequences, encoded NULs.
ODD_TEXT = st.sampled_from(
    [
        "\ufeff4",
        "4\u200b",
        "\u202e01\u202c",
        "\U0010fffd",
        "\uffff",
        "e\u0301\u0301\u0301",
        "５",
        "٣",
        "👩\u200d👩\u200d👧",
        "\r\n",
        "%00",
        "&#0;",
        "\\u0000",
    ]
)


def fuzzed_fields(questions):
    names = [f"q_{q.code}" for q in questions] + ["client_id", "started", "website"]
    value = TEXT | ODD_TEXT | st.just("\x00")
    return st.dictionaries(st.sampled_from(names), value | st.lists(value, max_size=4), max_size=len(names))


@PROPERTY
@given(data=st.data())
def test_unicode_garbage_gets_a_page_never_an_error(world, any_target, questions, data):
    client = fresh_client()
    fields = data.draw(fuzzed_fields(questions), "fields")

    response = post(any_target, fields, client)

    assert response.status_code in {200, 400}
    if response.status_code == 200:
        assert_thanks(response, any_target)
        assert Response.objects.count() == 1
    else:
        assert_refused(response, 400)


@PROPERTY
@given(token=TEXT.filter(lambda t: t and "/" not in t))
def test_any_link_token_gets_a_page_never_an_error(world, shipped_target, token):
    fresh_client()
    link = "/public/s/" + quote(token, safe="") + "/"
    assert token != shipped_target.token
    sent = urlencode({"client_id": str(uuid.uuid4())})
    posted = Client().post(link, sent, content_type="application/x-www-form-urlencoded")
    for response in (Client().get(link), posted):
        assert response.status_code == 404
    assert not Response.objects.exists()
