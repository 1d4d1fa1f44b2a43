"""Regenerate the Word templates shipped in each app's documents/ folder.

Staff may restyle the generated .docx in Word afterwards; keep the {{ … }} and {%tr … %} tags intact.
Run: .venv/bin/python scripts/make_docx_templates.py
"""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent


def set_font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def official_document(landscape: bool = False) -> Document:
    document = Document()
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    else:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    # GB/T 9704 margins: top 3.7 cm, bottom 3.5 cm, left 2.8 cm, right 2.6 cm.
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    style = document.styles["Normal"]
    style.font.name = "FangSong"
    style.font.size = Pt(16)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    return document


def roster() -> None:
    document = official_document(landscape=True)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(title.add_run("{{ title }}"), "方正小标宋简体", 22)
    meta = document.add_paragraph()
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(meta.add_run("（截至 {{ date }}，共 {{ count }} 个单位）"), "楷体_GB2312", 14)
    headers = ["序号", "单位名称", "类别", "所属区划", "牵头/职能", "负责人", "联系人及电话", "账号数"]
    table = document.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        set_font(cell.paragraphs[0].add_run(text), "黑体", 12, bold=True)
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for row in rows %}")
    fields = ["index", "name", "kind", "region", "role", "leader", "contact", "people"]
    for cell, field in zip(table.rows[2].cells, fields, strict=True):
        set_font(cell.paragraphs[0].add_run("{{ row." + field + " }}"), "仿宋_GB2312", 12)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    document.save(ROOT / "changxiao/orgs/documents/roster.docx")


def task_notice() -> None:
    document = official_document(landscape=True)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(title.add_run("关于印发《{{ plan_title }}》任务分解的通知"), "方正小标宋简体", 22)
    body = document.add_paragraph()
    set_font(
        body.add_run(
            "各成员单位、各有关单位：\n　　根据{{ source }}，现将{{ year }}年度工作任务分解如下（共{{ count }}项），"
            "请各牵头单位会同配合单位抓好落实，按{{ schedule }}报送工作进展。"
        ),
        "仿宋_GB2312",
        16,
    )
    headers = ["序号", "工作任务", "所属机制", "牵头单位", "配合单位", "完成时限", "工作成果"]
    table = document.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        set_font(cell.paragraphs[0].add_run(text), "黑体", 12, bold=True)
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for row in rows %}")
    fields = ["number", "title", "mechanism", "lead", "cooperating", "due", "deliverables"]
    for cell, field in zip(table.rows[2].cells, fields, strict=True):
        set_font(cell.paragraphs[0].add_run("{{ row." + field + " }}"), "仿宋_GB2312", 12)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    signature = document.add_paragraph()
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    set_font(
        signature.add_run("{{ region }}国家公共文化服务体系示范区创建工作领导小组办公室\n{{ date }}"),
        "仿宋_GB2312",
        16,
    )
    (ROOT / "changxiao/targets/documents").mkdir(exist_ok=True)
    document.save(ROOT / "changxiao/targets/documents/task_notice.docx")


