"""A province hosting two demonstration zones on one deployment: the office of the second city (office2, 无锡市) opens
its own pages, lists, exports and API lists, and none of them holds a record or a setting of the first city (苏州市).

The authorization matrix answers "may office2 open this page" (200 for its own lists, 404 for the first city's
objects); this test answers "and what is on it": with the first city's records of every mechanism in place, every
page the matrix lets office2 open (the public site aside, which shows every city to everyone) is read — HTML, JSON,
Excel and Word alike — for the first city's names."""

import io
import json
import zipfile

import pytest
from django.utils import timezone

from changxiao.core.exports import registered_exports
from changxiao.core.tests.authz import Case
from conftest import as_of, make_survey_target, quick_settings, world_from

# Written into the first city's records (titles, names, texts), so a page showing any of them is caught.
MARK = "苏州专用"


@pytest.fixture(scope="module")
def _first_city_made(_module_world, tmp_path_factory):
    """The first city's records, made once for the module in its world's transaction (conftest._module_world)."""
    with quick_settings(tmp_path_factory.mktemp("first-city-media")):
        _make_first_city(world_from(_module_world))


@pytest.fixture
def first_city(_first_city_made, shared_world):
    """The world, with records and settings of 苏州市 in every mechanism (_make_first_city): the tests only read."""
    return shared_world


def _make_first_city(world):
    """Records and settings of 苏州市 in every mechanism, each carrying MARK (or a 姑苏区 name)."""
    from changxiao.assessment.models import AssessmentRound, HonourList, IndicatorSet
    from changxiao.assessment.sets import indicator_set_new_version
    from changxiao.assessment.tests.factories import long_term_set
    from changxiao.assessment.tests.matrix import _honour_list, _published_round
    from changxiao.feedback import configuration
    from changxiao.feedback.models import FeedbackItem
    from changxiao.feedback.services import item_open_to_social
    from changxiao.feedback.tests.factories import FeedbackFactory
    from changxiao.supervision.models import Bulletin, Finding, Inspection
    from changxiao.supervision.tests.matrix import _issued_city_bulletin, _venue_accountability
    from changxiao.surveys import builder
    from changxiao.surveys.models import Campaign
    from changxiao.targets.models import Task, WorkPlan
    from changxiao.targets.tests.matrix import _venue_task

    office = world.office
    category = configuration.category_create(owner=world.city, by=office, name=f"{MARK}类别")
    configuration.routing_rule_create(
        owner=world.city, by=office, region=world.gusu, unit=world.district_unit
    )
    configuration.deadline_policy_save(
        owner=world.city, by=office, kind="complaint", acknowledge_workdays=1, answer_workdays=7
    )
    item = FeedbackFactory(category=category, region=world.gusu, content=f"{MARK}：希望增加周末亲子活动")
    FeedbackItem.objects.filter(pk=item.pk).update(name=MARK)
    item_open_to_social(item=item, by=office)

    builder.questionnaire_create(by=office, owner=world.city, code="sz-readers", title=f"{MARK}读者测评表")
    target = make_survey_target(world.city, title=f"{MARK}满意度测评")
    Campaign.objects.filter(pk=target.campaign_id).update(results_published_at=timezone.now())

    copy = indicator_set_new_version(indicator_set=long_term_set(), by=office)
    IndicatorSet.objects.filter(pk=copy.pk).update(name=f"{MARK}指标体系")
    published = _published_round(world)
    AssessmentRound.objects.filter(pk=published.pk).update(title=f"{MARK}年度考核")
    HonourList.objects.filter(pk=_honour_list(world).pk).update(title=f"{MARK}先进集体")

    with as_of():
        task = _venue_task(world)
    Task.objects.filter(pk=task.pk).update(title=f"{MARK}任务")
    WorkPlan.objects.filter(pk=task.plan_id).update(title=f"{MARK}工作计划")
    accountability = _venue_accountability(world)
    Finding.objects.filter(pk__in=accountability.findings.values("pk")).update(
        description=f"{MARK}：设施损坏"
    )
    Inspection.objects.update(title=f"{MARK}督查")
    bulletin = _issued_city_bulletin(world, public=True)
    Bulletin.objects.filter(pk=bulletin.pk).update(title=f"{MARK}通报")
    return world


