"""Public-welfare publicity resources: the minimum share that applies, a shortfall flagged with one finding against
the media unit, bad reports refused with nothing saved, a mistaken report cancelled."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from changxiao.funding.models import AdReport
from changxiao.funding.services import minimum_set, resources_cancel, resources_report
from changxiao.supervision.models import Finding
from conftest import make_person, make_unit


@pytest.fixture
def media(world):
    world.media_unit = make_unit("SZ-GDZT", "苏州广播电视总台", "media", world.city)
    world.media = make_person("media", world.media_unit, "member", full_name="林晨")
    minimum_set(
        owner=world.city,
        by=world.office,
        medium="broadcast",
        minimum_percent="3.0",
        source="广电总局令第61号",
    )
    return world


def _report(w, public: str, **extra):
    return resources_report(
        unit=w.media_unit,
        by=w.media,
        medium="broadcast",
        channel="新闻综合频道",
        period_start=date(2025, 11, 1),
        period_end=date(2025, 11, 1),
        total=Decimal("86400"),
        public_welfare=Decimal(public),
        **extra,
    )


def test_a_share_reaching_the_minimum_is_met_and_a_shortfall_opens_a_finding(media):
    met = _report(media, "2592")  # exactly 3%
    assert not met.is_short and met.finding_id is None
    short = _report(media, "2590")  # 2.998%, shown as 3.0%: still short
    assert short.is_short and short.share == Decimal("3.0")
    finding = Finding.objects.get(pk=short.finding_id)
    assert finding.lead_unit == media.media_unit and "广电总局令第61号" in finding.description


def test_the_nearest_minimum_applies(media):
    minimum_set(
        owner=media.gusu, by=media.office, medium="broadcast", minimum_percent="5.0", source="区级规定"
    )
    from changxiao.funding.services import minimum_for

    assert minimum_for(media.gusu, "broadcast").minimum_percent == Decimal("5.0")
    assert minimum_for(media.city, "broadcast").minimum_percent == Decimal("3.0")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"public_welfare": "90000"}, "public_welfare"),
        ({"period_end": date(2099, 1, 1)}, "period_end"),
        ({"period_end": date(2025, 10, 1)}, "period_end"),
        ({"total": "-1"}, "total"),
        ({"channel": ""}, "channel"),
    ],
)
def test_bad_reports_are_refused_and_nothing_saved(media, change, field):
    values = {
        "unit": media.media_unit,
        "by": media.media,
        "medium": "broadcast",
        "channel": "新闻综合频道",
        "period_start": date(2025, 11, 1),
        "period_end": date(2025, 11, 30),
        "total": "86400",
        "public_welfare": "3000",
    } | change
    with pytest.raises(ValidationError) as refused:
        resources_report(**values)
    assert field in refused.value.message_dict
    assert not AdReport.objects.exists()


def test_only_the_media_unit_or_the_office_reports_and_a_mistake_is_cancelled(media):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        resources_report(
            unit=media.media_unit,
            by=media.district,
            medium="broadcast",
            channel="x",
            period_start=date(2025, 11, 1),
            period_end=date(2025, 11, 1),
            total="1",
            public_welfare="1",
        )
    report = _report(media, "3000")
    resources_cancel(report=report, by=media.media, reason="频道填错")
    report.refresh_from_db()
    assert report.is_cancelled and AdReport.objects.current().count() == 0