def _finding_table(document: Document, rows: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row, (label, value) in zip(table.rows, rows, strict=True):
        set_font(row.cells[0].paragraphs[0].add_run(label), "黑体", 14, bold=True)
        set_font(row.cells[1].paragraphs[0].add_run(value), "仿宋_GB2312", 14)
        row.cells[0].width, row.cells[1].width = Cm(4), Cm(11.6)


def rectification_notice() -> None:
    """整改通知书: one finding, sent to the responsible unit."""
    document = official_document()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(title.add_run("整改通知书"), "方正小标宋简体", 22)
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(number.add_run("{{ reference }}"), "仿宋_GB2312", 16)
    body = document.add_paragraph()
    set_font(
        body.add_run(
            "{{ unit }}：\n　　{{ inspection_date }}，{{ inspection_kind }}（{{ inspection_title }}）中发现你单位存在以下问题，"
            "现通知如下，请于{{ due }}前整改到位，并将整改情况及佐证材料通过长效管理平台报送。"
        ),
        "仿宋_GB2312",
        16,
    )
    _finding_table(
        document,
        [
            ("问题描述", "{{ description }}"),
            ("严重程度", "{{ severity }}"),
            ("地点", "{{ place }}"),
            ("责任单位", "{{ unit }}"),
            ("协同责任单位", "{{ co_units }}"),
            ("整改要求", "{{ requirement }}"),
            ("整改时限", "{{ due }}"),
        ],
    )
    signature = document.add_paragraph()
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    set_font(
        signature.add_run("{{ region }}国家公共文化服务体系示范区创建工作领导小组办公室\n{{ date }}"),
        "仿宋_GB2312",
        16,
    )
    (ROOT / "changxiao/supervision/documents").mkdir(exist_ok=True)
    document.save(ROOT / "changxiao/supervision/documents/rectification_notice.docx")


def supervision_notice() -> None:
    """督办单 (blue / yellow / red): the escalation notice for a finding not rectified in time."""
    document = official_document()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(title.add_run("{{ colour }}督办单"), "方正小标宋简体", 22)
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(number.add_run("{{ reference }}"), "仿宋_GB2312", 16)
    body = document.add_paragraph()
    set_font(body.add_run("{{ unit }}（{{ leader }}）：\n　　{{ message }}"), "仿宋_GB2312", 16)
    _finding_table(
        document,
        [
            ("督查事项", "{{ inspection_title }}（{{ inspection_date }}）"),
            ("问题描述", "{{ description }}"),
            ("整改要求", "{{ requirement }}"),
            ("整改时限", "{{ due }}"),
            ("当前状态", "{{ state }}"),
        ],
    )
    signature = document.add_paragraph()
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    set_font(
        signature.add_run("{{ region }}国家公共文化服务体系示范区创建工作领导小组办公室\n{{ date }}"),
        "仿宋_GB2312",
        16,
    )
    (ROOT / "changxiao/supervision/documents").mkdir(exist_ok=True)
    document.save(ROOT / "changxiao/supervision/documents/supervision_notice.docx")


def bulletin() -> None:
    """通报: title, issue number, the edited text (one paragraph per line) and the figures by unit."""
    document = official_document()
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(number.add_run("{% if draft %}（草稿）{% endif %}{{ number }}"), "仿宋_GB2312", 16)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(title.add_run("{{ title }}"), "方正小标宋简体", 22)
    document.add_paragraph("{%p for paragraph in paragraphs %}")
    set_font(document.add_paragraph().add_run("　　{{ paragraph }}"), "仿宋_GB2312", 16)
    document.add_paragraph("{%p endfor %}")
    caption = document.add_paragraph()
    set_font(caption.add_run("附：{{ period }}各单位整改情况"), "黑体", 14)
    headers = ["单位", "发现问题", "按时整改", "逾期整改", "逾期未改", "退回", "红色督办"]
    table = document.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        set_font(cell.paragraphs[0].add_run(text), "黑体", 12, bold=True)
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for row in rows %}")
    fields = ["unit", "found", "on_time", "late", "overdue", "returned", "escalated"]
    for cell, field in zip(table.rows[2].cells, fields, strict=True):
        set_font(cell.paragraphs[0].add_run("{{ row." + field + " }}"), "仿宋_GB2312", 12)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    signature = document.add_paragraph()
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    set_font(
        signature.add_run("{{ region }}国家公共文化服务体系示范区创建工作领导小组办公室\n{{ date }}"),
        "仿宋_GB2312",
        16,
    )
    (ROOT / "changxiao/supervision/documents").mkdir(exist_ok=True)
    document.save(ROOT / "changxiao/supervision/documents/bulletin.docx")


def assessment_report() -> None:
    """年度考核报告: the ranking and every participant's points by indicator."""
    document = official_document()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(title.add_run("{{ title }}考核结果报告"), "方正小标宋简体", 22)
    body = document.add_paragraph()
    set_font(
        body.add_run(
            "　　根据《{{ indicator_set }}》，{{ region }}对{{ count }}个单位开展了{{ year }}年度示范区长效管理考核，"
            "经自评申报、初审{% if verification %}、实地核查{% endif %}、公示和终审，现将结果报告如下。"
        ),
        "仿宋_GB2312",
        16,
    )
    caption = document.add_paragraph()
    set_font(caption.add_run("一、考核排名"), "黑体", 16)
    headers = ["名次", "单位", "得分", "满分", "等次"]
    table = document.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        set_font(cell.paragraphs[0].add_run(text), "黑体", 12, bold=True)
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for row in ranking %}")
    for cell, field in zip(table.rows[2].cells, ["rank", "unit", "total", "maximum", "grade"], strict=True):
        set_font(cell.paragraphs[0].add_run("{{ row." + field + " }}"), "仿宋_GB2312", 12)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    caption = document.add_paragraph()
    set_font(caption.add_run("二、各单位分项得分"), "黑体", 16)
    headers = ["单位", "指标", "数值", "得分", "满分", "说明"]
    table = document.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        set_font(cell.paragraphs[0].add_run(text), "黑体", 11, bold=True)
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for row in details %}")
    fields = ["unit", "indicator", "value", "points", "maximum", "note"]
    for cell, field in zip(table.rows[2].cells, fields, strict=True):
        set_font(cell.paragraphs[0].add_run("{{ row." + field + " }}"), "仿宋_GB2312", 11)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    signature = document.add_paragraph()
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    set_font(
        signature.add_run("{{ region }}国家公共文化服务体系示范区创建工作领导小组办公室\n{{ date }}"),
        "仿宋_GB2312",
        16,
    )
    (ROOT / "changxiao/assessment/documents").mkdir(exist_ok=True)
    document.save(ROOT / "changxiao/assessment/documents/assessment_report.docx")


