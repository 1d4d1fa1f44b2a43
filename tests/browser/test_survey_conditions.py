"""Display conditions on the public survey with JavaScript: a question whose condition is false is hidden, and shows
as soon as the answer it depends on is given (static/js/survey-conditions.js; the no-JavaScript page is tested over
HTTP in surveys/tests/test_public_survey.py)."""

from changxiao.surveys.models import Response
from conftest import make_survey_target

from .conftest import screenshot

FREQUENCY = "过去一年您去公共文化场馆（图书馆、文化馆、文化站等）的次数"


def test_a_conditional_question_shows_when_its_condition_becomes_true(phone_page, live_server, browser_world):
    w = browser_world
    target = make_survey_target(w.city, w.gusu, "姑苏区", min_seconds=0)
    target.campaign.questionnaire.questions.filter(code="venue").update(required=True)
    page = phone_page
    assert page.goto(live_server.url + target.get_public_url()).status == 200
    venue = page.locator("div.q").filter(has=page.locator("#q_venue"))
    frequency = page.locator("div.q").filter(has_text=FREQUENCY)

    # Not asked before the respondent says they visit venues.
    assert venue.is_hidden()
    frequency.get_by_text("4–11次", exact=True).tap()
    assert venue.is_visible() and venue.locator(".req").is_visible()
    screenshot(page, "survey-condition-shown")
    page.select_option("#q_venue", label=w.venue_unit.name)

    # Changed to "never": hidden again, and the venue chosen before is not sent.
    frequency.get_by_text("没有去过", exact=True).tap()
    assert venue.is_hidden() and page.locator("#q_venue").is_disabled()

    for block in page.locator("div.q").all():
        if not block.is_visible() or block.locator("input[type=radio]").count() == 0:
            continue
        if block.locator("input[type=radio]:checked").count() == 0:
            block.locator("input[type=radio]").first.check()
    page.select_option("#q_district", label="姑苏区")
    page.get_by_role("button", name="提交").tap()
    page.locator(".thanks").wait_for()
    assert "venue" not in Response.objects.get().answers
