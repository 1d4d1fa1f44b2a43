"""The migration giving questionnaires their jurisdiction, on data stored before it: the shipped version stays
shipped, an office's versions go to its city (the only one, or the one whose campaigns use them), each assignment
printed, nothing lost."""

from datetime import date

import pytest

from changxiao.core.tests.migrations import latest_schema_after, migrate_to  # noqa: F401 (a fixture)

BEFORE = [("surveys", "0006_text_lengths")]
AFTER = [("surveys", "0008_questionnaire_unique_per_owner")]
pytestmark = pytest.mark.usefixtures("latest_schema_after")


@pytest.mark.django_db(transaction=True)
def test_office_versions_go_to_the_city_whose_campaigns_use_them(capsys):
    old = migrate_to(BEFORE)
    Region = old.get_model("orgs", "Region")
    Questionnaire = old.get_model("surveys", "Questionnaire")
    Campaign = old.get_model("surveys", "Campaign")
    province = Region.objects.create(code="320000", name="江苏省", level="province")
    province.path = f"/{province.pk}/"
    province.save()
    cities = []
    for code, name in (("320500", "苏州市"), ("320200", "无锡市")):
        city = Region.objects.create(code=code, name=name, level="city", parent=province)
        city.path = f"{province.path}{city.pk}/"
        city.save()
        cities.append(city)
    suzhou, _wuxi = cities
    shipped = Questionnaire.objects.create(code="public-satisfaction", version=1, title="测评表")
    revised = Questionnaire.objects.create(code="public-satisfaction", version=2, title="测评表（修订）")
    draft = Questionnaire.objects.create(code="public-satisfaction", version=3, title="测评表（草稿）")
    unused = Questionnaire.objects.create(code="readers", version=1, title="读者调查")
    Campaign.objects.create(
        title="2026年满意度测评",
        questionnaire=revised,
        region=suzhou,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 4, 1),
    )

    migrate_to(AFTER)
    from changxiao.surveys.models import Questionnaire

    owners = dict(Questionnaire.objects.values_list("pk", "owner_id"))
    # The versions of a code travel together: the draft after the used version is the same city's.
    assert owners == {shipped.pk: None, revised.pk: suzhou.pk, draft.pk: suzhou.pk, unused.pk: None}
    printed = capsys.readouterr().out
    assert "public-satisfaction v1 stays shipped" in printed
    assert "public-satisfaction v3 kept by 苏州市" in printed
    assert "readers v1 stays shared" in printed
