"""The office runs campaigns: a link per target with its QR code, and the review of flagged responses."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from changxiao.core.models import TimelineEvent
from changxiao.surveys import index, tallies
from changxiao.surveys.models import UNSIGNED_START, Campaign, Questionnaire, Response, answered_fast
from changxiao.surveys.questionnaires import load_shipped
from conftest import as_of, make_survey_target


def test_campaign_with_targets_qr_codes_and_review(world, login, client):
    questionnaire = load_shipped()[0][0]
    office = login(world.office)
    new = {
        "title": "2026年满意度测评",
        "questionnaire": questionnaire.pk,
        "region": world.city.pk,
        "starts_on": date.today().isoformat(),
        "ends_on": (date.today() + timedelta(days=30)).isoformat(),
        "min_seconds": 20,
    }
    for bad in ({"quota": "0"}, {"quota": "9" * 30}, {"min_seconds": "99999"}):
        refused = office.post(reverse("surveys:campaign_list"), new | bad)
        assert refused.status_code == 200 and "invalid-feedback" in refused.content.decode()
    assert not Campaign.objects.exists()
    office.post(reverse("surveys:campaign_list"), new, follow=True)
    campaign = Campaign.objects.get()
    assert campaign.targets.count() == 1  # the whole jurisdiction
    office.post(
        reverse("surveys:campaign_detail", args=[campaign.pk]),
        {"action": "target", "venue": world.venue_unit.pk},
    )
    venue_target = campaign.targets.get(venue=world.venue_unit)
    assert venue_target.label == "姑苏区文化馆"
    png = office.get(reverse("surveys:target_qr", args=[venue_target.pk, "png"]))
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    svg = office.get(reverse("surveys:target_qr", args=[venue_target.pk, "svg"]))
    assert b"<svg" in svg.content
    poster = office.get(reverse("surveys:target_poster", args=[venue_target.pk])).content.decode()
    questions = questionnaire.questions.count()
    for shown in ("2026年满意度测评", "姑苏区文化馆", "<svg", f"匿名填写，最多{questions}题", "测评时间："):
        assert shown in poster, shown
    assert f"http://testserver{venue_target.get_public_url()}" in poster
    assert reverse("surveys:campaign_detail", args=[campaign.pk]) in poster  # back to where the office was
    bad = office.post(
        reverse("surveys:campaign_detail", args=[campaign.pk]), {"action": "target", "label": ""}
    )
    assert bad.status_code == 200 and campaign.targets.count() == 2

    page = office.get(reverse("surveys:campaign_detail", args=[campaign.pk])).content.decode()
    assert venue_target.get_public_url() in page
    Response.objects.create(
        campaign=campaign,
        target=venue_target,
        questionnaire=questionnaire,
        client_id="6f1c2a1e-0000-4000-8000-000000000001",
        answers={"overall": 5},
        content_hash="x",
        suspicious=True,
        suspicion=f"{UNSIGNED_START}; {answered_fast(3)}",
    )
    page = office.get(reverse("surveys:campaign_detail", args=[campaign.pk])).content.decode()
    assert "1 份可疑答卷，1 份待审核。" in page
    assert reverse("surveys:flagged_review", args=[campaign.pk]) in page


def test_the_office_reviews_flagged_responses_page_by_page_with_their_answers(world, login):
    campaign, target = _campaign(world)
    _responses(campaign, target, 60, all_flagged=True)
    office = login(world.office)
    url = reverse("surveys:flagged_review", args=[campaign.pk])
    page = office.get(url)
    body = page.content.decode()
    assert page.context["page"].paginator.count == 60 and len(page.context["rows"]) == 50
    assert "用时3秒" in body and "5 很满意" in body and "answered in" not in body
    assert len(office.get(url, {"page": 2}).context["rows"]) == 10
    odd = office.get(
        url, {"state": "<script>", "page": "abc"}
    )  # unknown state and page: the first pending page
    assert (
        odd.context["state"] == "pending"
        and odd.context["page"].number == 1
        and "<script>" not in odd.content.decode()
    )

    chosen = list(campaign.responses.order_by("pk").values_list("pk", flat=True)[:3])
    done = office.post(f"{url}?state=pending&page=2", {"action": "include", "response": chosen}, follow=True)
    assert "3 份答卷已计入指数。" in done.content.decode()
    assert done.redirect_chain[-1][0].endswith("?state=pending&page=2")
    assert tallies.campaign_tables(campaign).overall[index.OVERALL].n == 3
    states = {name: count for name, _label, count in office.get(url).context["states"]}
    assert states == {"pending": 57, "included": 3, "excluded": 0, "all": 60}
    office.post(url, {"action": "exclude", "response": chosen[:1]})
    assert tallies.campaign_tables(campaign).overall[index.OVERALL].n == 2
    excluded = office.get(url, {"state": "excluded"})
    assert [row[0].pk for row in excluded.context["rows"]] == chosen[:1]
    assert TimelineEvent.objects.for_object(campaign).filter(verb="response_excluded").exists()

    # Nothing chosen, an unknown action, another campaign's response: refused or ignored, nothing changes.
    other, other_target = _campaign(world)
    _responses(other, other_target, 1, start=200, all_flagged=True)
    stranger = other.responses.get().pk
    assert "请选择" in office.post(url, {"action": "include"}, follow=True).content.decode()
    office.post(url, {"action": "delete", "response": chosen[1:]})
    office.post(url, {"action": "include", "response": [stranger, "x", "-1", "9" * 30]})
    assert other.responses.get().included is None
    assert campaign.responses.filter(included=True).count() == 2
    # A leader sees the review but changes nothing; who does not see the campaign sees nothing.
    leader = login(world.leader)
    assert leader.get(url).status_code == 200
    assert leader.post(url, {"action": "exclude", "response": chosen}).status_code == 403
    outsider = login(world.district)
    assert outsider.get(url).status_code == 404
    assert outsider.post(url, {"action": "exclude", "response": chosen}).status_code == 404
    assert campaign.responses.filter(included=True).count() == 2


def _responses(campaign, target, count, *, start=100, all_flagged=False):
    """Responses to the target: every other one flagged and included, or all flagged and awaiting review."""
    for n in range(start, start + count):
        flagged = all_flagged or n % 2 == 0
        Response.objects.create(
            campaign=campaign,
            target=target,
            questionnaire=campaign.questionnaire,
            client_id=f"6f1c2a1e-0000-4000-8000-{n:012d}",
            answers={"overall": 5, "fac_nearby": 4},
            content_hash="x",
            region=target.region,
            suspicious=flagged,
            suspicion=(f"{UNSIGNED_START}; {answered_fast(3)}" if n % 2 else answered_fast(4))
            if flagged
            else "",
            included=None if all_flagged or not flagged else True,
        )


def _campaign(world):
    target = make_survey_target(
        world.city,
        world.gusu,
        "姑苏区",
        title="c",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        results_published_at=timezone.now(),
    )
    return target.campaign, target


def _queries(client, url) -> int:
    client.get(url)  # caches warmed
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_campaign_pages_and_records_take_as_many_queries_for_many_rows(world, login, client):
    """The campaign page (links, flagged responses), the review of flagged responses, the records behind the satisfaction index and the public list
    of published results read a fixed number of queries however many rows they show."""
    office = login(world.office)
    campaign, target = _campaign(world)
    _responses(campaign, target, 2)
    detail = reverse("surveys:campaign_detail", args=[campaign.pk])
    review = reverse("surveys:flagged_review", args=[campaign.pk]) + "?state=all"
    records = reverse("surveys:metric_records") + f"?region={world.city.pk}&year=2026"
    published = reverse("public:survey_results_list")
    few = [
        _queries(office, detail),
        _queries(office, records),
        _queries(office, review),
        _queries(client, published),
    ]

    Response.objects.all().delete()
    _responses(campaign, target, 12)
    for n in range(3):
        campaign.targets.create(label=f"venue {n}", venue=world.venue_unit, region=world.gusu)
    assert [_queries(office, detail), _queries(office, records), _queries(office, review)] == few[:3]
    for _n in range(3):
        _campaign(world)  # more published campaigns
    assert _queries(client, published) == few[3]
    assert _queries(office, records) == few[1]  # the index of the year sums every campaign's tallies at once


def test_the_office_extends_corrects_or_fills_a_campaign(world, login, client):
    from changxiao.core.deadlines import local_today

    today = local_today()
    target = make_survey_target(
        world.city,
        title="满意度测评",
        starts_on=today - timedelta(days=10),
        ends_on=today - timedelta(days=1),
    )
    campaign, office = target.campaign, login(world.office)
    url = reverse("surveys:campaign_edit", args=[campaign.pk])
    assert client.get(target.get_public_url()).status_code == 410  # ended yesterday

    def edit(**changes):
        data = {
            "title": campaign.title,
            "starts_on": campaign.starts_on.isoformat(),
            "ends_on": campaign.ends_on.isoformat(),
            "quota": campaign.quota or "",
            "min_seconds": campaign.min_seconds,
            **changes,
        }
        return office.post(url, data, follow=True)

    later = (today + timedelta(days=14)).isoformat()
    assert edit(title=" 2026年满意度测评（延期） ", ends_on=later).status_code == 200
    campaign.refresh_from_db()
    assert (campaign.title, campaign.ends_on.isoformat()) == ("2026年满意度测评（延期）", later)
    assert client.get(target.get_public_url()).status_code == 200  # open again
    event = TimelineEvent.objects.for_object(campaign).get(verb="updated")
    assert later in event.comment and "满意度测评 → 2026年满意度测评（延期）" in event.comment

    # The end before the start, a blank title, a date that is none, a negative or huge time: refused with a
    # message each, nothing changed.
    bad = edit(ends_on=(today - timedelta(days=20)).isoformat())
    assert "结束" in bad.content.decode() and bad.redirect_chain == []
    garbage = edit(title="   ", ends_on="2026-13-45", min_seconds="-5", quota="many")
    assert garbage.redirect_chain == [] and garbage.content.decode().count("invalid-feedback") >= 4
    assert edit(min_seconds="99999999").redirect_chain == []
    assert edit(quota="9" * 30).redirect_chain == []
    campaign.refresh_from_db()
    assert (campaign.title, campaign.ends_on.isoformat(), campaign.min_seconds) == (
        "2026年满意度测评（延期）",
        later,
        20,
    )

    # Once responses came in, the start stays; a quota reached closes the campaign.
    _responses(campaign, target, 1)
    edit(starts_on=today.isoformat(), quota="1")
    campaign.refresh_from_db()
    assert campaign.starts_on == today - timedelta(days=10) and campaign.quota == 1
    assert client.get(target.get_public_url()).status_code == 410
    refused = edit(quota="0")  # would read as no quota at all
    assert refused.redirect_chain == [] and "大于或等于1" in refused.content.decode()
    campaign.refresh_from_db()
    assert campaign.quota == 1

    # A leader sees the campaign but does not change it; who does not see it gets nothing.
    assert login(world.leader).get(url).status_code == 403
    assert login(world.district).post(url, {"title": "x"}).status_code == 404
    campaign.refresh_from_db()
    assert campaign.title == "2026年满意度测评（延期）"


def test_a_new_link_for_a_district_or_venue_tells_those_who_spread_it(world, login):
    from changxiao.core.models import Notification
    from changxiao.surveys import services

    campaign = make_survey_target(world.city).campaign
    services.target_add(campaign=campaign, by=world.office, label="", region=world.pingjiang)
    [told] = Notification.objects.all()
    assert told.recipient == world.district  # the district above the street, not the office running it
    assert "2026年公共文化服务满意度测评（平江街道）" in told.title
    assert told.url == reverse("surveys:campaign_index", args=[campaign.pk])
    assert login(world.district).get(told.url).status_code == 200
    services.target_add(campaign=campaign, by=world.office, label="", venue=world.venue_unit)
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"district", "venue"}
    # An outreach activity (no district, no venue) tells nobody.
    services.target_add(campaign=campaign, by=world.office, label="送文化下乡")
    assert Notification.objects.count() == 2
    # The district's own campaign: its own link tells nobody but the district's own managers below it — none.
    own = make_survey_target(world.gusu).campaign
    services.target_add(campaign=own, by=world.district, label="", region=world.pingjiang)
    assert Notification.objects.count() == 2
    # A venue of another district is not the district's to survey, nor its staff to be told.
    with pytest.raises(ValidationError):
        services.target_add(campaign=own, by=world.district, label="", venue=world.outsider_unit)
    assert not own.targets.filter(venue=world.outsider_unit).exists() and Notification.objects.count() == 2


def test_a_new_campaign_tells_the_managers_of_the_jurisdictions_it_covers(world, login):
    from changxiao.core.models import Notification
    from changxiao.surveys import services

    today = timezone.localdate()

    def create(by, title, region):
        return services.campaign_create(
            by=by,
            title=title,
            questionnaire=load_shipped()[0][0],
            region=region,
            starts_on=today,
            ends_on=today + timedelta(days=30),
        )

    campaign = create(world.office, "2027年满意度测评", world.city)
    [told] = Notification.objects.all()
    assert told.recipient == world.district and "2027年满意度测评" in told.title
    assert login(world.district).get(told.url).context["campaign"] == campaign
    # A district's own campaign covers no jurisdiction with managers of its own below it.
    create(world.district, "姑苏区测评", world.gusu)
    assert Notification.objects.count() == 1


def test_a_poster_prints_what_the_office_typed_as_text(world, login):
    target = make_survey_target(
        world.city, world.gusu, "<b>姑苏区</b>", title='<script>alert("x")</script>测评'
    )
    poster = login(world.office).get(reverse("surveys:target_poster", args=[target.pk])).content.decode()
    assert "<script>alert" not in poster and "<b>姑苏区" not in poster
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;测评" in poster and "&lt;b&gt;姑苏区" in poster
    assert (
        login(world.office).get(reverse("surveys:target_poster", args=[target.pk + 1000])).status_code == 404
    )


def test_running_a_survey_again_makes_its_links_anew(world, login):
    from changxiao.core.models import Notification
    from changxiao.surveys import services

    questionnaire = load_shipped()[0][0]
    with as_of(date(2026, 3, 1)):
        source = services.campaign_create(
            by=world.office,
            title="2026年上半年满意度测评",
            questionnaire=questionnaire,
            region=world.city,
            starts_on=date(2026, 3, 1),
            ends_on=date(2026, 6, 30),
            quota=800,
            min_seconds=40,
        )
    services.target_add(campaign=source, by=world.office, label="", region=world.gusu)
    services.target_add(campaign=source, by=world.office, label="", venue=world.venue_unit)
    services.target_add(campaign=source, by=world.office, label="非遗进社区")
    office = login(world.office)
    url = reverse("surveys:campaign_repeat", args=[source.pk])
    form = office.get(url)
    assert form.context["form"]["title"].value() == "2026年上半年满意度测评"
    assert form.context["form"]["questionnaire"].value() == questionnaire.pk  # the newest published version
    assert "沿用本活动的样本配额（800）、最短答题时间（40秒）" in form.content.decode()
    assert "非遗进社区" in form.content.decode()
    again = {"title": "2026年下半年满意度测评", "questionnaire": questionnaire.pk}
    draft = Questionnaire.objects.create(code="draft", title="未发布的测评表")  # not published: not offered
    for bad, message in (
        ({"starts_on": "2026-12-31", "ends_on": "2026-09-01"}, "结束日期早于开始日期"),
        ({"title": "", "starts_on": "2026-09-01", "ends_on": "2026-12-31"}, "这个字段是必填项"),
        ({"starts_on": "2026-09-31", "ends_on": "2026-12-31"}, "有效的日期"),
        (
            {"questionnaire": draft.pk, "starts_on": "2026-09-01", "ends_on": "2026-12-31"},
            "选择一个有效的选项",
        ),
        (
            {"questionnaire": "1; DROP", "starts_on": "2026-09-01", "ends_on": "2026-12-31"},
            "选择一个有效的选项",
        ),
    ):
        with as_of(date(2026, 8, 25)):
            refused = office.post(url, again | bad)
        assert refused.status_code == 200 and message in refused.content.decode(), message
    assert Campaign.objects.count() == 1
    before = Notification.objects.filter(recipient=world.district).count()

    with as_of(date(2026, 8, 25)):  # run again before the second half-year
        page = office.post(url, again | {"starts_on": "2026-09-01", "ends_on": "2026-12-31"}, follow=True)
    campaign = Campaign.objects.exclude(pk=source.pk).get()
    assert "重新生成了4个链接" in page.content.decode()
    assert (campaign.title, campaign.starts_on, campaign.quota, campaign.min_seconds) == (
        "2026年下半年满意度测评",
        date(2026, 9, 1),
        800,
        40,
    )
    made = {(t.label, t.region_id, t.venue_id) for t in campaign.targets.all()}
    assert made == {(t.label, t.region_id, t.venue_id) for t in source.targets.all()}
    assert not {t.token for t in campaign.targets.all()} & {t.token for t in source.targets.all()}
    # 姑苏区's coordinator hears of the new campaign and of the district's new link.
    assert Notification.objects.filter(recipient=world.district).count() == before + 2
    assert TimelineEvent.objects.filter(verb="repeated", comment=source.title).count() == 1
    # Only the office running the campaign runs it again.
    assert login(world.district).get(url).status_code == 404
    assert login(world.member).post(url, again).status_code == 404
