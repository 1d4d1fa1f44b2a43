"""Entering and revising fiscal figures: the rules checked on every revision, a finding opened once when a rule is
not met, the revision that meets it again as the evidence; bad input refused with nothing saved."""

from decimal import Decimal

import pytest
from django.urls import reverse

from changxiao.core.models import TimelineEvent
from changxiao.funding.choices import CheckState, Stage
from changxiao.funding.models import FiscalRecord, RuleCheck
from changxiao.funding.services import figures_enter
from changxiao.supervision.models import Finding

from .factories import RecordFactory, RuleFactory, setup_city


@pytest.fixture
def city(world):
    setup_city(world)
    world.rule = RuleFactory(owner=world.city, by=world.office, code="seed-growth")
    # 2023: revenue 1,000,000,000, culture 100,000,000.
    RecordFactory(
        region=world.gusu,
        by=world.member,
        year=2023,
        regular_revenue=Decimal("1000000000"),
        culture_spending=Decimal("100000000"),
    )
    return world


def _enter_2024(world, culture: str, reason: str = ""):
    # Revenue +7.4% (1,074,000,000); culture as given.
    return figures_enter(
        region=world.gusu,
        by=world.member,
        year=2024,
        stage=Stage.FINAL,
        regular_revenue=Decimal("1074000000"),
        general_expenditure=Decimal("1200000000"),
        culture_spending=Decimal(culture),
        population=900_000,
        population_source="统计公报",
        source_document="姑苏区2024年决算",
        reason=reason,
    )


def test_a_rule_not_met_opens_one_finding_and_a_revision_meets_it_again(city, client):
    world = city
    _enter_2024(world, "106100000")  # +6.1% against +7.4%
    check = RuleCheck.objects.get(rule=world.rule, region=world.gusu, year=2024)
    assert check.state == CheckState.NOT_MET
    finding = Finding.objects.get(pk=check.finding_id)
    assert finding.lead_unit == world.government_unit and finding.source == "funding"
    assert "+6.1%" in finding.description and "+7.4%" in finding.description and "1.3" in finding.description
    # The same rule and year never opens a second finding (a recheck, the sweep).
    from changxiao.funding.services import recheck_all

    recheck_all()
    assert Finding.objects.filter(source="funding").count() == 1

    revision = _enter_2024(world, "108000000", reason="决算调整：补录文化专项资金")  # +8.0%
    check.refresh_from_db()
    assert check.state == CheckState.MET and check.finding_id == finding.pk
    assert revision.version == 2
    older = FiscalRecord.objects.get(region=world.gusu, year=2024, stage=Stage.FINAL, version=1)
    assert older.superseded_at is not None and older.culture_spending == Decimal("106100000")
    # The government is told the revision that meets the rule, to submit it as the evidence.
    assert world.government.notifications.filter(url=finding.get_absolute_url()).exists()
    assert TimelineEvent.objects.for_object(check).filter(verb="rule_checked").count() == 2

    client.force_login(world.member)
    page = client.get(reverse("funding:region", args=[world.gusu.pk]))
    assert page.status_code == 200
    assert "+8.0%" in page.content.decode()


def test_equal_growth_meets_the_rule(city):
    _enter_2024(city, "107400000")  # +7.4% against +7.4%
    assert RuleCheck.objects.get(region=city.gusu, year=2024).state == CheckState.MET


def test_the_first_year_cannot_be_checked_and_opens_nothing(city):
    check = RuleCheck.objects.get(region=city.gusu, year=2023)
    assert check.state == CheckState.UNKNOWN and check.finding_id is None


BAD = [
    ({"regular_revenue": "-5"}, "regular_revenue"),
    ({"culture_spending": "1.005"}, "culture_spending"),
    ({"population": "0"}, "population"),
    ({"year": "2099"}, "year"),
    ({"reason": ""}, "reason"),
]


@pytest.mark.parametrize(("change", "field"), BAD)
def test_bad_input_is_refused_in_words_and_nothing_saved(city, client, change, field):
    world = city
    client.force_login(world.member)
    url = reverse("funding:figures_enter", args=[world.gusu.pk, "final"])
    data = {
        "year": "2023",
        "regular_revenue": "1000000000",
        "general_expenditure": "1200000000",
        "culture_spending": "100000000",
        "culture_item_name": "文化体育与传媒支出",
        "population": "900000",
        "population_source": "统计公报",
        "source_document": "姑苏区2023年决算",
        "reason": "更正",
    } | change
    before = FiscalRecord.objects.count(), TimelineEvent.objects.count()
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert (FiscalRecord.objects.count(), TimelineEvent.objects.count()) == before


def test_the_current_year_of_final_accounts_in_the_future_is_refused_by_the_service(city):
    from django.core.exceptions import ValidationError

    from changxiao.core.deadlines import local_today

    with pytest.raises(ValidationError) as refused:
        _enter_year(city, local_today().year + 1)
    assert "year" in refused.value.message_dict


def _enter_year(world, year):
    return figures_enter(
        region=world.gusu,
        by=world.member,
        year=year,
        stage=Stage.FINAL,
        regular_revenue=Decimal("1"),
        general_expenditure=Decimal("1"),
        culture_spending=Decimal("1"),
        source_document="x",
    )


