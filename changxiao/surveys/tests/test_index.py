"""The satisfaction index checked against an independent computation with numpy on generated data."""

import functools
import random
import uuid
from datetime import date

import numpy as np
import pytest

from changxiao.surveys import index, permissions, tallies
from changxiao.surveys.models import Campaign, Response, answered_fast
from conftest import make_survey_target

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
    target = make_survey_target(world.city, title="c", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    campaign, questionnaire = target.campaign, target.campaign.questionnaire
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
                suspicion=answered_fast(5) if i % 50 == 0 else "",
            )
        )
    Response.objects.bulk_create(rows)
    return questionnaire, campaign


def test_overall_index_and_interval_match_numpy(world, generated):
    questionnaire, campaign = generated
    table = tallies.campaign_tables(campaign).overall
    kept = [r for r in campaign.responses.all() if not r.suspicious]
    scores = np.array([independent_overall(questionnaire, r.answers) for r in kept])
    assert table[index.OVERALL].n == len(scores) == 392
    assert table[index.OVERALL].mean == pytest.approx(round(scores.mean(), 1), abs=0.05)
    half = 1.96 * scores.std(ddof=1) / np.sqrt(len(scores))
    assert table[index.OVERALL].low == pytest.approx(round(scores.mean() - half, 1), abs=0.11)


def test_post_stratification_matches_numpy(world, generated):
    questionnaire, campaign = generated
    by_region = {}
    for response in index.counted(campaign.responses.all()):
        score = index.response_scores(questionnaire, response.answers).get(index.OVERALL)
        if score is not None:
            by_region.setdefault(response.region_id, []).append(score)
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
    assert not tallies.campaign_tables(campaign).overall[index.OVERALL].enough


def test_flagged_responses_count_only_when_included(world, generated):
    questionnaire, campaign = generated
    before = tallies.campaign_tables(campaign).overall[index.OVERALL].n
    campaign.responses.filter(suspicious=True).update(included=True)
    assert tallies.campaign_tables(campaign).overall[index.OVERALL].n == before + 8


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


def spread_over_months(campaign):
    """Back-date the generated responses over three months, so they are settled and fall in different months."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    for i, response in enumerate(campaign.responses.order_by("pk")):
        month = 3 + i % 3
        response.submitted_at = datetime(2026, month, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
        response.save(update_fields=["submitted_at"])


def recomputed(campaign):
    """The tables with no tallies at all: every response scored on reading."""
    from changxiao.surveys.models import IndexTally

    IndexTally.objects.filter(campaign=campaign).delete()
    Campaign.objects.filter(pk=campaign.pk).update(tallied_up_to=0)
    return tallies.campaign_tables(campaign)


def same_tables(a, b):
    assert a.overall.keys() == b.overall.keys()
    for code in a.overall:
        assert (a.overall[code].n, a.overall[code].mean) == (b.overall[code].n, b.overall[code].mean)
    assert {k: v[index.OVERALL] for k, v in a.by_region.items()} == {
        k: v[index.OVERALL] for k, v in b.by_region.items()
    }
    assert a.by_month.keys() == b.by_month.keys()
    assert a.weighted == b.weighted


def test_tallies_give_the_same_figures_as_scoring_every_response(world, generated):
    questionnaire, campaign = generated
    spread_over_months(campaign)
    live = tallies.campaign_tables(campaign)
    assert tallies.refresh(campaign) == 400  # every response, counted or not
    assert campaign.tallies.exists()
    assert tallies.refresh(campaign) == 0  # nothing new: done once
    same_tables(tallies.campaign_tables(campaign), live)
    assert [month.month for month in live.by_month] == [3, 4, 5]
    assert sum(cells[index.OVERALL].n for cells in live.by_month.values()) == live.overall[index.OVERALL].n


def test_recent_responses_are_read_live_until_settled(world, generated):
    questionnaire, campaign = generated
    assert tallies.refresh(campaign) == 0  # all just submitted: not settled yet
    assert tallies.campaign_tables(campaign).overall[index.OVERALL].n == 392


def test_the_untallied_tail_is_read_without_ordering(world, generated):
    """Sums need no order; ordered newest first, PostgreSQL walked the campaign's whole (campaign, submitted_at)
    index backwards to read a tail of a few thousand responses."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    questionnaire, campaign = generated
    with CaptureQueriesContext(connection) as queries:
        tallies.campaign_tables(campaign)
        tallies.overall_by_campaign([campaign])
    reads = [q["sql"] for q in queries.captured_queries if '"answers"' in q["sql"]]
    assert len(reads) == 2 and not any("ORDER BY" in sql for sql in reads)


