"""Regenerate the Word templates shipped in each app's documents/ folder.

Staff may restyle the generated .docx in Word afterwards; keep the {{ … }} and {%tr … %} tags intact.
The contexts hand figures and dates already written (core.numbers, core.documents.official_date); a template may
also use the filters |integer |points |percent |money |measure |official_date (core.documents).
Where a part of a sentence may be absent, the template says the sentence without it ({% if source %}根据…，{% endif %});
where a context's title or label already holds a word, the template does not add it again.
Run: .venv/bin/python scripts/make_docx_templates.py
"""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent


def set_font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def page_number_footer(section) -> None:
    """— 1 — centred at the foot of every page, as GB/T 9704 numbers an official document's pages."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run("— "), "宋体", 14)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    number.append(text)
    field.append(number)
    paragraph._p.append(field)
    set_font(paragraph.add_run(" —"), "宋体", 14)


def grid(
    document: Document,
    headers: list[str],
    loop: str,
    fields: list[str],
    *,
    widths: list[float],
    figures: tuple[str, ...] = (),
    centred: tuple[str, ...] = (),
    size: float = 12,
) -> None:
    """A table whose middle row repeats for each item of `loop` ({%tr for … %}). Headers are centred; figures
    (counts, points, percentages) are right-aligned so their digits line up; sequence numbers and short codes
    centred; text left-aligned. `widths` (cm) give the text columns room and keep dates on one line."""
    table = document.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(table, widths)
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(cell.paragraphs[0].add_run(text), "黑体", size, bold=True)
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for row in " + loop + " %}")
    for cell, field in zip(table.rows[2].cells, fields, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        if field in figures:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif field in centred:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(cell.paragraphs[0].add_run("{{ row." + field + " }}"), "仿宋_GB2312", size)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")


def set_widths(table, widths: list[float]) -> None:
    """Column widths in cm, on the grid (read by LibreOffice and WPS) and on every cell (read by Word)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def paragraph(document: Document, text: str, *, font: str = "仿宋_GB2312", size: float = 16, align=None):
    """One paragraph of body text; body paragraphs begin with two full-width spaces (首行缩进二字)."""
    added = document.add_paragraph()
    if align is not None:
        added.alignment = align
    set_font(added.add_run(text), font, size)
    return added


def title(document: Document, text: str) -> None:
    paragraph(document, text, font="方正小标宋简体", size=22, align=WD_ALIGN_PARAGRAPH.CENTER)


