"""The migration to values by meaning, on data stored before it: a value the database cannot give back (1e20 in a
DECIMAL(14, 3) column, which made the sheet, the round page and the report answer 500) and a value breaking the new
rules (2.5 activities) are reported and kept as text, then cleared for the unit to enter again; good values stay."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import DataError, connection, transaction

from changxiao.core.tests.migrations import latest_schema_after, migrate_to  # noqa: F401 (a fixture)

BEFORE = [("assessment", "0003_commendations")]
AFTER = [("assessment", "0005_values_by_meaning")]
pytestmark = [pytest.mark.usefixtures("latest_schema_after"), pytest.mark.slow]


@pytest.mark.django_db(transaction=True)
def test_unreadable_and_rule_breaking_values_are_reported_kept_and_cleared(capsys):
    old = migrate_to(BEFORE)
    Region = old.get_model("orgs", "Region")
    Unit = old.get_model("orgs", "Unit")
    IndicatorSet = old.get_model("assessment", "IndicatorSet")
    Category = old.get_model("assessment", "IndicatorCategory")
    Indicator = old.get_model("assessment", "Indicator")
    Round = old.get_model("assessment", "AssessmentRound")
    Participant = old.get_model("assessment", "Participant")
    Submission = old.get_model("assessment", "Submission")

    city = Region.objects.create(code="320500", name="苏州市", level="city", path="/1/")
    unit = Unit.objects.create(code="GS-WTL", name="姑苏区文体旅局", kind="culture_bureau", region=city)
    indicator_set = IndicatorSet.objects.create(
        code="long-term-management", version=2, name="指标", source=""
    )
    category = Category.objects.create(indicator_set=indicator_set, code="5", name="城乡联动机制")
    common = {"indicator_set": indicator_set, "category": category, "comparator": "gte", "source": "reported"}
    activities = Indicator.objects.create(
        code="5.1",
        name="活动场次",
        unit_of_measure="场",
        data_type="number",
        scoring="tiers",
        max_points=10,
        **common,
    )
    staff = Indicator.objects.create(
        code="4.3",
        name="持证上岗率",
        unit_of_measure="%",
        data_type="percent",
        scoring="proportional",
        max_points=8,
        citation="种子文件三（四）“完善已经全面实施的……专业认证、持证上岗制度”；阈值为平台建议值。",
        **{**common, "category": category},
    )
    ratio = Indicator.objects.create(
        code="B.1",
        name="人均占有藏书",
        unit_of_measure="册/人",
        data_type="number",
        scoring="proportional",
        max_points=5,
        **common,
    )
    assessment_round = Round.objects.create(
        title="2026年度考核",
        year=2026,
        region=city,
        indicator_set=indicator_set,
        phase="review",
        self_report_due=date(2027, 1, 15),
        review_due=date(2027, 1, 31),
        final_due=date(2027, 2, 28),
        publicity_days=99,
    )
    participant = Participant.objects.create(assessment_round=assessment_round, unit=unit)
    huge = Submission.objects.create(participant=participant, indicator=activities, note="全年活动")
    fine = Submission.objects.create(participant=participant, indicator=staff, value=Decimal("98.5"))
    per_person = Submission.objects.create(participant=participant, indicator=ratio, value=Decimal("1.25"))
    # As the old code stored it: no check, whatever was typed. SQLite keeps 1e20 in a DECIMAL(14, 3) column (and
    # cannot give it back); PostgreSQL refuses it outright, so there the stored value is one that breaks the rules.
    if connection.vendor == "sqlite":
        stored = "1e20"
        with connection.cursor() as cursor:
            cursor.execute("UPDATE assessment_submission SET value = %s WHERE id = %s", [stored, huge.pk])
    else:
        with pytest.raises(DataError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE assessment_submission SET value = %s WHERE id = %s", ["1e20", huge.pk])
        stored = "12.5"
        Submission.objects.filter(pk=huge.pk).update(value=Decimal(stored))

    migrate_to(AFTER)
    from changxiao.assessment.models import AssessmentRound, Indicator, Participant, Submission
    from changxiao.core.models import TimelineEvent

    printed = capsys.readouterr().out
    raw = ("e+20",) if connection.vendor == "sqlite" else ("12.5",)  # SQLite gives back 1.0e+20
    assert raw[0] in printed.lower()
    assert "2026年度考核 · 姑苏区文体旅局 · 5.1 活动场次" in printed
    cleared = Submission.objects.get(pk=huge.pk)  # reads back now
    assert cleared.value is None and cleared.self_points == 0
    assert cleared.note.startswith("全年活动\n【系统迁移】原填报值") and raw[0] in cleared.note.lower()
    event = TimelineEvent.objects.get(verb="value_cleared")
    assert event.object_id == str(assessment_round.pk) and raw[0] in event.comment.lower()
    assert Submission.objects.get(pk=fine.pk).value == Decimal("98.5")
    assert Submission.objects.get(pk=per_person.pk).value == Decimal("1.25")  # a ratio per person is no count
    # The activities are a count from now on; the per-person ratio stays a quantity.
    assert Indicator.objects.get(pk=activities.pk).data_type == "count"
    assert Indicator.objects.get(pk=ratio.pk).data_type == "number"
    assert Indicator.objects.get(pk=staff.pk).citation.startswith(
        "《苏州市国家公共文化服务体系示范区长效管理机制》三（四）"
    )
    # The round was in review: the sheet goes back to the unit with the reason; the announcement is bounded.
    assert Participant.objects.get(pk=participant.pk).self_report_state == "returned"
    assert "5.1" in Participant.objects.get(pk=participant.pk).return_reason
    assert AssessmentRound.objects.get(pk=assessment_round.pk).publicity_days == 30


@pytest.mark.django_db(transaction=True)
def test_a_count_stored_with_decimals_is_reported_too(capsys):
    old = migrate_to(BEFORE)
    Region = old.get_model("orgs", "Region")
    Unit = old.get_model("orgs", "Unit")
    IndicatorSet = old.get_model("assessment", "IndicatorSet")
    Category = old.get_model("assessment", "IndicatorCategory")
    Indicator = old.get_model("assessment", "Indicator")
    Round = old.get_model("assessment", "AssessmentRound")
    Participant = old.get_model("assessment", "Participant")
    Submission = old.get_model("assessment", "Submission")
    city = Region.objects.create(code="320500", name="苏州市", level="city", path="/1/")
    unit = Unit.objects.create(code="KS-WGL", name="昆山市文广旅局", kind="culture_bureau", region=city)
    indicator_set = IndicatorSet.objects.create(
        code="long-term-management", version=2, name="指标", source=""
    )
    category = Category.objects.create(indicator_set=indicator_set, code="5", name="城乡联动机制")
    activities = Indicator.objects.create(
        indicator_set=indicator_set,
        category=category,
        code="5.1",
        name="活动场次",
        unit_of_measure="场",
        data_type="number",
        comparator="gte",
        scoring="tiers",
        max_points=10,
        source="reported",
    )
    assessment_round = Round.objects.create(
        title="2026年度考核",
        year=2026,
        region=city,
        indicator_set=indicator_set,
        phase="self_report",
        self_report_due=date(2027, 1, 15),
        review_due=date(2027, 1, 31),
        final_due=date(2027, 2, 28),
    )
    participant = Participant.objects.create(assessment_round=assessment_round, unit=unit)
    half = Submission.objects.create(participant=participant, indicator=activities, value=Decimal("2.5"))

    migrate_to(AFTER)
    from changxiao.assessment.models import Participant, Submission

    assert "2.5" in capsys.readouterr().out
    cleared = Submission.objects.get(pk=half.pk)
    assert cleared.value is None and "2.5" in cleared.note and "整数" in cleared.note
    assert Participant.objects.get(pk=participant.pk).self_report_state == "draft"  # still filling in