def test_reviewing_a_tallied_response_adjusts_the_tallies(world, generated):
    from changxiao.surveys import services

    questionnaire, campaign = generated
    spread_over_months(campaign)
    tallies.refresh(campaign)
    flagged = list(campaign.responses.filter(suspicious=True).order_by("pk"))
    include = functools.partial(services.responses_include, campaign=campaign, by=world.office)
    exclude = functools.partial(services.responses_exclude, campaign=campaign, by=world.office)
    assert include(ids=[flagged[0].pk, flagged[1].pk]) == 2
    assert include(ids=[flagged[1].pk, flagged[0].pk]) == 0  # included already: nothing to change
    assert exclude(ids=[flagged[1].pk]) == 1
    after = tallies.campaign_tables(campaign)
    assert after.overall[index.OVERALL].n == 393
    same_tables(after, recomputed(campaign))


def test_the_sweep_tallies_every_campaign(world, generated):
    from django.core.management import call_command

    questionnaire, campaign = generated
    spread_over_months(campaign)
    call_command("sweep", only="surveys.index", verbosity=0)
    campaign.refresh_from_db()
    assert campaign.tallied_up_to == campaign.responses.order_by("-pk").first().pk


def test_exports_of_responses_and_index_tables(world, login, generated):
    import io

    import openpyxl
    from django.urls import reverse

    questionnaire, campaign = generated
    office = login(world.office)
    page = office.get(reverse("core:export_start", args=["survey-responses"]) + f"?campaign={campaign.pk}")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(page.streaming_content))).active
    rows = list(sheet.values)
    assert len(rows) == 401
    headers = rows[0]
    assert "overall 总体而言，您对本地公共文化服务的满意程度" in headers
    flagged = [row[headers.index("可疑")] for row in rows[1:]]
    assert flagged.count("用时5秒") == 8 and not any("answered" in str(cell) for cell in flagged)
    overall = headers.index("overall 总体而言，您对本地公共文化服务的满意程度")
    assert {row[overall] for row in rows[1:]} <= {
        "",
        "0 Don't know",
        "1 Very dissatisfied",
        "2 Dissatisfied",
        "3 Neutral",
        "4 Satisfied",
        "5 Very satisfied",
    } | {
        f"{v} {label}"
        for v, label in [
            ("0", "不清楚"),
            ("1", "很不满意"),
            ("2", "不满意"),
            ("3", "一般"),
            ("4", "满意"),
            ("5", "很满意"),
        ]
    }
    page = office.get(reverse("surveys:campaign_index_export", args=[campaign.pk]))
    book = openpyxl.load_workbook(io.BytesIO(page.content))
    assert len(book.sheetnames) == 4
    first = list(book.worksheets[0].values)
    assert first[1][0] and isinstance(first[1][-4], float) and first[1][-1] == 392
    # Someone who does not see the campaign exports nothing.
    page = login(world.outsider).get(
        reverse("core:export_start", args=["survey-responses"]) + f"?campaign={campaign.pk}"
    )
    assert len(list(openpyxl.load_workbook(io.BytesIO(b"".join(page.streaming_content))).active.values)) == 1


def test_publishing_results_on_the_public_site(world, login, client, generated):
    from django.urls import reverse

    questionnaire, campaign = generated
    public = reverse("public:survey_results", args=[campaign.pk])
    assert client.get(public).status_code == 404
    office = login(world.office)
    detail = reverse("surveys:campaign_detail", args=[campaign.pk])
    office.post(detail, {"action": "publish", "note": "上半年测评结果", "confirmed": "1"})
    page = client.get(public)
    assert page.status_code == 200 and "上半年测评结果" in page.content.decode()
    assert page.context["overall"].n == 392
    assert "希望" not in page.content.decode()  # figures only, no texts
    assert campaign.title in client.get(reverse("public:survey_results_list")).content.decode()
    office.post(detail, {"action": "withdraw"})
    assert client.get(public).status_code == 404
    # Not the unit's campaign: refused, nothing changes.
    assert login(world.district).post(detail, {"action": "publish"}).status_code == 404


def test_campaign_list_shows_each_campaigns_index_in_a_fixed_number_of_queries(
    world, login, generated, django_assert_max_num_queries, monkeypatch
):
    from django.urls import reverse

    questionnaire, campaign = generated
    spread_over_months(campaign)
    tallies.refresh(campaign)
    for n in range(3):
        make_survey_target(
            world.city,
            title=f"c{n}",
            questionnaire=questionnaire,
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
        )
    office = login(world.office)
    office.get(reverse("surveys:campaign_list"))
    # No campaign covers the city from above: the office's list reads no share (the ids of every region and unit).
    monkeypatch.setattr(
        permissions, "share_of", lambda user: pytest.fail("share read without a campaign to share")
    )
    with django_assert_max_num_queries(15):
        page = office.get(reverse("surveys:campaign_list"))
    assert office.get("/api/v1/surveys/campaigns/wider").json()["items"] == []
    rows = {c.pk: c.overall for c in page.context["campaigns"]}
    assert rows[campaign.pk].n == tallies.campaign_tables(campaign).overall[index.OVERALL].n