def signature(
    document: Document, issuer: str = "{{ region }}国家公共文化服务体系示范区创建工作领导小组办公室"
) -> None:
    """The issuing office and the date, right-aligned, a blank line above them."""
    document.add_paragraph()
    paragraph(document, issuer, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(document, "{{ date }}", align=WD_ALIGN_PARAGRAPH.RIGHT)


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
    page_number_footer(section)
    return document


def roster() -> None:
    document = official_document(landscape=True)
    title(document, "{{ title }}")
    paragraph(
        document,
        "（截至{{ date }}，共{{ count }}个单位）",
        font="楷体_GB2312",
        size=14,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    grid(
        document,
        ["序号", "单位名称", "类别", "所属区划", "牵头/职能", "负责人", "联系人及电话", "账号数"],
        "rows",
        ["index", "name", "kind", "region", "role", "leader", "contact", "people"],
        widths=[1.2, 5.8, 3.2, 2.2, 2.2, 1.9, 5.9, 1.9],
        figures=("people",),
        centred=("index", "role"),
    )
    document.save(ROOT / "changxiao/orgs/documents/roster.docx")


def task_notice() -> None:
    document = official_document(landscape=True)
    title(document, "关于印发《{{ plan_title }}》任务分解的通知")
    paragraph(document, "各成员单位、各有关单位：")
    # The basis document is optional: without it the sentence starts at 现将 (never 根据，现将).
    # The schedule's label is an adverbial already (按月, 按季度): no 按 before it.
    paragraph(
        document,
        "　　{% if source %}根据{{ source }}，{% endif %}现将{{ year }}年度工作任务分解如下（共{{ count }}项），"
        "请各牵头单位会同配合单位抓好落实，{{ schedule }}报送工作进展。",
    )
    grid(
        document,
        ["序号", "工作任务", "所属机制", "牵头单位", "配合单位", "完成时限", "工作成果"],
        "rows",
        ["number", "title", "mechanism", "lead", "cooperating", "due", "deliverables"],
        widths=[1.6, 6.0, 2.4, 3.2, 4.0, 3.2, 3.9],
        centred=("number", "due"),
    )
    signature(document)
    (ROOT / "changxiao/targets/documents").mkdir(exist_ok=True)
    document.save(ROOT / "changxiao/targets/documents/task_notice.docx")


def _finding_table(document: Document, rows: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(table, [3.6, 12.0])
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.cells[0].vertical_alignment = row.cells[1].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        row.cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(row.cells[0].paragraphs[0].add_run(label), "黑体", 14, bold=True)
        set_font(row.cells[1].paragraphs[0].add_run(value), "仿宋_GB2312", 14)


def rectification_notice() -> None:
    """整改通知书: one finding, sent to the responsible unit."""
    document = official_document()
    title(document, "整改通知书")
    paragraph(document, "{{ reference }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(document, "{{ unit }}：")
    paragraph(
        document,
        "　　{{ inspection_date }}，在{{ inspection_name }}中发现你单位存在以下问题，现予通知。"
        "请于{{ due }}前整改到位，并将整改情况及佐证材料通过长效管理平台报送。",
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
    signature(document)
    (ROOT / "changxiao/supervision/documents").mkdir(exist_ok=True)
    document.save(ROOT / "changxiao/supervision/documents/rectification_notice.docx")


def supervision_notice() -> None:
    """督办单 (blue / yellow / red): the escalation notice for a finding not rectified in time."""
    document = official_document()
    title(document, "{{ colour }}督办单")
    paragraph(document, "{{ reference }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(document, "{{ unit }}（{{ leader }}）：")
    paragraph(document, "　　{{ message }}")
    _finding_table(
        document,
        [
            ("督查事项", "{{ inspection_name }}（{{ inspection_date }}）"),
            ("问题描述", "{{ description }}"),
            ("整改要求", "{{ requirement }}"),
            ("整改时限", "{{ due }}"),
            ("当前状态", "{{ state }}"),
        ],
    )
    signature(document)
    (ROOT / "changxiao/supervision/documents").mkdir(exist_ok=True)
    document.save(ROOT / "changxiao/supervision/documents/supervision_notice.docx")


def bulletin() -> None:
    """通报: title, issue number, the edited text (one paragraph per line) and the figures by unit."""
    document = official_document()
    paragraph(document, "{% if draft %}（草稿）{% endif %}{{ number }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    title(document, "{{ title }}")
    document.add_paragraph("{%p for paragraph in paragraphs %}")
    paragraph(document, "　　{{ paragraph }}")
    document.add_paragraph("{%p endfor %}")
    paragraph(document, "附：{{ period }}各单位整改情况", font="黑体", size=14)
    grid(
        document,
        ["单位", "发现问题", "按时整改", "逾期整改", "逾期未改", "退回", "红色督办"],
        "rows",
        ["unit", "found", "on_time", "late", "overdue", "returned", "escalated"],
        widths=[3.6, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0],
        figures=("found", "on_time", "late", "overdue", "returned", "escalated"),
    )
    signature(document)
    (ROOT / "changxiao/supervision/documents").mkdir(exist_ok=True)
    document.save(ROOT / "changxiao/supervision/documents/bulletin.docx")


def assessment_report() -> None:
    """年度考核结果报告: the ranking and every participant's points by indicator. The title comes whole from the
    context (the round's title joined with 考核结果报告 without saying 考核 twice)."""
    document = official_document()
    title(document, "{{ title }}")
    paragraph(
        document,
        "　　{% if indicator_set %}根据{{ indicator_set }}，{% endif %}{{ region }}对{{ count }}个单位开展了"
        "{{ year }}年度示范区长效管理考核，经自评申报、初审{% if verification %}、实地核查{% endif %}、公示和终审，"
        "现将结果报告如下。",
    )
    paragraph(document, "一、考核排名", font="黑体")
    grid(
        document,
        ["名次", "单位", "得分", "满分", "等次"],
        "ranking",
        ["rank", "unit", "total", "maximum", "grade"],
        widths=[1.6, 7.0, 2.2, 2.2, 2.6],
        figures=("total", "maximum"),
        centred=("rank", "grade"),
    )
    heading = paragraph(document, "二、各单位分项得分", font="黑体")
    heading.paragraph_format.space_before = Pt(12)  # apart from the table above it
    grid(
        document,
        ["单位", "指标", "数值", "得分", "满分", "说明"],
        "details",
        ["unit", "indicator", "value", "points", "maximum", "note"],
        widths=[3.0, 4.6, 2.0, 1.6, 1.4, 3.0],
        figures=("value", "points", "maximum"),
        size=11,
    )
    signature(document)
    (ROOT / "changxiao/assessment/documents").mkdir(exist_ok=True)
    document.save(ROOT / "changxiao/assessment/documents/assessment_report.docx")


def survey_report() -> None:
    """满意度测评结果报告: the campaign's index (or a district's or venue's share of it) with the suggestions."""
    document = official_document()
    title(document, "{{ report_title }}")
    document.add_paragraph("{%p if part %}")
    paragraph(document, "（{{ part }}部分）", font="楷体_GB2312", align=WD_ALIGN_PARAGRAPH.CENTER)
    document.add_paragraph("{%p endif %}")

    def heading(text: str) -> None:
        added = paragraph(document, text, font="黑体")
        added.paragraph_format.space_before = Pt(12)  # apart from a table above it

    def body(text: str) -> None:
        paragraph(document, text)

    def table(headers: list[str], rows: str, fields: list[str], widths: list[float]) -> None:
        grid(
            document,
            headers,
            rows,
            fields,
            widths=widths,
            figures=("mean", "n|integer"),
            centred=("rank", "interval"),
        )

    body(
        "　　{{ region }}于{{ start }}至{{ end }}开展{{ title }}，使用{{ questionnaire }}（第{{ version }}版）。"
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
    table(
        ["维度", "指数", "95%置信区间", "答卷数"],
        "dimensions",
        ["name", "mean", "interval", "n|integer"],
        [5.6, 2.6, 4.4, 3.0],
    )
    document.add_paragraph("{%p if regions %}")
    heading("{{ region_heading }}、分地区得分（按指数从高到低）")
    table(
        ["名次", "地区", "指数", "95%置信区间", "答卷数"],
        "regions",
        ["rank", "name", "mean", "interval", "n|integer"],
        [1.6, 5.6, 2.4, 3.6, 2.4],
    )
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p if venues %}")
    heading("{{ venue_heading }}、分场馆得分（按指数从高到低）")
    table(
        ["名次", "场馆", "指数", "95%置信区间", "答卷数"],
        "venues",
        ["rank", "name", "mean", "interval", "n|integer"],
        [1.6, 5.6, 2.4, 3.6, 2.4],
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
    signature(
        document,
        "{% if issuer %}{{ issuer }}{% else %}{{ region }}国家公共文化服务体系示范区创建工作领导小组办公室{% endif %}",
    )
    (ROOT / "changxiao/surveys/documents").mkdir(exist_ok=True)
    document.save(ROOT / "changxiao/surveys/documents/survey_report.docx")


def volunteer_certificate() -> None:
    """志愿服务记录证明 (volunteers): the volunteer's identity (masked identity card number, volunteer number), the
    hours and content with the records cited, the issuer with its responsible person and handler, the number, the
    date, the seal area and the QR code of the public check."""
    document = official_document()
    title(document, "志愿服务记录证明")
    paragraph(document, "证明编号：{{ number }}", size=12, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(
        document,
        "　　兹证明{{ name }}（证件号码：{{ id_number }}，志愿者编号：{{ volunteer_number }}）"
        "在本单位组织的志愿服务活动中累计服务{{ hours }}小时，服务内容为：{{ content }}。",
    )
    grid(
        document,
        ["序号", "活动", "日期", "签到", "签退", "时长（小时）"],
        "records",
        ["n", "title", "day", "start", "end", "hours"],
        widths=[1.2, 6.0, 2.8, 1.8, 1.8, 2.2],
        figures=("hours",),
        centred=("n", "day", "start", "end"),
    )
    paragraph(
        document,
        "　　服务时长按实际签到、签退时间计算，不含往返途中时间。本证明无偿出具，如实记载。",
        size=14,
    )
    paragraph(document, "出具单位：{{ unit }}", size=14)
    paragraph(
        document,
        "负责人：{{ responsible_person }}　　经办人：{{ handler }}　　联系方式：{{ contact }}",
        size=14,
    )
    paragraph(document, "（盖章）", size=14, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(document, "{{ date }}", size=14, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(document, "{{ qr }}", size=12)
    paragraph(document, "扫描二维码或访问 {{ verify_url }} 核验本证明。", size=10)
    (ROOT / "changxiao/volunteers/documents").mkdir(exist_ok=True)
    document.save(ROOT / "changxiao/volunteers/documents/certificate.docx")


def linkage_section() -> None:
    """城乡联动情况: the year's linkage section of the annual report — menu, orders, coverage and equality, pairs and
    programmes of a jurisdiction (changxiao/linkage/documents.py)."""
    document = official_document()
    title(document, "{{ region }}{{ year }}年度城乡联动共创工作情况")

    def heading(text: str) -> None:
        added = paragraph(document, text, font="黑体")
        added.paragraph_format.space_before = Pt(12)

    heading("一、公共文化服务“点单”")
    paragraph(
        document,
        "　　{% if menu_title %}{{ menu_title }}共列入服务项目{{ items }}项，被点单{{ items_ordered }}项，点单率{{ order_rate }}。"
        "{% endif %}全年基层点单{{ orders }}次，已配送{{ delivered }}次（其中部分配送{{ partial }}次），"
        "服务方婉拒{{ declined }}次，尚待答复{{ waiting }}次。",
    )
    document.add_paragraph("{%p if never %}")
    paragraph(document, "　　以下项目全年无人点单，建议在下一年度目录中调整：")
    grid(
        document,
        ["项目", "类别", "服务提供方"],
        "never",
        ["title", "kind", "provider"],
        widths=[7.0, 2.6, 6.0],
    )
    document.add_paragraph("{%p endif %}")
    heading("二、服务覆盖与均等化")
    paragraph(
        document,
        "　　全域{{ villages }}个村（社区）中，全年获得配送或活动不少于{{ times }}次的有{{ reached }}个，覆盖率{{ coverage }}；"
        "每万名常住人口获得配送和活动{{ per_10k }}次；各乡镇（街道）每万人服务次数的基尼系数为{{ gini }}，"
        "最好与最差十分位之比为{{ decile_ratio }}。",
    )
    grid(
        document,
        ["乡镇（街道）", "配送和活动（次）", "每万人（次）", "村（社区）数"],
        "townships",
        ["name", "reach", "per_10k", "villages"],
        widths=[5.0, 3.6, 3.4, 3.4],
        figures=("reach", "per_10k", "villages"),
    )
    heading("三、结对帮扶与品牌活动")
    paragraph(
        document,
        "　　全年结对{{ pairs }}对，其中{{ pairs_inactive }}对未完成年度承诺的活动次数。"
        "各品牌活动共开展{{ activities }}场。",
    )
    grid(document, ["品牌活动", "场次"], "programmes", ["name", "n"], widths=[9.0, 3.0], figures=("n",))
    (ROOT / "changxiao/linkage/documents").mkdir(exist_ok=True)
    document.save(ROOT / "changxiao/linkage/documents/linkage_section.docx")


if __name__ == "__main__":
    roster()
    task_notice()
    rectification_notice()
    supervision_notice()
    bulletin()
    assessment_report()
    survey_report()
    volunteer_certificate()
    print("written the Word templates of orgs, targets, supervision, assessment and surveys")
