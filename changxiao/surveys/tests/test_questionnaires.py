"""The default questionnaire loads, with its dimensions and a condition referring to an earlier question."""

import tomllib

from changxiao.surveys.questionnaires import DATA_DIR, check, load_shipped


def test_shipped_questionnaires_are_valid():
    for path in DATA_DIR.glob("*.toml"):
        assert check(tomllib.loads(path.read_text(encoding="utf-8")), path.name) == []


def test_default_questionnaire(db):
    questionnaire, created = load_shipped()[0]
    assert created and questionnaire.published_at is not None
    assert {d["code"] for d in questionnaire.dimensions} == {
        "facilities",
        "content",
        "service",
        "convenience",
        "information",
        "overall",
    }
    assert abs(sum(d["weight"] for d in questionnaire.dimensions) - 1) < 1e-9
    assert questionnaire.questions.filter(kind="likert5").count() == 10
    assert questionnaire.questions.get(code="venue").condition == {
        "question": "frequency",
        "in": ["1_3", "4_11", "12p"],
    }
    assert not load_shipped()[0][1]


def test_a_condition_on_a_later_question_is_refused():
    data = {
        "dimensions": [],
        "sections": [
            {
                "title": "s",
                "questions": [
                    {
                        "code": "a",
                        "kind": "single",
                        "text": "A",
                        "choices": [["1", "x"]],
                        "condition": {"question": "b", "in": ["1"]},
                    },
                    {"code": "b", "kind": "single", "text": "B", "choices": [["1", "x"]]},
                ],
            }
        ],
    }
    assert any("earlier question" in p for p in check(data, "t"))
