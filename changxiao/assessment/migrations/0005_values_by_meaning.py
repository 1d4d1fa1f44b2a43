"""Values by meaning, readable citations and explicit self-reports, for the data already stored.

1. Indicators say what they measure: counts (场, 个 …) become `count`, so 2.5 activities are refused from now on.
2. The shipped sets' citations read as what they mean (the document and section, whether a threshold is the platform's
   proposal) instead of the data files' internal markers; the eastern set's name likewise.
3. Participants of rounds already past the self-report count as having submitted it; the others have a draft.
4. A round not yet announced with a public announcement outside 5–30 days is brought within it, on its timeline.
5. Stored values the database cannot give back (1e20 in a DECIMAL(14, 3) column on SQLite) or that break the rules
   of their indicator are REPORTED — printed with round, unit, indicator and raw value, the raw text kept in the
   submission's note and on the round's timeline — then cleared, so the unit enters them again. Nothing is dropped
   silently. The values are read raw, as text, with a cursor: reading them through the ORM is what failed.
"""

from decimal import Decimal, InvalidOperation

from django.db import migrations

COUNT_UNITS = {"场", "个", "人", "次", "册", "家", "项", "处", "支", "件", "所", "座", "名", "部", "台", "本"}
RATIO_WORDS = ("人均", "平均", "每", "率", "比", "/")
# By meaning, for the shipped sets and their later versions (the data files say the same).
SHIPPED_TYPES = {
    ("long-term-management", "2.2"): "count",
    ("long-term-management", "5.1"): "count",
}
RENAMED_SETS = {
    "东部地区国家公共文化服务体系示范区创建标准（部分指标，待核实）": (
        "东部地区国家公共文化服务体系示范区创建标准（部分指标，阈值未经官方文本核对）"
    ),
}
PUBLICITY_MIN_DAYS, PUBLICITY_MAX_DAYS = 5, 30
# The rules of assessment/values.py as they stand at this migration (a migration never imports code that may change).
STORAGE_MAX = Decimal("9999999999999.999")
LIMITS = {
    "count": (Decimal(999_999_999), 0),
    "percent": (Decimal(100), 1),
    "amount": (Decimal("999999999999.99"), 2),
    "number": (Decimal("999999999.999"), 3),
}
READABLE_CITATIONS = {
    ("long-term-management", "1.1"): (
        "种子文件三（一）“重点工作与长效建设”；阈值为平台建议值，待办公室在年度考核方案中确认。",
        "《苏州市国家公共文化服务体系示范区长效管理机制》三（一）“重点工作与长效建设”。达标和优秀阈值由平台拟定，尚无官方文本依据，须由办公室在年度考核方案中确认。",
    ),
    ("long-term-management", "1.2"): (
        "种子文件四（一）“各成员单位和各区要制定实施方案”；全部按时报送为达标（平台建议值）。",
        "《苏州市国家公共文化服务体系示范区长效管理机制》四（一）“各成员单位和各区要制定实施方案”。以全部按时报送为达标，由平台拟定，须由办公室在年度考核方案中确认。",
    ),
    ("long-term-management", "2.1"): (
        "种子文件三（二）“明确整改时限，督促整改到位”；阈值为平台建议值。",
        "《苏州市国家公共文化服务体系示范区长效管理机制》三（二）“明确整改时限，督促整改到位”。达标和优秀阈值由平台拟定，尚无官方文本依据，须由办公室在年度考核方案中确认。",
    ),
    ("long-term-management", "2.2"): (
        "种子文件三（二）；分档为平台建议值。",
        "《苏州市国家公共文化服务体系示范区长效管理机制》三（二）。分档计分由平台拟定，尚无官方文本依据，须由办公室在年度考核方案中确认。",
    ),
    ("long-term-management", "3.1"): (
        "种子文件三（三）“将示范区长效管理工作纳入各级党委、政府年终综合目标考核”。一票否决为平台建议，待办公室确认。",
        "《苏州市国家公共文化服务体系示范区长效管理机制》三（三）“将示范区长效管理工作纳入各级党委、政府年终综合目标考核”。设为一票否决由平台拟定，须由办公室确认。",
    ),
    ("long-term-management", "4.1"): (
        "种子文件三（四）“文化体育与传媒支出不低于同级财政经常性收入的增长幅度”。",
        "《苏州市国家公共文化服务体系示范区长效管理机制》三（四）“文化体育与传媒支出不低于同级财政经常性收入的增长幅度”。",
    ),
    ("long-term-management", "4.2"): (
        "种子文件三（四）“人均文化支出高于本省平均水平”。",
        "《苏州市国家公共文化服务体系示范区长效管理机制》三（四）“人均文化支出高于本省平均水平”。",
    ),
    ("long-term-management", "4.3"): (
        "种子文件三（四）“完善已经全面实施的……专业认证、持证上岗制度”；阈值为平台建议值。",
        "《苏州市国家公共文化服务体系示范区长效管理机制》三（四）“完善已经全面实施的……专业认证、持证上岗制度”。达标和优秀阈值由平台拟定，尚无官方文本依据，须由办公室在年度考核方案中确认。",
    ),
    ("long-term-management", "5.1"): (
        "种子文件三（五）；分档为平台建议值。",
        "《苏州市国家公共文化服务体系示范区长效管理机制》三（五）。分档计分由平台拟定，尚无官方文本依据，须由办公室在年度考核方案中确认。",
    ),
    ("long-term-management", "5.2"): (
        "种子文件三（五）“实现城乡公共文化质效整体提升”。",
        "《苏州市国家公共文化服务体系示范区长效管理机制》三（五）“实现城乡公共文化质效整体提升”。",
    ),
    ("long-term-management", "6.1"): (
        "种子文件三（六）“建立各种畅通的信息反馈渠道”；阈值为平台建议值。",
        "《苏州市国家公共文化服务体系示范区长效管理机制》三（六）“建立各种畅通的信息反馈渠道”。达标和优秀阈值由平台拟定，尚无官方文本依据，须由办公室在年度考核方案中确认。",
    ),
    ("long-term-management", "6.2"): (
        "种子文件二（二）“把人民群众的满意程度作为检验深化创建成效的第一依据”；阈值为平台建议值。",
        "《苏州市国家公共文化服务体系示范区长效管理机制》二（二）“把人民群众的满意程度作为检验深化创建成效的第一依据”。达标和优秀阈值由平台拟定，尚无官方文本依据，须由办公室在年度考核方案中确认。",
    ),
    ("long-term-management", "6.3"): (
        "种子文件三（六）“制定相应的公共文化服务公众评价测评表”；阈值为平台建议值。",
        "《苏州市国家公共文化服务体系示范区长效管理机制》三（六）“制定相应的公共文化服务公众评价测评表”。达标和优秀阈值由平台拟定，尚无官方文本依据，须由办公室在年度考核方案中确认。",
    ),
    ("eastern-creation-standard", "A.1"): (
        "standards.md §1.2 东部列 [R]：“all ≥ 二级? (maybe 一级 for 市级)”——未核实。",
        "据公开的二手资料整理，尚未与《国家公共文化服务体系示范区创建标准（东部）》官方文本核对：资料称东部标准要求市、县公共图书馆均达到部颁二级以上（市级馆或为一级）。",
    ),
    ("eastern-creation-standard", "A.2"): (
        "standards.md §1.4：建标160-2012 大型≥800、中型≥500、小型≥300 [R]；浙江地方标准一类≥800、二类≥500 [S]。东部标准的具体要求未核实。",
        "《乡镇综合文化站建设标准》（建标160-2012）：大型站不少于800平方米、中型不少于500平方米、小型不少于300平方米；浙江省地方标准一类站不少于800平方米、二类不少于500平方米。东部标准的具体要求尚未与《国家公共文化服务体系示范区创建标准（东部）》官方文本核对。",
    ),
    ("eastern-creation-standard", "B.1"): (
        "standards.md §1.2 东部列 [R]：“≥1.0? (some texts say 1.5)”；中部≥0.6、西部第二批≥0.4 [S]。东部阈值未核实。",
        "据公开的二手资料整理，尚未与《国家公共文化服务体系示范区创建标准（东部）》官方文本核对：资料称东部标准为人均藏书不少于1.0册（另有资料称1.5册）；中部标准不少于0.6册、西部第二批不少于0.4册。",
    ),
    ("eastern-creation-standard", "B.2"): (
        "standards.md §1.2 东部列 [R]：“≥1.0?”；中部≥0.7 [S]。东部阈值未核实。",
        "据公开的二手资料整理，尚未与《国家公共文化服务体系示范区创建标准（东部）》官方文本核对：资料称东部标准为平均每册藏书年流通不少于1.0次；中部标准不少于0.7次。",
    ),
    ("eastern-creation-standard", "B.3"): (
        "standards.md §1.2 东部列 [R]：“≥0.04–0.06?”；中部≥0.03 [S]。东部阈值未核实。",
        "据公开的二手资料整理，尚未与《国家公共文化服务体系示范区创建标准（东部）》官方文本核对：资料称东部标准为人均年增新书0.04至0.06册；中部标准不少于0.03册。",
    ),
    ("eastern-creation-standard", "B.4"): (
        "standards.md §1.2 东部列 [R]：“≥0.5–0.6?”；中部≥0.3 [S]。东部阈值未核实。",
        "据公开的二手资料整理，尚未与《国家公共文化服务体系示范区创建标准（东部）》官方文本核对：资料称东部标准为人均年到馆0.5至0.6次；中部标准不少于0.3次。",
    ),
    ("eastern-creation-standard", "B.5"): (
        "standards.md §1.4：自2011年起实行免费开放 [S]；作为东部标准指标的表述未核实。",
        "图书馆、文化馆（站）、美术馆自2011年起实行免费开放；作为东部标准指标的表述尚未与《国家公共文化服务体系示范区创建标准（东部）》官方文本核对。",
    ),
    ("eastern-creation-standard", "C.1"): (
        "standards.md §1.4 [R]，与全国文明城市指标表述相同 [S]；东部标准原文未核实。",
        "与全国文明城市测评指标的表述相同；东部标准原文尚未与《国家公共文化服务体系示范区创建标准（东部）》官方文本核对。",
    ),
    ("eastern-creation-standard", "D.1"): (
        "standards.md §1.4 “评估：a 群众评价和反馈 mechanism and 满意度 surveys” [R]；未核实。",
        "据公开的二手资料整理，尚未与《国家公共文化服务体系示范区创建标准（东部）》官方文本核对：资料称东部标准在“服务评估”方面要求建立群众评价和反馈机制并开展满意度调查。",
    ),
}


