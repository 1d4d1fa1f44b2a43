"""The public survey while the database does not answer at all (PostgreSQL restarting or unreachable), so the form
cannot even be drawn again: "send them again" (503, Retry-After) with the answers kept in a form that needs no
database, never the server-error page; sent again once the database is back, stored once. Found by `make bench
BENCH=cluster` (PostgreSQL restarted under 32 clients: every survey submission in the gap answered 500)."""

import re

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection

from changxiao.surveys.models import Response
from changxiao.surveys.tests.test_public_survey import answers, open_form, target  # noqa: F401 (the fixture)


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def test_answers_sent_while_the_database_is_down_come_back_to_be_sent_again(world, client, target):  # noqa: F811
    client_id, started = open_form(client, target)
    sent = answers(world, client_id=client_id, started=started, q_suggestion="图书馆<b>晚上</b>开放")

    def down(execute, sql, params, many, context):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    cache.clear()  # nothing of the survey kept in the process: every lookup would ask the database
    with connection.execute_wrapper(down):
        page = client.post(target.get_public_url(), sent)
    text = page.content.decode()
    assert page.status_code == 503 and page["Retry-After"] == "60" and "暂时未能保存" in text
    assert f'name="client_id" value="{client_id}"' in text
    assert 'name="q_suggestion" value="图书馆&lt;b&gt;晚上&lt;/b&gt;开放"' in text and "<b>晚上" not in text
    assert re.search(r'<button type="submit">', text) and 'name="csrfmiddlewaretoken"' in text
    assert not Response.objects.exists()

    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', text))
    assert fields["q_overall"] == "4" and fields["started"] == started
    again = client.post(target.get_public_url(), sent)
    assert again.status_code == 200 and "已收到" in again.content.decode()
    assert client.post(target.get_public_url(), sent).status_code == 200  # a second press: acknowledged
    assert Response.objects.get().client_id.hex == client_id.replace("-", "")
