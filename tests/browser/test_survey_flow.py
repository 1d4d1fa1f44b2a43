"""The public survey in a real browser, as a citizen meets it: a QR code scanned in WeChat on a phone. The citizen
answers by tapping, is thanked and is not asked twice on the same device; the page is small and works without
JavaScript; the office sees the responses counted and, once a cell has enough of them, the index."""

import uuid
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.http import QueryDict

from changxiao.surveys.choices import QuestionKind
from changxiao.surveys.models import CampaignTarget, Response
from changxiao.surveys.responses import started_token
from changxiao.surveys.services import response_submit
from conftest import make_survey_target

from .conftest import PHONE, _open_page, login, screenshot, url

# WeChat's built-in browser on Android (XWEB, a Chromium), as sent by version 8.0.47.
WECHAT = (
    "Mozilla/5.0 (Linux; Android 13; V2148A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 "
    "MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64"
)
PAGE_BUDGET = 60_000  # bytes for the whole page load over a weak mobile connection
THANKS = "谢谢！您的答卷已收到。"
ALREADY = "您已经在本设备上填写过本次调查，谢谢！"
# What the citizens tap: the label of each required single-choice question, and 很满意 (5) on every scale.
TAPS = {"age": "35–59岁", "frequency": "4–11次"}
VERY_SATISFIED = "很满意"


@pytest.fixture
def survey_link(browser_world):
    w = browser_world
    # A robot answers in seconds (min_seconds=0): its responses stay unflagged, so they count.
    return make_survey_target(w.city, w.gusu, "姑苏区", min_seconds=0)


@pytest.fixture
def wechat(browser, page_problems, live_server):
    """wechat(**options) opens a page in a new phone context with WeChat's user agent; all closed at the end."""
    contexts = []

    def open_page(**options):
        context, page = _open_page(browser, page_problems, {**PHONE, "user_agent": WECHAT, **options})
        contexts.append(context)
        return page

    yield open_page
    for context in contexts:
        context.close()


def answer_by_tapping(page, target: CampaignTarget, district_name: str) -> None:
    """Answer every required question the way a thumb does: a tap on the label, the list for the district."""
    for question in target.campaign.questionnaire.questions.filter(required=True):
        block = page.locator("div.q").filter(has_text=question.text)
        if question.kind == QuestionKind.REGION:
            block.get_by_role("combobox").select_option(label=district_name)
            continue
        label = VERY_SATISFIED if question.kind == QuestionKind.LIKERT else TAPS[question.code]
        block.get_by_text(label, exact=True).tap()
        assert block.get_by_label(label, exact=True).is_checked(), question.code
    page.get_by_role("button", name="提交").tap()


def test_citizen_answers_on_a_phone_and_the_office_sees_the_index(
    wechat, page, live_server, browser_world, survey_link
):
    link = live_server.url + survey_link.get_public_url()

    # A citizen scans the QR code in WeChat: the page is small and needs no script.
    citizen = wechat()
    loaded = []
    citizen.on("response", lambda response: loaded.append(response))
    assert citizen.goto(link).status == 200
    citizen.wait_for_load_state("load")
    transferred = sum(len(response.body()) for response in loaded)
    assert transferred < PAGE_BUDGET, f"{transferred} bytes: {[r.url for r in loaded]}"
    # No framework: the page, its stylesheet and the small script of our own that applies display conditions.
    assert {response.request.resource_type for response in loaded} <= {"document", "stylesheet", "script"}
    assert all("/static/" in r.url for r in loaded if r.request.resource_type == "script")
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    screenshot(citizen, "survey-phone")

    answer_by_tapping(citizen, survey_link, "姑苏区")
    citizen.locator(".thanks").wait_for()  # the submission's own answer: no redirect to wait for
    assert THANKS in citizen.locator("main").inner_text() and citizen.url == link
    stored = Response.objects.get()
    assert (stored.answers["overall"], stored.region, stored.suspicious) == (5, browser_world.gusu, False)

    # The same phone opens the link again: thanked, not asked twice.
    again = citizen.goto(link)
    assert again.status == 200 and ALREADY in citizen.locator("main").inner_text()
    assert citizen.get_by_role("button", name="提交").count() == 0

    # Another phone with JavaScript turned off answers just as well.
    no_script = wechat(java_script_enabled=False)
    assert no_script.goto(link).status == 200
    answer_by_tapping(no_script, survey_link, "姑苏区")
    no_script.locator(".thanks").wait_for()
    assert THANKS in no_script.locator("main").inner_text()
    assert Response.objects.count() == 2

    # The office sees both responses counted, the index held back below the minimum cell size.
    login(page, live_server, "office")
    page.goto(url(live_server, "surveys:campaign_detail", survey_link.campaign_id))
    assert "2份答卷" in page.locator("main .subtitle").inner_text()
    assert page.locator("tbody tr").filter(has_text="姑苏区").locator("td.text-end").inner_text() == "2"
    index_page = url(live_server, "surveys:campaign_index", survey_link.campaign_id)
    page.goto(index_page)
    unweighted = page.locator(".stat-card").filter(has_text="全部答卷（未加权）")
    assert "样本不足" in unweighted.inner_text() and "n=2" in unweighted.inner_text()

    # More citizens answer 一般 (3, scoring 50) everywhere until the cell is large enough.
    minimum = settings.SURVEY_MIN_CELL
    for _ in range(minimum - 2):
        scales = {
            f"q_{q.code}": "3" for q in survey_link.campaign.questionnaire.questions.filter(kind="likert5")
        }
        answers = {"q_age": "60p", "q_district": browser_world.gusu.pk, "q_frequency": "0", **scales}
        data = QueryDict(urlencode({**answers, "client_id": uuid.uuid4(), "started": started_token()}))
        response_submit(target=survey_link, data=data)

    page.goto(index_page)
    expected = round((2 * 100 + (minimum - 2) * 50) / minimum, 1)
    assert "样本不足" not in unweighted.inner_text()
    assert f"{expected}" in unweighted.inner_text() and f"n={minimum}" in unweighted.inner_text()
    page.goto(url(live_server, "surveys:campaign_detail", survey_link.campaign_id))
    assert f"{minimum}份答卷" in page.locator("main .subtitle").inner_text()