def _is_count(indicator) -> bool:
    return (
        indicator.data_type == "number"
        and indicator.scoring != "rating"
        and indicator.unit_of_measure.strip() in COUNT_UNITS
        and not any(word in indicator.name for word in RATIO_WORDS)
    )


def assign_data_types(apps):
    Indicator = apps.get_model("assessment", "Indicator")
    for indicator in Indicator.objects.select_related("indicator_set"):
        meaning = SHIPPED_TYPES.get((indicator.indicator_set.code, indicator.code))
        if meaning is None and _is_count(indicator):
            meaning = "count"
        if meaning and indicator.data_type != meaning:
            indicator.data_type = meaning
            indicator.save(update_fields=["data_type"])


def readable_citations(apps):
    Indicator = apps.get_model("assessment", "Indicator")
    IndicatorSet = apps.get_model("assessment", "IndicatorSet")
    for (set_code, code), (before, after) in READABLE_CITATIONS.items():
        Indicator.objects.filter(indicator_set__code=set_code, code=code, citation=before).update(
            citation=after
        )
    for before, after in RENAMED_SETS.items():
        IndicatorSet.objects.filter(name=before).update(name=after)


def self_report_states(apps):
    Participant = apps.get_model("assessment", "Participant")
    past = ["review", "verification", "publicity", "final", "published"]
    Participant.objects.filter(assessment_round__phase__in=past).update(self_report_state="submitted")


