"""The public feedback form when the database does not answer (PostgreSQL restarting, unreachable, locked): "send it
again in a minute" with what was typed, never the server-error page; nothing stored; sent again, stored once. And
when the disk for uploads is full: a clear message, what was typed kept, nothing half-written."""

import errno
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.urls import reverse

from changxiao.core import storage
from changxiao.core.models import Attachment
from changxiao.feedback import services
from changxiao.feedback.models import Category, FeedbackItem, RoutingRule
from changxiao.feedback.tests.test_feedback import PNG

TYPED = "文化馆二楼电梯坏了一个月<b>没人修</b>"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def categories(world):
    facilities = Category.objects.create(name="设施设备", sort_order=1)
    RoutingRule.objects.create(owner=world.city, region=world.gusu, unit=world.district_unit)
    return {"facilities": facilities}


def message(world, categories, **extra):
    return {
        "kind": "complaint",
        "category": categories["facilities"].pk,
        "region": world.gusu.pk,
        "venue": world.venue_unit.pk,
        "content": TYPED,
        "name": "王先生",
        "phone": "13812345678",
    } | extra


def send(client, data):
    return client.post(reverse("public:feedback_submit"), data, REMOTE_ADDR="10.0.0.1")


def assert_kept(text: str) -> None:
    assert "文化馆二楼电梯坏了一个月&lt;b&gt;没人修&lt;/b&gt;" in text and "<b>没人修" not in text
    assert 'value="王先生"' in text and 'value="13812345678"' in text


def test_a_message_the_database_could_not_store_comes_back_to_be_sent_again(
    world,
    client,
    categories,
    monkeypatch,
):
    submit = services.feedback_submit

    def restarting(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "feedback_submit", restarting)
    client.get(reverse("public:feedback_submit"))
    page = send(client, message(world, categories))
    text = page.content.decode()
    assert page.status_code == 503 and page["Retry-After"] == "60"
    assert "暂时未能保存" in text and "不会重复保存" in text
    assert_kept(text)
    # The whole form again: the choices made are still chosen.
    assert f'<option value="{categories["facilities"].pk}" selected>' in text
    assert not FeedbackItem.objects.exists()

    monkeypatch.setattr(services, "feedback_submit", submit)
    data = message(world, categories)
    assert send(client, data).status_code == 302
    assert send(client, data).status_code == 302  # a second press of the button
    assert FeedbackItem.objects.count() == 1


def test_while_the_database_is_down_the_form_of_what_was_typed_needs_none(
    world,
    client,
    categories,
):
    client.get(reverse("public:feedback_submit"))

    def down(execute, sql, params, many, context):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    with connection.execute_wrapper(down):
        page = send(client, message(world, categories))
    text = page.content.decode()
    assert page.status_code == 503 and page["Retry-After"] == "60" and "暂时未能保存" in text
    assert_kept(text)
    for name, value in (("kind", "complaint"), ("region", world.gusu.pk), ("venue", world.venue_unit.pk)):
        assert f'name="{name}" value="{value}"' in text
    assert not FeedbackItem.objects.exists()

    # Sent again from that page once the database is back: stored once, as typed.
    kept = message(world, categories)
    assert send(client, kept).status_code == 302
    item = FeedbackItem.objects.get()
    assert item.content == TYPED and item.name == "王先生"


def test_a_full_disk_keeps_the_message_and_writes_nothing(world, client, categories, monkeypatch, settings):
    written = []

    def full(handle, chunk):
        handle.write(chunk[: len(chunk) // 2])  # part of the photo reached the disk before it filled up
        handle.flush()
        written.append(handle.name)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "write_chunk", full)
    client.get(reverse("public:feedback_submit"))
    photo = SimpleUploadedFile("电梯.png", PNG, content_type="image/png")
    page = send(client, message(world, categories, photos=[photo]))
    text = page.content.decode()
    assert page.status_code == 200 and written
    assert "服务器存储空间已满" in text
    assert_kept(text)
    assert not FeedbackItem.objects.exists() and not Attachment.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not [path for path in media.rglob("*") if path.is_file()], "no half-written file is left"


def test_a_photo_is_written_whole_or_not_at_all(world, settings, monkeypatch):
    """The storage writes beside the final name and renames when complete: a reader never sees a part."""
    calls = []

    def slow(handle, chunk):
        calls.append(sorted(p.name for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()))
        handle.write(chunk)

    monkeypatch.setattr(storage, "write_chunk", slow)
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("attachments/x/photo.png", ContentFile(PNG * 3))
    assert calls and all(not any(n == "photo.png" for n in seen) for seen in calls)
    assert default_storage.open(name).read() == PNG * 3


@pytest.mark.django_db(transaction=True)
def test_a_real_lost_connection_is_answered_and_the_next_request_reconnects(world, client, categories):
    """PostgreSQL dropping the site's connection (as a restart does): the message comes back to be sent again, and
    the site reconnects by itself."""
    if connection.vendor != "postgresql":
        pytest.skip("a server-side disconnection is PostgreSQL's")
    import psycopg

    client.get(reverse("public:feedback_submit"))
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    db = connection.settings_dict
    with psycopg.connect(
        dbname=db["NAME"],
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        autocommit=True,
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    page = send(client, message(world, categories))
    text = page.content.decode()
    assert page.status_code == 503 and "暂时未能保存" in text
    assert_kept(text)
    # The whole form: the page reconnected to draw it.
    assert f'<option value="{categories["facilities"].pk}" selected>' in text
    assert send(client, message(world, categories)).status_code == 302
    assert FeedbackItem.objects.count() == 1
