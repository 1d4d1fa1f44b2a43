"""The loop closed back to the citizen, in a real browser: a citizen's complaint from the public form is routed, left
unanswered, escalated by the office into a finding; the cultural centre rectifies with evidence, the office verifies;
the citizen's tracking page says so in plain words, the citizen rates the outcome 不满意; the office sees the rating,
follows it up, and the citizen reads the office's answer — on a phone, as it would be opened from a WeChat link."""

from datetime import timedelta

from changxiao.core.deadlines import local_today
from changxiao.feedback.models import Category, FeedbackItem
from changxiao.feedback.views import FEEDBACK_MIN_SECONDS
from changxiao.supervision.models import Finding

from .conftest import login, screenshot, url
from .test_accessibility import assert_accessible
from .test_targets_flow import PNG, sign_out

INTERNAL = "内部意见：已约谈馆长"


def test_escalated_complaint_outcome_told_rated_and_followed_up(
    page, phone_page, live_server, browser_world, tmp_path
):
    w = browser_world
    category = Category.objects.create(owner=w.city, name="设施设备")
    evidence = tmp_path / "检验报告.png"
    evidence.write_bytes(PNG)

    # A citizen writes in from a phone.
    citizen = phone_page
    citizen.goto(url(live_server, "public:feedback_submit"))
    citizen.get_by_label("投诉").check()
    citizen.select_option("#id_category", str(category.pk))
    citizen.select_option("#id_region", str(w.gusu.pk))
    citizen.select_option("#id_venue", str(w.venue_unit.pk))
    citizen.fill("#id_content", "文化馆二楼电梯坏了一个月没人修，老人只能爬楼")
    citizen.wait_for_timeout(FEEDBACK_MIN_SECONDS * 1000)  # as long as a person takes at the least
    citizen.get_by_role("button", name="提交").click()
    item = FeedbackItem.objects.get()
    assert item.code in citizen.locator(".tracking-code").inner_text()

    # The office routes it to the cultural centre, which then leaves it unanswered well past its deadline.
    login(page, live_server, "office")
    page.goto(live_server.url + item.get_absolute_url())
    page.fill("input[aria-controls=id_unit]", w.venue_unit.name)  # a searchable choice
    page.select_option("#id_unit", str(w.venue_unit.pk))
    page.get_by_role("button", name="交办", exact=True).click()
    assert "已交办姑苏区文化馆" in page.locator(".alert-success").inner_text()
    FeedbackItem.objects.filter(pk=item.pk).update(answer_due=local_today() - timedelta(days=30))

    page.goto(live_server.url + item.get_absolute_url())
    page.get_by_role("button", name="转为督查问题").click()
    item.refresh_from_db()
    finding = Finding.objects.get()
    assert (item.state, item.finding_id, finding.source_ref) == ("escalated", finding.pk, item.code)
    page.wait_for_url(live_server.url + finding.get_absolute_url())
    assert item.code in page.locator("main dl").inner_text()
    sign_out(page)

    # The cultural centre rectifies with evidence; the office verifies.
    login(page, live_server, "venue")
    page.goto(live_server.url + finding.get_absolute_url())
    page.fill("#id_measures", "更换电梯主板，并通过特种设备检验")
    page.set_input_files("#id_evidence", str(evidence))
    page.get_by_role("button", name="提交核查").click()
    assert "整改情况已提交核查" in page.locator(".alert-success").inner_text()
    sign_out(page)

    login(page, live_server, "office")
    page.goto(live_server.url + finding.get_absolute_url())
    page.get_by_label("意见（退回时必填）").fill(INTERNAL)
    page.get_by_role("button", name="核查通过").click()
    assert "整改核查通过" in page.locator(".alert-success").inner_text()
    sign_out(page)

    # The citizen's tracking page says so, and asks how satisfied the citizen is with the outcome.
    citizen.goto(live_server.url + item.get_tracking_url())
    outcome = citizen.locator("section[aria-labelledby=outcome-heading]").inner_text()
    assert "姑苏区文化馆已完成整改，经督查核查确认整改到位。" in outcome
    assert local_today().isoformat() in outcome
    text = citizen.locator("main").inner_text()
    assert "已办结" in text and "告知督查结果" in text
    assert INTERNAL not in text and "更换电梯主板" not in text and "王晓梅" not in text
    screenshot(citizen, "feedback-outcome-told")
    assert_accessible(citizen, "the tracking page asking to rate the outcome")
    citizen.get_by_label("不满意", exact=True).check()
    citizen.fill("#id_comment", "昨天电梯又停了")
    citizen.get_by_role("button", name="提交评价").click()
    assert "感谢您的评价" in citizen.locator("main").inner_text()
    assert "您对督查结果的评价：不满意" in citizen.locator("main").inner_text()
    assert citizen.get_by_role("button", name="提交评价").count() == 0

    # The office sees the rating and the item on its follow-up list, and answers the citizen.
    login(page, live_server, "office")
    page.goto(url(live_server, "cockpit:workbench"))
    page.get_by_role("link", name="回访对督查结果不满意的群众").click()
    assert item.code in page.locator("table").inner_text()
    page.goto(live_server.url + item.get_absolute_url())
    outcome = page.locator("section[aria-labelledby=outcome-heading]").inner_text()
    assert "群众对督查结果的评价：不满意 — 昨天电梯又停了" in outcome
    assert "对督查结果不满意，待回访" in page.locator(".page-header").inner_text()
    screenshot(page, "feedback-outcome-office")
    assert_accessible(page, "the item page with the outcome and the follow-up form")
    page.get_by_label("回访情况（向群众公开）").fill("已责成文化馆更换电梯整机，下周复查，结果在此公布")
    page.get_by_role("button", name="公开回访答复").click()
    assert "回访答复已在查询页面公开" in page.locator(".alert-success").inner_text()
    assert page.get_by_role("button", name="公开回访答复").count() == 0

    citizen.goto(live_server.url + item.get_tracking_url())
    text = citizen.locator("main").inner_text()
    assert "已责成文化馆更换电梯整机，下周复查，结果在此公布" in text and "办公室已回访" in text
    screenshot(citizen, "feedback-outcome-followed-up")