def _event(apps, round_id, comment, verb):
    ContentType = apps.get_model("contenttypes", "ContentType")
    TimelineEvent = apps.get_model("core", "TimelineEvent")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="assessment", model="assessmentround"
    )
    TimelineEvent.objects.create(
        content_type=content_type, object_id=str(round_id), verb=verb, comment=comment
    )


def bound_publicity(apps):
    AssessmentRound = apps.get_model("assessment", "AssessmentRound")
    open_rounds = AssessmentRound.objects.filter(phase__in=["draft", "self_report", "review", "verification"])
    for assessment_round in open_rounds:
        days = min(max(assessment_round.publicity_days, PUBLICITY_MIN_DAYS), PUBLICITY_MAX_DAYS)
        if days != assessment_round.publicity_days:
            comment = f"公示期由{assessment_round.publicity_days}天调整为{days}天（公示期须为5至30天）。"
            print(f"assessment: {assessment_round.title}: {comment}")
            assessment_round.publicity_days = days
            assessment_round.save(update_fields=["publicity_days"])
            _event(apps, assessment_round.pk, comment, "updated")


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def value_problem(data_type: str, scoring: str, max_points: Decimal, raw: str) -> str:
    """Why a stored value breaks the rules, in the office's words ('' when it does not)."""
    try:
        value = Decimal(raw.strip())
    except (InvalidOperation, AttributeError):
        return "无法读取"
    if not value.is_finite() or abs(value) > STORAGE_MAX:
        return "超出数据库能保存的范围"
    if value < 0:
        return "小于零"
    if data_type == "boolean":
        return "" if value in (0, 1) else "“是/否”指标只能为是或否"
    maximum, places = (
        (Decimal(max_points), 2) if scoring == "rating" else LIMITS.get(data_type, LIMITS["number"])
    )
    if places == 0 and _decimals(value):
        return "计数须为整数"
    if _decimals(value) > places:
        return f"小数位超过{places}位"
    if value > maximum:
        return f"超过上限{maximum.normalize():f}"
    return ""


