"""The public feedback API when the database does not answer (PostgreSQL restarting, unreachable): 503 with
Retry-After and "send it again", never the server error; sent again, stored once. Found by `make bench BENCH=cluster`
(PostgreSQL restarted under 32 clients: 400 of 1,200 API submissions answered 500)."""

import json

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection

from changxiao.feedback.models import FeedbackItem
from changxiao.feedback.tests.test_api import category, payload  # noqa: F401 (the fixture)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def send(client, body):
    return client.post("/api/v1/public/feedback", json.dumps(body), content_type="application/json")


def test_while_the_database_is_down_the_api_says_send_again_and_a_retry_is_stored_once(
    world,
    client,
    category,  # noqa: F811 (the fixture imported above)
):
    body = payload(world, category)

    def down(execute, sql, params, many, context):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    with connection.execute_wrapper(down):
        answer = send(client, body)
    assert answer.status_code == 503 and answer["Retry-After"] == "60"
    assert answer.json()["retry_after"] == 60 and "不会重复保存" in answer.json()["detail"]
    assert not FeedbackItem.objects.exists()

    assert send(client, body).status_code == 201
    assert send(client, body).status_code == 200  # the client's retry after a lost answer: acknowledged
    assert FeedbackItem.objects.count() == 1