def survey_report() -> None:
    """满意度测评结果报告: the campaign's index (or a district's or venue's share of it) with the suggestions."""
    document = official_document()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(title.add_run("{{ title }}结果报告"), "方正小标宋简体", 22)
    document.add_paragraph("{%p if part %}")
    part = document.add_paragraph()
    part.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(part.add_run("（{{ part }}部分）"), "楷体_GB2312", 16)
    document.add_paragraph("{%p endif %}")

    def heading(text: str) -> None:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(12)  # apart from a table above it
        set_font(paragraph.add_run(text), "黑体", 16)

    def body(text: str) -> None:
        set_font(document.add_paragraph().add_run(text), "仿宋_GB2312", 16)

    def table(headers: list[str], rows: str, fields: list[str]) -> None:
        grid = document.add_table(rows=4, cols=len(headers))
        grid.style = "Table Grid"
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(grid.rows[0].cells, headers, strict=True):
            set_font(cell.paragraphs[0].add_run(text), "黑体", 12, bold=True)
        grid.rows[1].cells[0].paragraphs[0].add_run("{%tr for row in " + rows + " %}")
        for cell, field in zip(grid.rows[2].cells, fields, strict=True):
            set_font(cell.paragraphs[0].add_run("{{ row." + field + " }}"), "仿宋_GB2312", 12)
        grid.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")

    body(
        "　　{{ region }}于{{ start }}至{{ end }}开展{{ title }}，使用《{{ questionnaire }}》（第{{ version }}版）。"
        "截至{{ date }}，计入满意度指数的{{ counted }}答卷{{ n }}份{% if flagged %}，"
        "另有{{ flagged }}份可疑答卷（用时过短、触发防机器人字段等）未经审核计入{% endif %}。现将结果报告如下。"
    )
    heading("一、总体满意度")
    body(
        "　　满意度指数为{{ overall }}。{{ since }}{% if weighted %}按各地区常住人口加权，全域满意度指数为{{ weighted }}。"
        "{% endif %}{% if whole %}同期全部答卷的满意度指数为{{ whole }}，供对照。{% endif %}"
        "{% if strongest %}各维度中，{{ strongest }}得分最高，{{ weakest }}得分最低。{% endif %}"
    )
    heading("二、分维度得分")
    table(["维度", "指数", "95%置信区间", "答卷数"], "dimensions", ["name", "mean", "interval", "n"])
    document.add_paragraph("{%p if regions %}")
    heading("{{ region_heading }}、分地区得分（按指数从高到低）")
    table(
        ["名次", "地区", "指数", "95%置信区间", "答卷数"],
        "regions",
        ["rank", "name", "mean", "interval", "n"],
    )
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p if venues %}")
    heading("{{ venue_heading }}、分场馆得分（按指数从高到低）")
    table(
        ["名次", "场馆", "指数", "95%置信区间", "答卷数"], "venues", ["rank", "name", "mean", "interval", "n"]
    )
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p if written %}")
    heading("{{ written_heading }}、群众意见建议摘录")
    document.add_paragraph("{%p for question in written %}")
    body("　　{{ question.text }}（共{{ question.count }}条，摘录最新{{ question.answers|length }}条）")
    document.add_paragraph("{%p for answer in question.answers %}")
    body("　　· {{ answer.text }}（{{ answer.where }}，{{ answer.date }}）")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endif %}")
    heading("{{ method_heading }}、测评方法说明")
    body(
        "　　五级量表各题按0—100分计分（“非常不满意”0分，每高一级加25分，“非常满意”100分；“不清楚”和未答不计分）。"
        "每份答卷的维度得分为该维度各题按权重的平均，满意度指数为各维度按权重的平均；表中数值为计入答卷的平均值，"
        "区间为95%置信区间。"
        "答卷少于{{ minimum }}份的单元标为“样本不足”，不报告数值。{% if weighted %}全域数值按各地区常住人口"
        "加权（事后分层），以免答卷多的地区左右全域结果。{% endif %}可疑答卷单独存放，经审核计入后方参与统计。"
    )
    signature = document.add_paragraph()
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    set_font(
        signature.add_run(
            "{% if issuer %}{{ issuer }}{% else %}{{ region }}国家公共文化服务体系示范区创建工作领导小组办公室"
            "{% endif %}\n{{ date }}"
        ),
        "仿宋_GB2312",
        16,
    )
    (ROOT / "changxiao/surveys/documents").mkdir(exist_ok=True)
    document.save(ROOT / "changxiao/surveys/documents/survey_report.docx")


if __name__ == "__main__":
    roster()
    task_notice()
    rectification_notice()
    supervision_notice()
    bulletin()
    assessment_report()
    survey_report()
    print("written the Word templates of orgs, targets, supervision, assessment and surveys")