def test_refresh_works_in_batches(world, generated, monkeypatch):
    questionnaire, campaign = generated
    spread_over_months(campaign)
    live = tallies.campaign_tables(campaign)
    monkeypatch.setattr(tallies, "BATCH", 70)
    assert tallies.refresh(campaign) == 400
    campaign.refresh_from_db()
    assert campaign.tallied_up_to == campaign.responses.order_by("-pk").first().pk
    same_tables(tallies.campaign_tables(campaign), live)


# --- A district's share of a city campaign --------------------------------------------------------------------


@pytest.fixture
def shared(world, generated):
    """The generated city campaign with some 平江街道 residents (inside 姑苏区) and some 昆山市 residents who answered
    about the 姑苏区 cultural centre."""
    questionnaire, campaign = generated
    kunshan = list(
        campaign.responses.filter(region=world.kunshan).order_by("pk").values_list("pk", flat=True)
    )
    Response.objects.filter(pk__in=kunshan[:20]).update(venue=world.venue_unit)
    gusu = list(campaign.responses.filter(region=world.gusu).order_by("pk").values_list("pk", flat=True))
    Response.objects.filter(pk__in=gusu[:30]).update(region=world.pingjiang)
    return questionnaire, campaign


def independent_n(campaign, **where):
    """Counted responses with an overall score, by a plain filter."""
    rows = index.counted(campaign.responses.filter(**where))
    return sum(
        index.response_scores(campaign.questionnaire, r.answers).get(index.OVERALL) is not None for r in rows
    )


def test_a_district_reads_its_share_of_a_city_campaign(world, login, shared):
    from django.urls import reverse

    questionnaire, campaign = shared
    page = login(world.district).get(reverse("surveys:campaign_index", args=[campaign.pk]))
    assert page.status_code == 200 and page.context["share"] is not None
    residents = independent_n(campaign, region__path__startswith=world.gusu.path)
    assert page.context["overall"][index.OVERALL].n == residents
    assert {region.name for region, _cells in page.context["region_rows"]} == {"姑苏区", "平江街道"}
    assert sum(cells[index.OVERALL].n for _month, cells in page.context["month_rows"]) == residents
    # By venue: everyone who answered about the district's venue, 昆山市 residents included.
    [(venue, cells)] = page.context["venue_rows"]
    assert venue == world.venue_unit and cells[index.OVERALL].n == independent_n(
        campaign, venue=world.venue_unit
    )
    # The whole campaign as one benchmark figure, and nothing of another district.
    assert page.context["whole"].n == 392
    html = page.content.decode()
    assert "昆山市" not in html
    assert set(page.context["comparison"]["yAxis"]["data"]) == {"姑苏区", "平江街道"}
    assert page.context["profile"]["xAxis"]["max"] == page.context["comparison"]["xAxis"]["max"] == 100
    assert f'href="{reverse("surveys:campaign_detail", args=[campaign.pk])}"' not in html
    # The office reads the same campaign whole.
    whole = login(world.office).get(reverse("surveys:campaign_index", args=[campaign.pk]))
    assert whole.context["share"] is None and whole.context["overall"][index.OVERALL].n == 392


def test_a_share_reads_the_same_from_tallies_and_from_responses(world, shared):
    from changxiao.surveys import permissions

    questionnaire, campaign = shared
    spread_over_months(campaign)
    share = permissions.share_of(world.district)
    live = tallies.campaign_tables(campaign, share)
    tallies.refresh(campaign)
    assert Campaign.objects.get(pk=campaign.pk).tallied_up_to > 0
    same_tables(live, tallies.campaign_tables(campaign, share))
    assert {k: v[index.OVERALL].n for k, v in live.by_venue.items()} == {
        k: v[index.OVERALL].n for k, v in tallies.campaign_tables(campaign, share).by_venue.items()
    }


