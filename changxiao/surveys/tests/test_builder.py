"""The questionnaire builder: drafts edited through the screens, publishing freezes a version, editing a published
one starts the next version, and responses keep the version they answered."""

from decimal import Decimal

import pytest
from django.urls import reverse

from changxiao.surveys.models import Question, Questionnaire
from changxiao.surveys.questionnaires import load_shipped


@pytest.fixture
def office(world, login):
    return login(world.office)


def new_draft(office) -> Questionnaire:
    page = office.post(
        reverse("surveys:questionnaire_list"), {"code": "venue-visit", "title": "场馆服务评价"}
    )
    assert page.status_code == 302
    return Questionnaire.objects.get(code="venue-visit")


def act(office, questionnaire, **data):
    return office.post(reverse("surveys:questionnaire_detail", args=[questionnaire.pk]), data, follow=True)


def add_question(office, questionnaire, **fields):
    data = {
        "section": questionnaire.sections.first().pk,
        "kind": "likert5",
        "required": "on",
        "weight": "1",
        **fields,
    }
    return office.post(reverse("surveys:question_new", args=[questionnaire.pk]), data, follow=True)


def test_build_publish_and_version(world, office):
    questionnaire = new_draft(office)
    act(office, questionnaire, action="dimensions", text="service | 服务 | 0.6\nfacilities | 设施 | 0.4")
    add_question(
        office,
        questionnaire,
        code="visit",
        kind="single",
        text="您来过吗",
        choices_text="y | 来过\nn | 没来过",
    )
    add_question(office, questionnaire, code="staff", text="服务态度", dimension="service")
    add_question(
        office,
        questionnaire,
        code="rooms",
        text="阅览室环境",
        dimension="facilities",
        condition_question="visit",
        condition_values="y",
    )
    add_question(office, questionnaire, code="why", kind="long_text", text="为什么", required="")
    questionnaire.refresh_from_db()
    assert [q.code for q in questionnaire.questions.all()] == ["visit", "staff", "rooms", "why"]
    assert questionnaire.questions.get(code="visit").choices == [["y", "来过"], ["n", "没来过"]]
    assert questionnaire.questions.get(code="rooms").condition == {"question": "visit", "in": ["y"]}

    # Moving a question above the one it depends on is refused and changes nothing.
    rooms = questionnaire.questions.get(code="rooms")
    page = act(office, questionnaire, action="up", question=rooms.pk)
    page = act(office, questionnaire, action="up", question=rooms.pk)
    assert "would come before" in page.content.decode() or "之前" in page.content.decode()
    assert [q.code for q in questionnaire.questions.all()] == ["visit", "rooms", "staff", "why"]

    preview = office.get(reverse("surveys:questionnaire_preview", args=[questionnaire.pk]))
    assert preview.status_code == 200 and "阅览室环境" in preview.content.decode()

    act(office, questionnaire, action="publish")
    questionnaire.refresh_from_db()
    assert questionnaire.published_at is not None
    # Frozen: a change is refused with a message.
    page = add_question(office, questionnaire, code="more", text="再问一个")
    assert not questionnaire.questions.filter(code="more").exists()
    page = act(office, questionnaire, action="dimensions", text="x | y | 1")
    assert questionnaire.dimensions[0]["code"] == "service"

    page = act(office, questionnaire, action="new_version")
    draft = Questionnaire.objects.get(code="venue-visit", version=2)
    assert page.redirect_chain[-1][0].endswith(f"/questionnaires/{draft.pk}/")
    assert draft.published_at is None and draft.questions.count() == 4
    assert draft.questions.get(code="rooms").condition == {"question": "visit", "in": ["y"]}
    assert act(office, questionnaire, action="new_version").redirect_chain[-1][0].endswith(f"/{draft.pk}/")
    question = draft.questions.get(code="why")
    act(office, draft, action="delete_question", question=question.pk)
    assert draft.questions.count() == 3 and questionnaire.questions.count() == 4


def test_bad_questions_are_refused_with_messages(world, office):
    questionnaire = new_draft(office)
    page = add_question(office, questionnaire, code="pick", kind="single", text="选一个")
    assert "needs its answers" in page.content.decode() or "选项" in page.content.decode()
    page = add_question(office, questionnaire, code="bad name!", text="x")
    assert page.status_code == 200
    page = add_question(office, questionnaire, code="s", text="x", dimension="nope")
    assert page.status_code == 200
    page = add_question(
        office, questionnaire, code="c", text="x", condition_question="zzz", condition_values="1"
    )
    assert page.status_code == 200
    assert not questionnaire.questions.exists()
    page = act(office, questionnaire, action="dimensions", text="a | b | heavy")
    assert questionnaire.dimensions == []
    page = act(office, questionnaire, action="publish")
    questionnaire.refresh_from_db()
    assert questionnaire.published_at is None


def test_deleting_a_question_others_depend_on_is_refused(world, office):
    questionnaire = new_draft(office)
    add_question(
        office, questionnaire, code="visit", kind="single", text="来过吗", choices_text="来过\n没来过"
    )
    add_question(
        office, questionnaire, code="rooms", text="环境", condition_question="visit", condition_values="1"
    )
    act(
        office, questionnaire, action="delete_question", question=questionnaire.questions.get(code="visit").pk
    )
    assert questionnaire.questions.filter(code="visit").exists()


