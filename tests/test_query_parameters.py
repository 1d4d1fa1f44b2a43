"""Every page, with every query parameter the platform reads set to a character that is a digit but no number."""

import re
from pathlib import Path

import pytest

import changxiao
from conftest import signed_in
from tests.test_authorization_matrix import CASES

# The query parameters the platform's code reads (request.GET.get("…")), found in its sources: a new one is tried too.
QUERY_PARAMETERS = sorted(
    {
        name
        for path in Path(changxiao.__file__).parent.rglob("*.py")
        if "tests" not in path.parts
        for name in re.findall(r'GET\.get\("(\w+)"', path.read_text(encoding="utf-8"))
    }
)
PAGES = [case for case in CASES if case.method == "get" and 200 in case.expected.values()]


@pytest.mark.parametrize("case", PAGES, ids=lambda c: c.id)
def test_a_digit_that_is_no_number_never_fails_a_page(case, world, client, module_sessions):
    """'¹' is a digit to str.isdigit() but no number to int(): the edit of a task answered 500 to it in
    cooperating_units (found by test_fuzz_writes), and a page reading ?year=¹ or ?region=¹ the same way would. Each
    page, opened by someone who may, with every parameter set to it, answers without a server error."""
    assert {"page", "region", "year"} <= set(QUERY_PARAMETERS)
    who = next(persona for persona, status in case.expected.items() if status == 200)
    if who != "anonymous":
        signed_in(client, module_sessions[who])
    response = client.get(case.url(world), dict.fromkeys(QUERY_PARAMETERS, "¹"))
    assert response.status_code < 500, f"{who} GET {case.url(world)}"
