"""Issue 20's must-show, in the assessment: when a certificate closes a gap, the round's participant sheet reads the
new 持证上岗率 (indicator 4.3, computed by the platform) once the office takes the platform's figures again."""

from django.urls import reverse

from changxiao.assessment.services import round_advance, round_refresh
from changxiao.assessment.tests.factories import RoundFactory
from changxiao.workforce.services import requirement_create

from .factories import CertificateFactory, PostFactory, certificate_kind


def _certified_rate(page) -> str:
    [row] = [s for s in page.context["submissions"] if s.indicator.metric_code == "workforce.certified_rate"]
    return row.value


def test_the_participant_sheet_reads_the_new_certified_rate(world, client):
    kind = certificate_kind(owner=world.city)
    requirement_create(owner=world.city, by=world.office, role="manager", kind=kind)
    post = PostFactory(unit=world.station_unit, by=world.office)
    assessment_round = RoundFactory(by=world.office, units=[world.district_unit])
    round_advance(assessment_round=assessment_round, by=world.office, confirmed=True)
    sheet = reverse("assessment:participant_sheet", args=[assessment_round.participants.get().pk])
    client.force_login(world.district)
    assert _certified_rate(client.get(sheet)) == 0

    CertificateFactory(practitioner=post.practitioner, by=world.office, kind=kind)
    round_refresh(assessment_round=assessment_round, by=world.office)
    page = client.get(sheet)
    assert _certified_rate(page) == 100
    assert reverse("workforce:metric_records", args=["workforce.certified_rate"]) in page.content.decode()
