"""The authorization matrix's cases for the funding guarantees: every page, form and endpoint, for every persona.

市财政局 (world.member_unit) is the unit the city office designates to report the fiscal figures of 苏州市 and every
jurisdiction inside it: it reads and enters them, as the city office does. The 姑苏区 coordinator (district) and the
leader read 姑苏区's figures and change nothing; the venues, the inspector, the outsider (昆山市) and the second
city's office do not see them (404). The rules and the minimum shares are the city office's settings; the public
reads what the office published."""

from django.urls import reverse

from changxiao.core.tests.authz import EVERYONE, SEES_GUSU_REGION, Case, expect

# Who reads 姑苏区's figures: the managers and leaders of the city and the district, and the finance bureau.
SEES_FIGURES = expect(200, venue=404, inspector=404, outsider=404)
# Who enters them: the finance bureau and the office.
ENTERS_FIGURES = expect(403, venue=404, inspector=404, outsider=404, office=200, member=200)
ENTERS_FIGURES_POST = {k: (302 if v == 200 else v) for k, v in ENTERS_FIGURES.items()}
# The office's table opens on the person's own top jurisdiction: none for a venue, an inspector or the outsider.
TABLE = expect(200, venue=404, inspector=404, outsider=404, office2=200)
PUBLISHES = expect(403, venue=404, inspector=404, outsider=404, office=302)
KEEPS_SETTINGS = expect(403, office=200, office2=200)
KEEPS_SETTINGS_POST = {k: (302 if v == 200 else v) for k, v in KEEPS_SETTINGS.items()}
CITY_RULE = expect(403, office=302)
# A media unit of the city reports its resources; the office may report for it. Nobody else has a media unit.
REPORTS = expect(403, office=302, office2=403)
CANCELS_REPORT = expect(404, office=302, leader=403)
PUBLIC = expect(200, anonymous=200, office2=200)


def _setup(w):
    from changxiao.funding.models import FiscalReporter
    from changxiao.funding.services import reporter_designate

    if not FiscalReporter.objects.filter(owner=w.city, unit=w.member_unit).exists():
        reporter_designate(owner=w.city, unit=w.member_unit, by=w.office)
    return w


def _record(w):
    from decimal import Decimal

    from changxiao.funding.models import FiscalRecord
    from changxiao.funding.services import figures_enter

    _setup(w)
    record = FiscalRecord.objects.current().filter(region=w.gusu, year=2024, stage="final").first()
    return record or figures_enter(
        region=w.gusu,
        by=w.member,
        year=2024,
        stage="final",
        regular_revenue=Decimal("1000000000"),
        general_expenditure=Decimal("1200000000"),
        culture_spending=Decimal("30000000"),
        population=900000,
        population_source="统计公报",
        source_document="姑苏区2024年决算",
    )


def _publication(w):
    from changxiao.funding.services import publication_publish

    _record(w)
    return publication_publish(region=w.gusu, year=2024, by=w.office, confirmed=True)


def _rule(w):
    from changxiao.funding.services import rule_create

    return rule_create(
        owner=w.city,
        by=w.office,
        code="seed-growth",
        name="文化体育与传媒支出增幅不低于经常性收入增幅",
        kind="growth",
        comparator="ge",
        window=1,
        stage="final",
        source_title="示范区长效管理机制 三(四)",
        source_text="文化体育与传媒支出不低于同级财政经常性收入的增长幅度",
    )


def _media(w):
    from changxiao.orgs.models import Unit
    from conftest import make_unit

    return Unit.objects.filter(code="SZ-GDZT").first() or make_unit(
        "SZ-GDZT", "苏州广播电视总台", "media", w.city
    )


def _report(w):
    from datetime import date
    from decimal import Decimal

    from changxiao.funding.services import resources_report

    return resources_report(
        unit=_media(w),
        by=w.office,
        medium="broadcast",
        channel="新闻综合频道",
        period_start=date(2025, 11, 1),
        period_end=date(2025, 11, 30),
        total=Decimal("86400"),
        public_welfare=Decimal("3000"),
    )


def _figures_body(w) -> dict:
    return {
        "year": "2024",
        "regular_revenue": "1000000000",
        "general_expenditure": "1200000000",
        "culture_spending": "30000000",
        "culture_item_name": "文化旅游体育与传媒支出",
        "population": "900000",
        "population_source": "统计公报",
        "source_document": "姑苏区2024年决算",
    }


def _rule_body(w) -> dict:
    return {
        "code": "civil-growth",
        "name": "文化投入增幅高于经常性收入增幅（近两年）",
        "kind": "growth",
        "comparator": "gt",
        "window": "2",
        "stage": "final",
        "source_title": "全国文明城区测评体系 Ⅲ-45",
        "source_text": "公共财政对文化建设投入的增长幅度高于同级财政经常性收入的增长幅度",
    }


