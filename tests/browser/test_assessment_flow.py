"""The annual assessment in a real browser: the office opens a round (each phase after its confirmation page), two
districts fill their sheets with evidence — a bad value is refused where it was typed and kept — and submit them, the
office adjusts a score with a comment, a citizen objects during the announcement and is answered, the round is
published and the Word report — prepared in the background, then listed under My files — reads back with the
published totals."""

import io
from datetime import date, timedelta

import docx

from changxiao.assessment.indicator_data import load_shipped
from changxiao.assessment.models import AssessmentRound, IndicatorSet, Submission
from changxiao.core import numbers
from changxiao.orgs.choices import Role, UnitKind
from conftest import make_person, make_unit

from .conftest import login, screenshot, url
from .test_targets_flow import sign_out

PDF = b"%PDF-1.4\n%%EOF\n"


def report(page, live_server, participant, code: str, value: str, evidence) -> None:
    submission = Submission.objects.get(participant=participant, indicator__code=code)
    page.goto(live_server.url + participant.get_absolute_url())
    row = page.locator(f"#submission-{submission.pk}")
    field = row.locator("select[name$=value]")
    if field.count():
        field.select_option(value)
    else:
        row.locator("input[name$=value]").fill(value)
    row.locator("input[name$=evidence]").set_input_files(str(evidence))
    row.get_by_role("button", name="保存").click()
    assert "已保存" in page.locator(".alert-success").inner_text()


def submit_sheet(page, live_server, participant) -> None:
    page.goto(live_server.url + participant.get_absolute_url())
    page.get_by_role("button", name="提交自评").click()
    assert "未填写" in page.locator("main").inner_text()  # the confirmation lists the empty indicators
    page.get_by_role("button", name="确认").click()
    assert "自评已提交" in page.locator(".alert-success").inner_text()


def advance(page, live_server, assessment_round) -> None:
    page.goto(live_server.url + assessment_round.get_absolute_url())
    page.get_by_role("button", name="进入下一阶段").click()
    assert "此操作将会" in page.locator("main").inner_text()  # the step's check, before anything happens
    page.get_by_role("button", name="确认").click()
    assert "下一阶段" in page.locator(".alert-success").inner_text()


def test_round_to_published_ranking_and_report(page, live_server, browser_world, tmp_path, monkeypatch):
    w = browser_world
    load_shipped()
    kunshan_bureau = make_unit("KS-WGL-T", "昆山市文广旅局", UnitKind.CULTURE_BUREAU, w.kunshan)
    make_person("kunshan", kunshan_bureau, Role.DISTRICT, full_name="吴昊")
    evidence = tmp_path / "佐证.pdf"
    evidence.write_bytes(PDF)

    login(page, live_server, "office")
    page.goto(url(live_server, "assessment:round_create"))
    page.fill("#id_title", "2026年度示范区长效管理考核")
    page.fill("#id_year", "2026")
    page.select_option("#id_region", str(w.city.pk))
    page.select_option("#id_indicator_set", str(IndicatorSet.objects.get(code="long-term-management").pk))
    page.fill("#id_self_report_due", "2027-01-15")
    page.fill("#id_review_due", "2027-01-31")
    page.fill("#id_final_due", "2027-02-28")
    page.select_option("#id_units", [str(w.district_unit.pk), str(kunshan_bureau.pk)])
    page.locator("main form button[type=submit]").click()
    assessment_round = AssessmentRound.objects.get()
    page.wait_for_url(live_server.url + assessment_round.get_absolute_url())
    advance(page, live_server, assessment_round)  # self-report
    sign_out(page)

    # A count typed as 1e20 is refused on its row, kept as typed, and nothing is saved.
    login(page, live_server, "district")
    gusu = assessment_round.participants.get(unit=w.district_unit)
    item = Submission.objects.get(participant=gusu, indicator__code="5.1")
    page.goto(live_server.url + gusu.get_absolute_url())
    row = page.locator(f"#submission-{item.pk}")
    row.locator("input[name$=value]").fill("1e20")
    row.get_by_role("button", name="保存").click()
    row = page.locator(f"#submission-{item.pk}")
    assert "阿拉伯数字" in row.inner_text() and row.locator("input[name$=value]").input_value() == "1e20"
    screenshot(page, "assessment-sheet-refused-value")
    item.refresh_from_db()
    assert item.value is None
    sign_out(page)

    for username, unit, activities in (("district", w.district_unit, "30"), ("kunshan", kunshan_bureau, "8")):
        login(page, live_server, username)
        participant = assessment_round.participants.get(unit=unit)
        report(page, live_server, participant, "3.1", "1", evidence)
        report(page, live_server, participant, "5.1", activities, evidence)
        submit_sheet(page, live_server, participant)
        sign_out(page)

    login(page, live_server, "office")
    advance(page, live_server, assessment_round)  # review
    gusu = assessment_round.participants.get(unit=w.district_unit)
    item = Submission.objects.get(participant=gusu, indicator__code="5.1")
    page.goto(live_server.url + gusu.get_absolute_url())
    row = page.locator(f"#submission-{item.pk}")
    row.locator("input[name$=points]").fill("8")
    row.locator("input[name$=comment]").fill("部分活动缺少签到表")
    row.get_by_role("button", name="记录评分").click()
    advance(page, live_server, assessment_round)  # public announcement
    sign_out(page)

    page.goto(url(live_server, "public:assessment_announcement", assessment_round.pk))
    page.fill("#id_text", "姑苏区部分活动重复统计")
    page.get_by_role("button", name="提交").click()
    assert "异议已收到" in page.locator("main").inner_text()

    login(page, live_server, "office")
    page.goto(live_server.url + assessment_round.get_absolute_url())
    page.locator("textarea[name$=answer]").fill("已核实并扣分")
    page.get_by_role("button", name="答复").click()
    monkeypatch.setattr("changxiao.assessment.services.local_today", lambda: date.today() + timedelta(days=8))
    advance(page, live_server, assessment_round)  # final
    advance(page, live_server, assessment_round)  # published
    screenshot(page, "assessment-published-round")
    # The report is built in the background (core.document_jobs): the button opens its page, which says it is being
    # prepared and offers the file when it is ready — here at once, the tests' tasks running as the request commits.
    page.get_by_role("link", name="考核结果报告（Word）").click()
    page.wait_for_url("**/exports/jobs/*/")
    assert "正在生成" in page.locator(".messages").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载").click()
    document = docx.Document(io.BytesIO(download.value.path().read_bytes()))
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows[1:]]
    published = [
        [str(p.final_rank), p.unit.name, numbers.points(p.final_total)]  # as documents write points: 23, 18.5
        for p in assessment_round.participants.select_related("unit").order_by("final_rank")
    ]
    assert [row[:3] for row in rows] == published
    page.goto(url(live_server, "core:export_list"))
    assert f"assessment-report-{assessment_round.pk}.docx" in page.locator("main").inner_text()
    page.goto(url(live_server, "public:assessment_announcement", assessment_round.pk))
    assert "已发布的考核结果" in page.locator("main").inner_text()