def test_the_campaign_list_shows_wider_campaigns_with_the_districts_figures(
    world, login, shared, django_assert_max_num_queries
):
    from django.urls import reverse

    questionnaire, campaign = shared
    for n in range(3):
        make_survey_target(world.city, title=f"c{n}", questionnaire=questionnaire)
    own = make_survey_target(world.gusu, title="姑苏区自办测评", questionnaire=questionnaire).campaign
    district = login(world.district)
    district.get(reverse("surveys:campaign_list"))
    with django_assert_max_num_queries(22):  # as many for one wider campaign as for four
        page = district.get(reverse("surveys:campaign_list"))
    assert [c.pk for c in page.context["campaigns"]] == [own.pk]
    wider = {c.pk: c for c in page.context["wider"]}
    assert len(wider) == 4
    in_gusu = campaign.responses.filter(region__path__startswith=world.gusu.path)
    assert wider[campaign.pk].answers == in_gusu.count()
    assert wider[campaign.pk].overall.n == independent_n(campaign, region__path__startswith=world.gusu.path)
    # The office sees them as its own campaigns, with no share.
    assert login(world.office).get(reverse("surveys:campaign_list")).context["wider"] == []
    # A district's own campaign is read whole by the district.
    own_page = district.get(reverse("surveys:campaign_index", args=[own.pk]))
    assert own_page.context["share"] is None


def test_a_districts_exports_and_api_hold_only_its_share(world, login, shared):
    import io

    import openpyxl
    from django.urls import reverse

    questionnaire, campaign = shared
    district = login(world.district)
    page = district.get(reverse("core:export_start", args=["survey-responses"]) + f"?campaign={campaign.pk}")
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(page.streaming_content))).active.values)
    in_share = campaign.responses.filter(region__path__startswith=world.gusu.path).count() + 20
    assert len(rows) - 1 == in_share
    headers = rows[0]
    places = {(row[headers.index("所属区划")], row[headers.index("场馆")]) for row in rows[1:]}
    assert {region for region, venue in places if venue != "姑苏区文化馆"} <= {"姑苏区", "平江街道"}
    page = district.get(reverse("surveys:campaign_index_export", args=[campaign.pk]))
    book = openpyxl.load_workbook(io.BytesIO(page.content))
    assert {row[0] for row in list(book.worksheets[1].values)[1:]} == {"姑苏区", "平江街道"}
    body = district.get(f"/api/v1/surveys/campaigns/{campaign.pk}/index").json()
    assert body["share"] is True
    assert {row["region"] for row in body["by_region"]} == {"姑苏区", "平江街道"}
    assert body["overall"][index.OVERALL]["n"] == independent_n(
        campaign, region__path__startswith=world.gusu.path
    )
    assert district.get(f"/api/v1/surveys/campaigns/{campaign.pk}").status_code == 404
    [listed] = district.get("/api/v1/surveys/campaigns/wider").json()["items"]
    assert (listed["id"], listed["region"]) == (campaign.pk, "苏州市")
    assert listed["responses"] == campaign.responses.filter(region__path__startswith=world.gusu.path).count()
    assert login(world.office).get("/api/v1/surveys/campaigns/wider").json()["items"] == []
    office = login(world.office).get(f"/api/v1/surveys/campaigns/{campaign.pk}/index").json()
    assert office["share"] is False and len(office["by_region"]) == 3


def test_venue_staff_read_the_responses_about_their_venue(world, login, shared):
    import io

    import openpyxl
    from django.urls import reverse

    questionnaire, campaign = shared
    venue = login(world.venue)
    page = venue.get(reverse("surveys:campaign_index", args=[campaign.pk]))
    assert page.status_code == 200 and page.context["share"].of_venue
    about = independent_n(campaign, venue=world.venue_unit)
    assert page.context["overall"][index.OVERALL].n == about > 0
    assert [v for v, _cells in page.context["venue_rows"]] == [world.venue_unit]
    assert sum(cells[index.OVERALL].n for _month, cells in page.context["month_rows"]) == about
    [listed] = venue.get(reverse("surveys:campaign_list")).context["wider"]
    assert (listed.pk, listed.answers, listed.overall.n) == (campaign.pk, 20, about)
    page = venue.get(reverse("core:export_start", args=["survey-responses"]) + f"?campaign={campaign.pk}")
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(page.streaming_content))).active.values)
    assert len(rows) - 1 == 20 and {row[rows[0].index("场馆")] for row in rows[1:]} == {"姑苏区文化馆"}
    assert venue.get("/api/v1/surveys/campaigns/wider").json()["items"][0]["responses"] == 20
    assert venue.get(f"/api/v1/surveys/campaigns/{campaign.pk}/index").json()["share"] is True
    # A venue in another district reads its own share of the city's campaign: none of these responses.
    other = login(world.outsider).get(reverse("surveys:campaign_index", args=[campaign.pk]))
    assert other.context["overall"] == {} and other.context["venue_rows"] == []
    assert "姑苏区" not in other.content.decode()
    # A member department has no venue and no jurisdiction: no share.
    member = login(world.member)
    assert member.get(reverse("surveys:campaign_list")).context["wider"] == []
    assert member.get(reverse("surveys:campaign_index", args=[campaign.pk])).status_code == 404