def _report_body(w) -> dict:
    return {
        "unit": _media(w).pk,
        "medium": "broadcast",
        "channel": "文化生活频道",
        "period_start": "2025-11-01",
        "period_end": "2025-11-30",
        "total": "64800",
        "public_welfare": "2000",
        "note": "",
    }


CASES = [
    Case("funding:overview", lambda w: reverse("funding:overview") if _setup(w) else "", TABLE),
    Case("funding:region", lambda w: reverse("funding:region", args=[_record(w).region_id]), SEES_FIGURES),
    Case(
        "funding:figures_enter",
        lambda w: reverse("funding:figures_enter", args=[_setup(w).gusu.pk, "final"]),
        ENTERS_FIGURES,
    ),
    Case(
        "funding:figures_enter",
        lambda w: reverse("funding:figures_enter", args=[_setup(w).gusu.pk, "final"]),
        ENTERS_FIGURES_POST,
        method="post",
        data=_figures_body,
    ),
    Case("funding:record", lambda w: reverse("funding:record", args=[_record(w).pk]), SEES_FIGURES),
    Case(
        "funding:record_cancel",
        lambda w: reverse("funding:record_cancel", args=[_record(w).pk]),
        ENTERS_FIGURES_POST,
        method="post",
        data={"reason": "录入了错误的地区"},
    ),
    Case(
        "funding:publish",
        lambda w: reverse("funding:publish", args=[_record(w).region_id]),
        PUBLISHES,
        method="post",
        data={"year": "2024", "confirmed": "1"},
    ),
    Case(
        "funding:withdraw",
        lambda w: reverse("funding:withdraw", args=[_publication(w).pk]),
        PUBLISHES,
        method="post",
        data={"reason": "数据待复核"},
    ),
    Case(
        "funding:document",
        lambda w: reverse("funding:document", args=[_record(w).region_id]) + "?year=2024",
        SEES_FIGURES,
    ),
    Case("funding:settings", lambda w: reverse("funding:settings"), KEEPS_SETTINGS),
    Case(
        "funding:rule_add",
        lambda w: reverse("funding:rule_add"),
        KEEPS_SETTINGS_POST,
        method="post",
        data=_rule_body,
    ),
    Case(
        "funding:rule_retire",
        lambda w: reverse("funding:rule_retire", args=[_rule(w).pk]),
        CITY_RULE,
        method="post",
        data={"reason": "改用更严格的规则"},
    ),
    Case(
        "funding:average_add",
        lambda w: reverse("funding:average_add"),
        KEEPS_SETTINGS_POST,
        method="post",
        data={"year": "2024", "per_capita": "337.90", "source": "江苏统计年鉴2025 表21-3", "reason": ""},
    ),
    Case(
        "funding:reporter_add",
        lambda w: reverse("funding:reporter_add"),
        {**KEEPS_SETTINGS_POST, "office2": 200},
        method="post",
        data=lambda w: {"unit": w.other_member_unit.pk},
    ),
    Case(
        "funding:minimum_add",
        lambda w: reverse("funding:minimum_add"),
        KEEPS_SETTINGS_POST,
        method="post",
        data={"medium": "broadcast", "minimum_percent": "3.0", "source": "广播电视广告播出管理办法"},
    ),
    Case("funding:resources", lambda w: reverse("funding:resources"), EVERYONE),
    Case(
        "funding:resource_add",
        lambda w: reverse("funding:resource_add"),
        REPORTS,
        method="post",
        data=_report_body,
    ),
    Case(
        "funding:resource_cancel",
        lambda w: reverse("funding:resource_cancel", args=[_report(w).pk]),
        CANCELS_REPORT,
        method="post",
        data={"reason": "录入错误"},
    ),
    Case(
        "funding:metric_records",
        lambda w: (
            reverse("funding:metric_records", args=["funding.rules_met_rate"])
            + f"?region={_record(w).region_id}&year=2024"
        ),
        SEES_GUSU_REGION,
    ),
    Case("public:funding_public", lambda w: reverse("public:funding_public"), PUBLIC),
    Case(
        "public:funding_public_region",
        lambda w: reverse("public:funding_public_region", args=[_publication(w).region_id, 2024]),
        PUBLIC,
    ),
    Case(
        "api:region_figures",
        lambda w: f"/api/v1/funding/regions/{_record(w).region_id}/figures",
        {**SEES_FIGURES, "anonymous": 401},
    ),
    Case(
        "api:region_checks",
        lambda w: f"/api/v1/funding/regions/{_record(w).region_id}/checks",
        {**SEES_FIGURES, "anonymous": 401},
    ),
]
