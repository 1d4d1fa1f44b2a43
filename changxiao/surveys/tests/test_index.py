"""The satisfaction index checked against an independent computation with numpy on generated data."""

import random
import uuid
from datetime import date

import numpy as np
import pytest

from changxiao.surveys import index
from changxiao.surveys.models import Campaign, CampaignTarget, Response
from changxiao.surveys.questionnaires import load_shipped

LIKERT = [
    "fac_nearby",
    "fac_condition",
    "con_activities",
    "con_quality",
    "ser_attitude",
    "ser_response",
    "cov_hours",
    "cov_access",
    "inf_notice",
    "overall",
]


def independent_overall(questionnaire, answers):
    """The documented scoring, written again with numpy."""
    dims = {d["code"]: d["weight"] for d in questionnaire.dimensions}
    by_dim = {}
    for q in questionnaire.questions.filter(kind="likert5"):
        v = answers.get(q.code)
        if isinstance(v, int) and 1 <= v <= 5:
            by_dim.setdefault(q.dimension, []).append(((v - 1) * 25, float(q.weight)))
    means = {d: np.average([s for s, _ in xs], weights=[w for _, w in xs]) for d, xs in by_dim.items()}
    return np.average(list(means.values()), weights=[dims[d] for d in means])


@pytest.fixture
def generated(world):
    questionnaire = load_shipped()[0][0]
    campaign = Campaign.objects.create(
        title="c",
        questionnaire=questionnaire,
        region=world.city,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    target = CampaignTarget.objects.create(campaign=campaign, label="全市")
    rng = random.Random(7)
    rows = []
    for i in range(400):
        region = world.gusu if i % 3 else world.kunshan
        answers = {code: rng.choice([1, 2, 3, 4, 4, 5, 5, 0]) for code in LIKERT}
        rows.append(
            Response(
                campaign=campaign,
                target=target,
                questionnaire=questionnaire,
                client_id=uuid.uuid4(),
                answers=answers,
                content_hash=str(i),
                region=region,
                suspicious=(i % 50 == 0),
            )
        )
    Response.objects.bulk_create(rows)
    return questionnaire, campaign


def test_overall_index_and_interval_match_numpy(world, generated):
    questionnaire, campaign = generated
    table = index.index_table(campaign.responses.all(), questionnaire)[None]
    kept = [r for r in campaign.responses.all() if not r.suspicious]
    scores = np.array([independent_overall(questionnaire, r.answers) for r in kept])
    assert table[index.OVERALL].n == len(scores) == 392
    assert table[index.OVERALL].mean == pytest.approx(round(scores.mean(), 1), abs=0.05)
    half = 1.96 * scores.std(ddof=1) / np.sqrt(len(scores))
    assert table[index.OVERALL].low == pytest.approx(round(scores.mean() - half, 1), abs=0.11)


def test_post_stratification_matches_numpy(world, generated):
    questionnaire, campaign = generated
    by_region = index.overall_scores_by(campaign.responses.all(), questionnaire, "region_id")
    population = {world.gusu.pk: 830_000, world.kunshan.pk: 2_100_000}
    result = index.post_stratified(by_region, population)
    weights = np.array([population[h] for h in by_region]) / sum(population[h] for h in by_region)
    means = np.array([np.mean(v) for v in by_region.values()])
    assert result.mean == pytest.approx(round(float(weights @ means), 1), abs=0.05)
    se = np.sqrt(
        sum(w**2 * np.var(v, ddof=1) / len(v) for w, v in zip(weights, by_region.values(), strict=True))
    )
    assert result.high == pytest.approx(round(float(weights @ means + 1.96 * se), 1), abs=0.11)


def test_small_cells_show_insufficient_sample(world, generated, settings):
    questionnaire, campaign = generated
    settings.SURVEY_MIN_CELL = 1000
    assert not index.index_table(campaign.responses.all(), questionnaire)[None][index.OVERALL].enough


def test_flagged_responses_count_only_when_included(world, generated):
    questionnaire, campaign = generated
    before = index.index_table(campaign.responses.all(), questionnaire)[None][index.OVERALL].n
    campaign.responses.filter(suspicious=True).update(included=True)
    assert index.index_table(campaign.responses.all(), questionnaire)[None][index.OVERALL].n == before + 8


def test_index_page(world, login, generated, settings):
    from django.urls import reverse

    from changxiao.orgs.models import PopulationRecord

    questionnaire, campaign = generated
    PopulationRecord.objects.create(region=world.gusu, year=2025, resident=830_000)
    PopulationRecord.objects.create(region=world.kunshan, year=2025, resident=2_100_000)
    page = login(world.office).get(reverse("surveys:campaign_index", args=[campaign.pk]))
    assert page.status_code == 200 and page.context["weighted"].enough
    assert {region.name for region, _cells in page.context["region_rows"]} == {"姑苏区", "昆山市"}
    settings.SURVEY_MIN_CELL = 200
    page = login(world.office).get(reverse("surveys:campaign_index", args=[campaign.pk]))
    assert "样本不足" in page.content.decode()


def test_published_metric_for_the_assessment(world, login, generated, settings):

    from changxiao.core.metrics import get_metric

    settings.SURVEY_MIN_CELL = 30
    value = get_metric("surveys.satisfaction_index").value_for(world.gusu, 2026)
    assert value.value is not None and value.numerator > 30
    assert get_metric("surveys.satisfaction_index").value_for(world.venue_unit, 2026).value is None
    page = login(world.office).get(value.records_url)
    assert page.context["total"] == value.numerator