def test_a_share_lists_the_links_to_spread_with_their_qr_codes(world, login, shared):
    from django.urls import reverse

    from changxiao.surveys.models import CampaignTarget

    questionnaire, campaign = shared
    citywide = campaign.targets.get()
    gusu = CampaignTarget.objects.create(campaign=campaign, label="姑苏区", region=world.gusu)
    kunshan = CampaignTarget.objects.create(campaign=campaign, label="昆山市", region=world.kunshan)
    venue = CampaignTarget.objects.create(campaign=campaign, label="文化馆", venue=world.venue_unit)
    district = login(world.district)
    page = district.get(reverse("surveys:campaign_index", args=[campaign.pk]))
    assert {t.pk for t in page.context["targets"]} == {citywide.pk, gusu.pk, venue.pk}
    assert gusu.get_public_url() in page.content.decode()
    assert district.get(reverse("surveys:target_qr", args=[gusu.pk, "png"])).status_code == 200
    assert district.get(reverse("surveys:target_qr", args=[kunshan.pk, "png"])).status_code == 404
    poster = district.get(reverse("surveys:target_poster", args=[gusu.pk]))
    assert poster.status_code == 200 and reverse("surveys:campaign_index", args=[campaign.pk]) in (
        poster.content.decode()
    )
    assert district.get(reverse("surveys:target_poster", args=[kunshan.pk])).status_code == 404
    staff = login(world.venue)
    page = staff.get(reverse("surveys:campaign_index", args=[campaign.pk]))
    assert {t.pk for t in page.context["targets"]} == {citywide.pk, venue.pk}
    assert staff.get(reverse("surveys:target_qr", args=[gusu.pk, "svg"])).status_code == 404
    assert staff.get(reverse("surveys:target_qr", args=[venue.pk, "svg"])).status_code == 200
    assert staff.get(reverse("surveys:target_poster", args=[gusu.pk])).status_code == 404
    assert staff.get(reverse("surveys:target_poster", args=[venue.pk])).status_code == 200
    # The office reads the campaign whole: its links are on the campaign page, not here.
    assert (
        login(world.office).get(reverse("surveys:campaign_index", args=[campaign.pk])).context["targets"]
        is None
    )


def test_written_answers_to_read_and_search(world, login, shared, django_assert_max_num_queries):
    from django.urls import reverse

    questionnaire, campaign = shared
    texts = ["希望延长周末开放时间。", "少儿活动太少。", "停车不方便，希望增加公交线路。"]
    for i, response in enumerate(campaign.responses.order_by("pk")[:90]):
        response.answers = {**response.answers, "suggestion": texts[i % 3]}
        response.save(update_fields=["answers"])
    url = reverse("surveys:text_answers", args=[campaign.pk])
    office = login(world.office)
    office.get(url)
    with django_assert_max_num_queries(12):  # a page of 50, each with its jurisdiction and venue
        page = office.get(url)
    with_text = index.counted(campaign.responses.filter(answers__has_key="suggestion"))
    assert page.context["chosen"].code == "suggestion"
    assert page.context["page"].paginator.count == with_text.count() > 50
    found = office.get(url, {"q": "希望"})
    assert (
        found.context["page"].paginator.count
        == with_text.filter(answers__suggestion__icontains="希望").count()
    )
    assert {text for _r, text in found.context["rows"]} <= {texts[0], texts[2]}
    only = office.get(url, {"region": world.kunshan.pk})
    assert {r.region_id for r, _t in only.context["rows"]} == {world.kunshan.pk}
    # Bad input falls back: unknown question, a foreign jurisdiction, an over-long search, a bogus page.
    odd = office.get(url, {"question": "<x>", "region": "999999", "q": "希" * 300, "page": "abc"})
    assert odd.status_code == 200 and odd.context["chosen"].code == "suggestion"
    assert odd.context["region"] is None and len(odd.context["search"]) == 50
    # The district reads its share only: no 昆山市 resident, no 昆山市 in the filter.
    district = login(world.district).get(url)
    in_share = (
        with_text.filter(region__path__startswith=world.gusu.path).count()
        + with_text.filter(venue=world.venue_unit, region=world.kunshan).count()
    )
    assert district.context["page"].paginator.count == in_share
    assert world.kunshan not in list(district.context["regions"])
    assert login(world.member).get(url).status_code == 404
    # A questionnaire without written questions says so.
    from changxiao.surveys.answers import WRITTEN_KINDS

    questionnaire.questions.filter(kind__in=WRITTEN_KINDS).delete()
    page = login(world.office).get(url, {"q": "希望"})
    assert page.context["chosen"] is None and "本测评表没有填空题。" in page.content.decode()


