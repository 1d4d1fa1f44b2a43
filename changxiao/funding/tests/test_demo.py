"""The funding demonstration data: five years of budgets and final accounts of 苏州市 and its districts, the seed's
rules, one district (吴江区) missing the growth rule in one year with a finding against its government; running the
loader twice changes nothing."""

import io
import time

import pytest
from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.core.demo import discover_loaders
from changxiao.funding.choices import CheckState, Stage
from changxiao.funding.models import AdReport, FiscalRecord, RuleCheck
from changxiao.orgs.models import Region, User
from changxiao.supervision.models import Finding


def _load(names: set[str]) -> float:
    started = time.perf_counter()
    for loader in discover_loaders():
        if loader.name in names:
            loader.func(io.StringIO())
    return time.perf_counter() - started


@pytest.mark.django_db
def test_demo_has_five_years_and_one_district_missing_one_rule_in_one_year(client):
    _load({"orgs"})
    elapsed = _load({"funding"})
    print(f"funding demo loaded in {elapsed:.2f} s")  # shown with -s; a figure, not an assertion
    last = local_today().year - 1
    city = Region.objects.get(code="320500")
    finals = FiscalRecord.objects.current().filter(stage=Stage.FINAL)
    assert finals.filter(region=city).count() == 5
    assert finals.values("region").distinct().count() == 11
    failing = RuleCheck.objects.filter(state=CheckState.NOT_MET)
    assert [(c.region.code, c.year, c.rule.code) for c in failing] == [("320509", last - 1, "seed-growth")]
    check = failing.get()
    finding = Finding.objects.get(pk=check.finding_id)
    assert finding.lead_unit.code == "WJ-GOV" and finding.source == "funding"
    assert "1.3" in finding.description
    assert AdReport.objects.filter(finding_id__isnull=False).count() == 1

    client.force_login(User.objects.get(username="office"))
    page = client.get(reverse("funding:overview") + f"?year={last - 1}").content.decode()
    assert "吴江区" in page and "1.3" in page

    counts = (
        FiscalRecord.objects.count(),
        RuleCheck.objects.count(),
        Finding.objects.count(),
        AdReport.objects.count(),
    )
    _load({"funding"})
    assert (
        FiscalRecord.objects.count(),
        RuleCheck.objects.count(),
        Finding.objects.count(),
        AdReport.objects.count(),
    ) == counts
