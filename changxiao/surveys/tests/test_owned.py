"""Questionnaires belong to a jurisdiction: each city's office builds its own, reads the shipped one and copies it to
change it; the second city (office2, 无锡市) sees none of the first city's, and a campaign uses a questionnaire of its
own jurisdiction, of one above it or shipped."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.surveys import builder, services, xlsform
from changxiao.surveys.models import Campaign, Questionnaire
from changxiao.surveys.questionnaires import load_shipped


@pytest.fixture
def shipped(db):
    return load_shipped()[0][0]


def _detail(questionnaire) -> str:
    return reverse("surveys:questionnaire_detail", args=[questionnaire.pk])


def test_each_city_copies_the_shipped_questionnaire_as_its_own(world, login, shipped):
    office = login(world.office)
    office.post(_detail(shipped), {"action": "new_version"})
    suzhou = Questionnaire.objects.get(owner=world.city)
    office2 = login(world.office2)
    office2.post(_detail(shipped), {"action": "new_version"})
    wuxi = Questionnaire.objects.get(owner=world.city2)
    # Both are their city's version 2 of the shipped questionnaire, which stays as it is for everyone.
    assert (suzhou.code, suzhou.version, wuxi.code, wuxi.version) == (shipped.code, 2, shipped.code, 2)
    assert Questionnaire.objects.get(pk=shipped.pk).owner is None and shipped.published_at is not None
    page = office2.get(reverse("surveys:questionnaire_list")).content.decode()
    assert _detail(wuxi) in page and _detail(shipped) in page and _detail(suzhou) not in page
    # The other city's draft is not there: not its page, its preview, its export or any change to it.
    for url in (
        _detail(suzhou),
        reverse("surveys:questionnaire_preview", args=[suzhou.pk]),
        reverse("surveys:questionnaire_xlsform", args=[suzhou.pk]),
        reverse("surveys:question_new", args=[suzhou.pk]),
        f"/api/v1/surveys/questionnaires/{suzhou.pk}",
    ):
        assert office2.get(url).status_code == 404, url
    for action in ({"action": "delete_draft"}, {"action": "publish"}, {"action": "new_version"}):
        assert office2.post(_detail(suzhou), action).status_code == 404
    assert Questionnaire.objects.filter(pk=suzhou.pk, published_at__isnull=True).exists()
    # The versions listed on a questionnaire's page are its own city's and the shipped ones.
    page = office2.get(_detail(wuxi)).content.decode()
    assert _detail(shipped) in page and _detail(suzhou) not in page


def test_a_shipped_questionnaire_is_read_only_even_for_an_office(world, login, shipped):
    office = login(world.office)
    page = office.get(_detail(shipped)).content.decode()
    assert "复制为本辖区的新版本" in page and 'value="publish"' not in page
    assert office.post(_detail(shipped), {"action": "meta", "title": "改名"}).status_code == 403
    with pytest.raises(PermissionDenied):  # the service refuses it too
        builder.questionnaire_update(questionnaire=shipped, by=world.office, title="改名")
    assert Questionnaire.objects.get(pk=shipped.pk).title == shipped.title


def test_a_new_questionnaire_and_an_import_belong_to_the_office_that_makes_them(world, login, shipped):
    office2 = login(world.office2)
    office2.post(reverse("surveys:questionnaire_list"), {"code": "readers", "title": "读者满意度"})
    assert Questionnaire.objects.get(code="readers").owner == world.city2
    # The first city may use the same code for its own questionnaire: codes are per jurisdiction.
    login(world.office).post(reverse("surveys:questionnaire_list"), {"code": "readers", "title": "读者调查"})
    assert Questionnaire.objects.get(code="readers", owner=world.city).title == "读者调查"
    draft = xlsform.create_draft(
        xlsform.import_xlsform(xlsform.export_xlsform(shipped), world.city2).data, world.city2
    )
    assert (draft.owner, draft.version) == (world.city2, 2)


def test_a_campaign_uses_a_questionnaire_of_its_jurisdiction(world, login, shipped):
    suzhou = builder.questionnaire_new_version(questionnaire=shipped, by=world.office)
    builder.questionnaire_publish(questionnaire=suzhou, by=world.office)
    today = local_today()
    period = {"starts_on": today, "ends_on": today + timedelta(days=30)}
    with pytest.raises(ValidationError):
        services.campaign_create(
            by=world.office2, title="无锡市满意度测评", questionnaire=suzhou, region=world.city2, **period
        )
    # The office's form does not offer it either.
    page = login(world.office2).get(reverse("surveys:campaign_list")).content.decode()
    assert f'value="{suzhou.pk}"' not in page and f'value="{shipped.pk}"' in page
    campaign = services.campaign_create(
        by=world.office2, title="无锡市满意度测评", questionnaire=shipped, region=world.city2, **period
    )
    assert Campaign.objects.get(pk=campaign.pk).questionnaire == shipped
    # A district's campaign may use its city's questionnaire.
    services.campaign_create(
        by=world.district, title="姑苏区测评", questionnaire=suzhou, region=world.gusu, **period
    )