# What identifies the first city's records on a page: the mark, and the names of its district and venues.
def _markers(world) -> list[str]:
    return [MARK, world.gusu.name, world.venue_unit.name, world.district_unit.name, world.pingjiang.name]


def _text(response) -> str:
    """What a person reads in the response: the page, the JSON (unescaped), the cells of a workbook or a document."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "json" in kind:
        return json.dumps(json.loads(content or b"null"), ensure_ascii=False)
    if content[:2] == b"PK":  # .xlsx, .docx: zipped XML
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "".join(
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if name.endswith(".xml")
            )
    return content.decode("utf-8", "replace")


def _office2_pages() -> list[Case]:
    """The matrix's reads office2 gets 200 on, but the public site's (open to everyone, every city on it)."""
    from tests.test_authorization_matrix import CASES, _api_operations

    public_api = _api_operations(public=True)
    return [
        case
        for case in CASES
        if case.method == "get"
        and case.expected.get("office2") == 200
        and not case.url_name.startswith("public:")
        and case.url_name not in public_api
        and case.url_name not in FIXED_TEXT
    ]


# Pages whose only first-city names are fixed text of the platform, the same on every deployment: the import page's
# example row (a unit of 姑苏区, as in the downloadable template), and the health check.
FIXED_TEXT = {"core:import_upload", "core:healthz"}


@pytest.mark.parametrize("case", _office2_pages(), ids=lambda c: c.id)
def test_the_second_citys_pages_hold_nothing_of_the_first_city(case, first_city, client):
    client.force_login(first_city.office2)
    url = case.url(first_city)
    response = client.get(url)
    assert response.status_code == 200, url
    text = _text(response)
    leaked = [marker for marker in _markers(first_city) if marker in text]
    assert not leaked, f"{url} shows {leaked}"


@pytest.mark.parametrize("name", [definition.name for definition in registered_exports()])
def test_the_second_citys_exports_hold_nothing_of_the_first_city(name, first_city, client):
    client.force_login(first_city.office2)
    response = client.get(f"/exports/{name}/")
    assert response.status_code in (200, 302, 403, 404), name
    if response.status_code == 200:
        text = _text(response)
        assert not [marker for marker in _markers(first_city) if marker in text], name


def test_the_first_citys_own_pages_do_show_them(first_city, client):
    """The test above would pass on empty pages: the first city's office sees its records on the same pages."""
    client.force_login(first_city.office)
    for url in (
        "/feedback/",
        "/feedback/settings/",
        "/feedback/open-demands/",
        "/surveys/questionnaires/",
        "/surveys/campaigns/",
        "/assessment/indicator-sets/",
        "/assessment/rounds/",
        "/assessment/honours/",
        "/targets/plans/",
        "/supervision/findings/",
        "/supervision/bulletins/",
        "/api/v1/feedback",
        "/api/v1/indicator-sets",
    ):
        assert MARK in _text(client.get(url)), url


def test_the_second_citys_office_keeps_its_own_settings(first_city, client):
    """Its settings pages work for 无锡市: what it adds is 无锡市's, and the first city's office does not see it."""
    from changxiao.feedback.models import Category, DeadlinePolicy

    office2 = client
    office2.force_login(first_city.office2)
    page = office2.get("/feedback/settings/")
    assert page.status_code == 200 and first_city.city2.name in page.content.decode()
    office2.post("/feedback/settings/category/", {"category-name": "开放时间", "category-sort_order": 1})
    office2.post(
        "/feedback/settings/complaint/", {"complaint-acknowledge_workdays": 3, "complaint-answer_workdays": 9}
    )
    wuxi = Category.objects.get(owner=first_city.city2)
    assert wuxi.name == "开放时间"
    assert DeadlinePolicy.objects.get(owner=first_city.city2).answer_workdays == 9
    assert (
        DeadlinePolicy.objects.get(owner=first_city.city).answer_workdays == 7
    )  # the first city's is untouched
    office2.force_login(first_city.office)
    assert office2.post(f"/feedback/categories/{wuxi.pk}/toggle/").status_code == 404
    assert "开放时间" not in office2.get("/feedback/settings/").content.decode()