def test_per_capita_without_a_population_shows_missing_population(city, client):
    world = city
    figures_enter(
        region=world.kunshan,
        by=world.office,
        year=2024,
        stage=Stage.FINAL,
        regular_revenue=Decimal("1000"),
        general_expenditure=Decimal("2000"),
        culture_spending=Decimal("100"),
        source_document="昆山市2024年决算",
    )
    record = FiscalRecord.objects.get(region=world.kunshan)
    assert record.population is None and record.culture_per_capita is None
    client.force_login(world.office)
    page = client.get(reverse("funding:region", args=[world.kunshan.pk])).content.decode()
    assert "缺人口数据" in page


def test_both_names_of_class_207_are_one_series(city):
    world = city
    # 2023 as the older documents name class 207, 2024 as the newer ones: one series, one growth.
    figures_enter(
        region=world.gusu,
        by=world.member,
        year=2023,
        stage=Stage.FINAL,
        regular_revenue=Decimal("1000000000"),
        general_expenditure=Decimal("1200000000"),
        culture_spending=Decimal("100000000"),
        culture_item_name="文化体育与传媒支出",
        source_document="姑苏区2023年决算",
        reason="按决算原文更正科目名称",
    )
    figures_enter(
        region=world.gusu,
        by=world.member,
        year=2024,
        stage=Stage.FINAL,
        regular_revenue=Decimal("1074000000"),
        general_expenditure=Decimal("1200000000"),
        culture_spending=Decimal("108000000"),
        culture_item_name="文化旅游体育与传媒支出",
        source_document="姑苏区2024年决算",
    )
    check = RuleCheck.objects.get(region=world.gusu, year=2024)
    assert check.state == CheckState.MET
    assert check.detail[0]["value"].startswith("8")  # +8.0% against +7.4%


def test_the_office_table_and_its_query_count(city, client, django_assert_max_num_queries):
    world = city
    _enter_2024(world, "106100000")
    client.force_login(world.office)
    with django_assert_max_num_queries(40):
        page = client.get(reverse("funding:overview") + "?year=2024")
    body = page.content.decode()
    assert "姑苏区" in body and "1.3" in body


def test_the_source_document_is_kept_as_evidence_and_a_bad_file_saves_nothing(city, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from changxiao.core.models import Attachment
    from changxiao.core.tests.test_uploads import PNG

    world = city
    client.force_login(world.member)
    url = reverse("funding:figures_enter", args=[world.gusu.pk, "final"])
    data = {
        "year": "2024",
        "regular_revenue": "1074000000",
        "general_expenditure": "1200000000",
        "culture_spending": "108000000",
        "culture_item_name": "文化旅游体育与传媒支出",
        "source_document": "姑苏区2024年财政决算",
    }
    bad = client.post(
        url, {**data, "document": SimpleUploadedFile("决算.exe", b"MZ\x90\x00", "application/octet-stream")}
    )
    assert bad.status_code == 200 and bad.context["form"].errors
    assert not FiscalRecord.objects.filter(year=2024).exists() and not Attachment.objects.exists()
    client.post(url, {**data, "document": SimpleUploadedFile("决算.png", PNG, "image/png")})
    record = FiscalRecord.objects.get(year=2024)
    attachment = Attachment.objects.for_object(record).get()
    page = client.get(record.get_absolute_url()).content.decode()
    assert attachment.original_name in page
    assert client.get(reverse("core:attachment_download", args=[attachment.pk])).status_code == 200
    client.force_login(world.outsider)
    assert client.get(reverse("core:attachment_download", args=[attachment.pk])).status_code == 404


def test_a_mistaken_revision_is_cancelled_and_the_version_it_replaced_stands_again(city, client):
    world = city
    _enter_2024(world, "108000000")  # +8.0%: met
    mistaken = _enter_2024(world, "106100000", reason="误录")  # +6.1%: not met, a finding
    check = RuleCheck.objects.get(region=world.gusu, year=2024)
    assert check.state == CheckState.NOT_MET
    client.force_login(world.district)
    assert (
        client.post(reverse("funding:record_cancel", args=[mistaken.pk]), {"reason": "x"}).status_code == 403
    )
    client.force_login(world.member)
    client.post(reverse("funding:record_cancel", args=[mistaken.pk]), {"reason": "录入了错误的版本"})
    mistaken.refresh_from_db()
    assert mistaken.is_cancelled and not mistaken.is_current
    standing = FiscalRecord.objects.current().get(region=world.gusu, year=2024, stage=Stage.FINAL)
    assert standing.version == 1 and standing.culture_spending == Decimal("108000000")
    check.refresh_from_db()
    assert check.state == CheckState.MET
    # The next revision is numbered after every version there was.
    assert _enter_2024(world, "109000000", reason="决算调整").version == 3


def test_cancelling_the_only_figures_of_a_year_leaves_its_result_uncheckable(city):
    from changxiao.funding.services import figures_cancel

    world = city
    record = _enter_2024(world, "106100000")
    figures_cancel(record=record, by=world.office, reason="录错了地区")
    check = RuleCheck.objects.get(region=world.gusu, year=2024)
    assert check.state == CheckState.UNKNOWN and check.detail[0]["reason"] == "missing_figures"