def test_written_answers_beyond_the_listed_newest_are_counted_no_further(
    world, login, shared, monkeypatch, django_assert_max_num_queries
):
    """A campaign of a million responses has more written answers than anyone pages through, and counting them all
    cost most of each view: the page lists the newest LISTED and says that more match (narrow them, or export)."""
    from django.urls import reverse

    from changxiao.surveys import views_texts

    _questionnaire, campaign = shared
    for response in campaign.responses.order_by("pk")[:90]:
        response.answers = {**response.answers, "suggestion": "希望延长周末开放时间。"}
        response.save(update_fields=["answers"])
    with_text = index.counted(campaign.responses.filter(answers__has_key="suggestion"))
    assert with_text.count() > 60
    monkeypatch.setattr(views_texts, "LISTED", 60)
    url = reverse("surveys:text_answers", args=[campaign.pk])
    office = login(world.office)
    office.get(url)
    with django_assert_max_num_queries(12):
        first = office.get(url)
    paginator = first.context["page"].paginator
    assert (paginator.count, paginator.num_pages, paginator.more) == (60, 2, True)
    html = first.content.decode()
    assert "符合条件的意见建议超过60条，这里列出最新的60条" in html and "第1–50条，共超过60条" in html
    assert "survey-responses" in html  # the export that holds them all
    last = office.get(url, {"page": 2})
    newest = list(with_text.order_by("-submitted_at", "-pk").values_list("pk", flat=True)[:60])
    assert [r.pk for r, _t in first.context["rows"] + last.context["rows"]] == newest
    # Narrowed below the cap, the list is whole again and says nothing more.
    few = office.get(url, {"region": world.kunshan.pk})
    in_kunshan = with_text.filter(region__path__startswith=world.kunshan.path).count()
    assert 0 < in_kunshan < 60
    assert (few.context["page"].paginator.count, few.context["page"].paginator.more) == (in_kunshan, False)
    assert "符合条件的意见建议超过" not in few.content.decode()


