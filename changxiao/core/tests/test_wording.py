"""Wording that Django supplies and the project overrides in its own django.po."""

from django.urls import reverse


def test_a_null_character_is_refused_in_words_that_say_so(db, client):
    # Django's zh_Hans catalogue renders "Null characters are not allowed." as 不允许是用空字符串 (a typo, and wrong:
    # it is about the NUL control character, not an empty string); LOCALE_PATHS comes first, so ours is read.
    page = client.get(
        reverse("public:feedback_lookup"), {"code": "FK23\x0045"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    text = page.content.decode()
    assert "不允许是用空字符串" not in text
    assert "此项含有不允许的空字符（NUL），请删除后再试。" in text
