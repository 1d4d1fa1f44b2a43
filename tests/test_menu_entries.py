"""Every entry of the main menu a person is shown opens for that person: a menu never leads to a refusal."""

import pytest

from changxiao.core.navigation import navigation_for
from changxiao.core.tests.authz import PERSONAS
from conftest import signed_in


@pytest.mark.parametrize("who", PERSONAS)
def test_every_menu_entry_shown_opens(who, world, client, module_sessions):
    person = getattr(world, who)
    signed_in(client, module_sessions[who])
    refused = []
    for section in navigation_for(person):
        for item in section["items"]:
            status = client.get(item["url"]).status_code
            if status >= 400:
                refused.append(f"{item['url_name']} ({item['url']}) answers {status}")
    assert not refused, f"{who} is shown menu entries that refuse them: {refused}"