def clear_unreadable_values(apps, schema_editor):
    Submission = apps.get_model("assessment", "Submission")
    Participant = apps.get_model("assessment", "Participant")
    connection = schema_editor.connection
    table = Submission._meta.db_table
    as_text = "CAST(value AS TEXT)" if connection.vendor == "sqlite" else "CAST(value AS VARCHAR)"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {as_text} FROM {table} WHERE value IS NOT NULL")  # noqa: S608 (no input)
        raw_values = dict(cursor.fetchall())
    if not raw_values:
        return
    rows = Submission.objects.filter(pk__in=raw_values).values(
        "pk",
        "note",
        "participant_id",
        "indicator__code",
        "indicator__name",
        "indicator__data_type",
        "indicator__scoring",
        "indicator__max_points",
        "participant__unit__name",
        "participant__assessment_round_id",
        "participant__assessment_round__title",
        "participant__assessment_round__phase",
    )
    for row in rows:
        raw = str(raw_values[row["pk"]])
        problem = value_problem(
            row["indicator__data_type"], row["indicator__scoring"], row["indicator__max_points"], raw
        )
        if not problem:
            continue
        where = (
            f"{row['participant__assessment_round__title']} · {row['participant__unit__name']} · "
            f"{row['indicator__code']} {row['indicator__name']}"
        )
        print(f"assessment: cleared the value {raw!r} ({problem}): {where}")
        kept = f"【系统迁移】原填报值“{raw}”{problem}，已清除，请重新填报。"
        note = f"{row['note']}\n{kept}".strip()
        Submission.objects.filter(pk=row["pk"]).update(
            value=None, self_points=0, explanation="原填报值无效，已清除，待重新填报。", note=note
        )
        _event(
            apps,
            row["participant__assessment_round_id"],
            f"{row['participant__unit__name']} {row['indicator__code']}：{kept}",
            "value_cleared",
        )
        # The unit enters the value again: a sheet already submitted in an open round goes back to it.
        if row["participant__assessment_round__phase"] in ("self_report", "review", "verification"):
            Participant.objects.filter(pk=row["participant_id"], self_report_state="submitted").update(
                self_report_state="returned",
                return_reason=f"{row['indicator__code']}：原填报值“{raw}”{problem}，请重新填报后再次提交。",
            )


def forwards(apps, schema_editor):
    assign_data_types(apps)
    readable_citations(apps)
    self_report_states(apps)
    bound_publicity(apps)
    clear_unreadable_values(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0004_trust"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_reminder_log"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