def test_only_the_office_builds(world, login):
    questionnaire = load_shipped()[0][0]
    page = login(world.district).post(
        reverse("surveys:questionnaire_detail", args=[questionnaire.pk]), {"action": "new_version"}
    )
    assert page.status_code == 403
    assert Questionnaire.objects.filter(code=questionnaire.code).count() == 1
    assert (
        login(world.member).get(reverse("surveys:questionnaire_detail", args=[questionnaire.pk])).status_code
        == 200
    )


def test_responses_keep_the_version_they_answered(world, office):
    from changxiao.surveys.models import Response

    questionnaire = load_shipped()[0][0]
    act(office, questionnaire, action="new_version")
    draft = Questionnaire.objects.get(code=questionnaire.code, version=2)
    assert Question.objects.filter(questionnaire=questionnaire).count() == draft.questions.count()
    assert not Response.objects.filter(questionnaire=draft).exists()


def test_questionnaire_list_in_a_fixed_number_of_queries(world, office, django_assert_max_num_queries):
    load_shipped()
    for n in range(4):
        office.post(reverse("surveys:questionnaire_list"), {"code": f"q{n}", "title": f"问卷{n}"})
    office.get(reverse("surveys:questionnaire_list"))
    with django_assert_max_num_queries(12):
        page = office.get(reverse("surveys:questionnaire_list"))
    assert len(page.context["questionnaires"]) == 5


def test_xlsform_import_through_the_screens(world, office):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from changxiao.surveys import xlsform

    shipped = load_shipped()[0][0]
    content = xlsform.export_xlsform(shipped)
    url = reverse("surveys:questionnaire_import")
    page = office.post(url, {"file": SimpleUploadedFile("form.xlsx", content)})
    assert page.status_code == 200 and page.context["result"].ok
    assert Questionnaire.objects.filter(code=shipped.code).count() == 1  # nothing created before confirming
    page = office.post(url, {"action": "confirm"}, follow=True)
    draft = Questionnaire.objects.get(code=shipped.code, version=2)
    assert draft.published_at is None and draft.questions.count() == shipped.questions.count()
    assert page.redirect_chain[-1][0].endswith(f"/questionnaires/{draft.pk}/")
    # A file that is not an XLSForm: a message, nothing created, and confirming has nothing to create.
    page = office.post(url, {"file": SimpleUploadedFile("form.xlsx", b"not a workbook")})
    assert page.status_code == 400 and page.context["result"].errors
    office.post(url, {"action": "confirm"})
    assert Questionnaire.objects.filter(code=shipped.code).count() == 2
    # While version 2 is a draft, importing the code again is refused with a message: one draft per code.
    office.post(url, {"file": SimpleUploadedFile("form.xlsx", content)})
    page = office.post(url, {"action": "confirm"}, follow=True)
    assert "still a draft" in page.content.decode() or "仍是草稿" in page.content.decode()
    assert Questionnaire.objects.filter(code=shipped.code).count() == 2


def test_xlsform_export_download(world, office):
    import io

    import openpyxl

    shipped = load_shipped()[0][0]
    page = office.get(reverse("surveys:questionnaire_xlsform", args=[shipped.pk]))
    book = openpyxl.load_workbook(io.BytesIO(page.content))
    assert {"survey", "choices", "settings"} <= set(book.sheetnames)


def test_the_question_form_of_a_published_version_leads_back_with_a_message(world, office):
    shipped = load_shipped()[0][0]
    page = office.get(reverse("surveys:question_new", args=[shipped.pk]), follow=True)
    assert page.redirect_chain[-1][0].endswith(f"/questionnaires/{shipped.pk}/")
    assert "新版本" in page.content.decode() or "new version" in page.content.decode()


def test_a_display_condition_reads_as_the_question_and_its_answers(world, login):
    questionnaire = load_shipped()[0][0]
    page = login(world.office).get(reverse("surveys:questionnaire_detail", args=[questionnaire.pk]))
    assert (
        "当“过去一年您去公共文化场馆（图书馆、文化馆、文化站等）的次数”为1–3次、4–11次、12次及以上时显示"
        in page.content.decode()
    )


def test_a_negative_weight_is_refused_at_entry_with_a_clear_message(world, office):
    questionnaire = new_draft(office)
    act(office, questionnaire, action="dimensions", text="service | 服务 | 1")
    page = add_question(
        office, questionnaire, code="staff", text="服务态度", dimension="service", weight="-0.5"
    )
    assert page.status_code == 200
    assert page.context["form"].errors["weight"] == [
        "权重不能为负数：填0表示该题不计入所属维度的平均，常用的是1。"
    ]
    assert not questionnaire.questions.exists()
    # The same question with a weight of 0 or above is kept.
    add_question(office, questionnaire, code="staff", text="服务态度", dimension="service", weight="0.5")
    assert questionnaire.questions.get(code="staff").weight == Decimal("0.5")
