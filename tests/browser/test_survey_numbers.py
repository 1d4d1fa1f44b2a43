"""Whole numbers, decimals and dates on the public survey in a phone's browser (issue 19, point 13): number and date
fields with their range, answered and stored as numbers and an ISO date; an answer outside the range is refused by
the server with its message and the answers typed are kept (the browser's own check is bypassed here on purpose)."""

from django.utils import timezone

from changxiao.surveys.models import Response
from changxiao.surveys.questionnaires import create_from_data
from conftest import make_survey_target

from .conftest import screenshot

FORM = {
    "code": "visits-browser",
    "version": 1,
    "title": "到访调查",
    "sections": [
        {
            "title": "基本情况",
            "questions": [
                {"code": "age", "kind": "integer", "text": "您的年龄", "minimum": "0", "maximum": "120"},
                {"code": "hours", "kind": "decimal", "text": "每次停留小时数", "required": False},
                {"code": "visited_on", "kind": "date", "text": "最近一次到访日期", "minimum": "2020-01-01"},
            ],
        }
    ],
}


def test_numbers_and_dates_are_answered_on_a_phone(phone_page, live_server, browser_world):
    w = browser_world
    questionnaire = create_from_data(FORM, published_at=timezone.now())
    target = make_survey_target(w.city, questionnaire=questionnaire, min_seconds=0)
    page = phone_page
    assert page.goto(live_server.url + target.get_public_url()).status == 200
    assert page.locator("#q_age").get_attribute("type") == "number"
    assert page.locator("#q_visited_on").get_attribute("type") == "date"
    assert "请填写 0 至 120。" in page.content()

    # Out of range, past the browser's own check: the server refuses with the question's range.
    page.locator("form").evaluate("form => form.setAttribute('novalidate', '')")
    page.fill("#q_age", "130")
    page.fill("#q_hours", "1.5")
    page.fill("#q_visited_on", "2026-05-01")
    page.get_by_role("button", name="提交").tap()
    page.get_by_text("0 至 120 之间").wait_for()
    assert page.locator("#q_hours").input_value() == "1.5"
    screenshot(page, "survey-number-refused")
    assert not Response.objects.exists()

    page.fill("#q_age", "35")
    page.get_by_role("button", name="提交").tap()
    page.locator(".thanks").wait_for()
    assert Response.objects.get().answers == {"age": 35, "hours": 1.5, "visited_on": "2026-05-01"}