def _report(client, campaign) -> tuple[str, list[list[list[str]]]]:
    """The Word report as its paragraphs' text and its tables' cells."""
    import io

    import docx
    from django.urls import reverse

    page = client.get(reverse("surveys:campaign_report", args=[campaign.pk]))
    assert page.status_code == 200 and page["Content-Type"].startswith("application/vnd.openxmlformats")
    document = docx.Document(io.BytesIO(page.content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return text, tables


def _suggest(campaign, texts: list[str]) -> None:
    """Written suggestions on the newest counted responses, the first text on the newest."""
    newest = index.counted(campaign.responses.all()).order_by("-submitted_at", "-pk")[: len(texts)]
    for response, text in zip(newest, texts, strict=True):
        Response.objects.filter(pk=response.pk).update(answers={**response.answers, "suggestion": text})


def test_the_results_report_writes_up_the_index(world, login, generated):
    questionnaire, campaign = generated
    _suggest(campaign, ["希望延长开放时间 <b>&周末</b>", *(f"建议{i}" for i in range(11))])
    text, (dimensions, regions) = _report(login(world.office), campaign)
    tables = tallies.campaign_tables(campaign)
    overall = tables.overall[index.OVERALL]
    assert f"计入满意度指数的答卷{overall.n}份，另有8份可疑答卷" in text  # 8 flagged, not included
    assert f"满意度指数为{overall.mean:.1f}（95%置信区间{overall.low:.1f}—{overall.high:.1f}" in text
    assert dimensions[0] == ["维度", "指数", "95%置信区间", "答卷数"]
    assert dimensions[-1] == [
        "满意度指数",
        f"{overall.mean:.1f}",
        f"{overall.low:.1f}–{overall.high:.1f}",
        str(overall.n),
    ]
    assert [row[0] for row in dimensions[1:-1]] == [d["name"] for d in questionnaire.dimensions]
    # Jurisdictions ranked by their index, highest first.
    by_name = {"姑苏区": world.gusu.pk, "昆山市": world.kunshan.pk}
    ranked = sorted(by_name, key=lambda name: -tables.by_region[by_name[name]][index.OVERALL].mean)
    assert [row[:2] for row in regions[1:]] == [["1", ranked[0]], ["2", ranked[1]]]
    # The newest suggestions, ten of the twelve, the office's text kept as typed.
    assert "（共12条，摘录最新10条）" in text and "· 希望延长开放时间 <b>&周末</b>（" in text
    assert "建议8" in text and "建议9" not in text
    assert "苏州市国家公共文化服务体系示范区创建工作领导小组办公室" in text


def test_a_districts_report_holds_its_share(world, login, shared):
    questionnaire, campaign = shared
    text, tables = _report(login(world.district), campaign)
    assert "（姑苏区部分）" in text and "本辖区常住群众的答卷" in text
    assert "同期全部答卷的满意度指数为" in text  # the whole campaign as one benchmark
    assert "可疑答卷（" not in text  # the review of flagged responses is the office's
    regions = next(table for table in tables if table[0][1] == "地区")
    assert {row[1] for row in regions[1:]} == {"姑苏区", "平江街道"}
    assert text.rstrip().splitlines()[-2] == world.district_unit.name
    # Venue staff: the responses about their venue; a member department reads no report.
    text, tables = _report(login(world.venue), campaign)
    assert "关于本场馆的答卷" in text and not any(table[0][1] == "场馆" for table in tables)
    from django.urls import reverse

    assert login(world.member).get(reverse("surveys:campaign_report", args=[campaign.pk])).status_code == 404


def test_a_ranking_shares_ranks_and_puts_small_cells_last():
    from changxiao.surveys.report import ranked

    cells = [
        ("乙", index.Cell(40, 70.0, 65.0, 75.0)),
        ("甲", index.Cell(50, 80.0, 76.0, 84.0)),
        ("丙", index.Cell(5, None, None, None)),  # below the minimum: no figure
        ("丁", index.Cell(45, 70.0, 66.0, 74.0)),
    ]
    rows = ranked(cells)
    assert [(row["rank"], row["name"]) for row in rows] == [(1, "甲"), (2, "丁"), (2, "乙"), ("—", "丙")]
    assert rows[-1]["mean"] == "样本不足" and rows[-1]["n"] == 5


def _second_run(world, campaign):
    """The same survey run again later, every answer one point higher where it can be."""
    from changxiao.surveys.models import CampaignTarget

    again = Campaign.objects.create(
        title="c2",
        questionnaire=campaign.questionnaire,
        region=campaign.region,
        starts_on=date(2026, 7, 1),
        ends_on=date(2026, 12, 31),
    )
    target = CampaignTarget.objects.create(campaign=again, label="全市", region=campaign.region)
    Response.objects.bulk_create(
        Response(
            campaign=again,
            target=target,
            questionnaire=response.questionnaire,
            client_id=uuid.uuid4(),
            answers={
                k: min(v + 1, 5) if isinstance(v, int) and v else v for k, v in response.answers.items()
            },
            content_hash=response.content_hash,
            region=response.region,
            venue=response.venue,
        )
        for response in campaign.responses.all()
    )
    return again


def test_runs_of_a_survey_side_by_side(world, login, shared):
    from django.urls import reverse

    questionnaire, campaign = shared
    again = _second_run(world, campaign)
    page = login(world.office).get(reverse("surveys:campaign_compare"))
    assert page.status_code == 200 and page.context["runs"] == [campaign, again]
    overall = dict(page.context["by_dimension"])["满意度指数"]
    first, second = (tallies.campaign_tables(c).overall[index.OVERALL] for c in (campaign, again))
    assert (overall[0].cell, overall[1].cell) == (first, second)
    assert overall[1].change == round(second.mean - first.mean, 1) and overall[1].change > 0
    assert overall[1].beyond_error  # a point higher on every answer is no sampling accident
    assert [region.name for region, _steps in page.context["by_region"]] == ["姑苏区", "平江街道", "昆山市"]
    # An unknown series falls back to the newest one; the district reads its share of both runs.
    assert login(world.office).get(reverse("surveys:campaign_compare"), {"series": "x<"}).status_code == 200
    page = login(world.district).get(reverse("surveys:campaign_compare"))
    assert page.context["chosen"].share is not None
    assert [region.name for region, _steps in page.context["by_region"]] == ["姑苏区", "平江街道"]
    residents = dict(page.context["by_dimension"])["满意度指数"][0].cell.n
    assert residents == independent_n(campaign, region__path__startswith=world.gusu.path)
    assert "昆山市" not in page.content.decode()
    # The report of the second run says how far it moved since the first, for the office and for the share.
    text, _tables = _report(login(world.office), again)
    assert f"与上次测评（c）相比，满意度指数上升{second.mean - first.mean:.1f}分，超出抽样误差。" in text
    text, _tables = _report(login(world.district), again)
    assert "与上次测评（c）相比，满意度指数上升" in text
    text, _tables = _report(login(world.office), campaign)
    assert "与上次测评" not in text  # the first run has none before it
    # Someone who reads no campaign is told so.
    assert (
        "暂无可查看的测评活动"
        in login(world.member).get(reverse("surveys:campaign_compare")).content.decode()
    )


def test_a_change_counts_as_beyond_the_sampling_error_by_its_standard_error():
    from changxiao.surveys.compare import steps

    se = 2.0 / index.Z95  # intervals of ±2
    cells = [
        index.Cell(100, 70.0, 68.0, 72.0),
        index.Cell(100, 72.5, 70.5, 74.5),  # 2.5 < 1.96·√2·se = 2.83: within the error
        index.Cell(100, 76.0, 74.0, 78.0),  # 3.5: beyond
        index.Cell(10, None, None, None),  # too few: no change either way
        index.Cell(100, 70.0, 68.0, 72.0),
    ]
    found = steps(cells)
    assert [s.change for s in found] == [None, 2.5, 3.5, None, None]
    assert [s.beyond_error for s in found] == [False, False, True, False, False]
    assert abs(index.Z95 * (2 * se**2) ** 0.5 - 2.83) < 0.01


def test_the_comparison_reads_a_bounded_number_of_queries(
    world, login, shared, django_assert_max_num_queries
):
    """Queries grow with the runs shown (at most compare.RUNS), not with responses, jurisdictions or venues."""
    from django.urls import reverse

    from changxiao.surveys.compare import RUNS

    _questionnaire, campaign = shared
    runs = [campaign]
    for _ in range(RUNS):
        runs.append(_second_run(world, runs[-1]))
    office = login(world.office)
    office.get(reverse("surveys:campaign_compare"))  # caches warmed
    with django_assert_max_num_queries(
        10 + 7 * RUNS
    ):  # the series, then each run's tallies, tail and weights
        page = office.get(reverse("surveys:campaign_compare"))
    assert page.context["runs"] == runs[-RUNS:]


def test_a_report_with_too_few_responses_says_so_in_a_sentence(world, login, generated):
    _questionnaire, campaign = generated
    from changxiao.surveys.models import CampaignTarget

    small = Campaign.objects.create(
        title="小样本测评",
        questionnaire=campaign.questionnaire,
        region=campaign.region,
        starts_on=date(2026, 7, 1),
        ends_on=date(2026, 12, 31),
    )
    target = CampaignTarget.objects.create(campaign=small, label="全市", region=campaign.region)
    for response in index.counted(campaign.responses.all())[:2]:
        Response.objects.create(
            campaign=small,
            target=target,
            questionnaire=response.questionnaire,
            client_id=uuid.uuid4(),
            answers=response.answers,
            content_hash=response.content_hash,
            region=response.region,
            venue=response.venue,
        )
    text, _tables = _report(login(world.office), small)
    assert "样本不足（2份答卷），暂不计算满意度指数。" in text
    assert "满意度指数为样本不足" not in text


def test_a_districts_report_is_signed_by_its_own_jurisdiction(world, login, shared):
    # The district's coordinator also sits on a city department's roster (listed first): the district's report is
    # still signed in the district's name, never the city's.
    from changxiao.orgs.choices import Role
    from changxiao.orgs.models import Membership
    from conftest import make_person

    person = make_person("gusu2", world.member_unit, Role.MEMBER)
    Membership.objects.create(user=person, unit=world.district_unit, role=Role.DISTRICT)
    _questionnaire, campaign = shared
    text, _tables = _report(login(person), campaign)
    assert "（姑苏区部分）" in text
    signer = text.rstrip().splitlines()[-2]
    assert signer == world.district_unit.name


def test_publishing_results_mid_campaign_asks_for_confirmation(world, login, client, generated):
    from django.urls import reverse

    _questionnaire, campaign = generated  # open until 2026-12-31
    office = login(world.office)
    detail = reverse("surveys:campaign_detail", args=[campaign.pk])
    asked = office.post(detail, {"action": "publish", "note": "中期结果"})
    text = asked.content.decode()
    assert asked.status_code == 200 and "core/confirm.html" in [t.name for t in asked.templates]
    counted = index.counted(campaign.responses.all()).count()
    assert "测评仍在进行（至2026-12-31结束）" in text
    assert f"目前已收到的{counted}份有效答卷（共收到{campaign.responses.count()}份" in text
    assert 'name="note" value="中期结果"' in text  # the note is carried to the confirmed post
    campaign.refresh_from_db()
    assert campaign.results_published_at is None
    office.post(detail, {"action": "publish", "note": "中期结果", "confirmed": "1"})
    campaign.refresh_from_db()
    assert campaign.results_published_at is not None and campaign.results_note == "中期结果"


def test_the_index_of_campaigns_reads_the_watermarks_again_after_summing(world, generated):
    """Tallies summed while a refresh moved a watermark would count the responses in between twice: the watermarks
    are read before and after the sum (not the first read's cached rows again) and the sum is redone if they moved."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    questionnaire, campaign = generated
    with CaptureQueriesContext(connection) as queries:
        tallies.overall_by_campaign([campaign])
    marks = [q["sql"] for q in queries.captured_queries if '"tallied_up_to"' in q["sql"]]
    assert len(marks) == 2
