"""A body over the limit (settings.DATA_UPLOAD_MAX_MEMORY_SIZE) is answered 413 with a clear message, on every
public endpoint of the site and the API, in JSON on the API, with or without DEBUG; never a server error or a stack
trace (issue 19, point 4)."""

import json
import re

import pytest
from django.conf import settings as django_settings
from django.urls import get_resolver
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from changxiao.api import api

OVER = django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024


def _public_api_paths() -> list[str]:
    paths = api.get_openapi_schema()["paths"]
    return [
        re.sub(r"\{[^}]+\}", "1", "/api/v1" + path.removeprefix("/api/v1"))
        for path in paths
        if "/public/" in path
    ]


def _public_pages() -> list[str]:
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    routes = [route for route in walk(get_resolver().url_patterns) if route.startswith("public/")]
    return ["/" + re.sub(r"<(int:)?[^>]+>", lambda m: "1" if m.group(1) else "X1", route) for route in routes]


API_PATHS = _public_api_paths()
PAGES = _public_pages()


def test_the_endpoints_are_found():
    assert "/api/v1/public/feedback" in API_PATHS and "/public/feedback/" in PAGES and len(PAGES) > 10


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("path", API_PATHS)
def test_the_api_answers_413_in_json(path, debug, world, client, settings):
    settings.DEBUG = debug
    client.raise_request_exception = False
    body = json.dumps({"kind": "complaint", "content": "长" * (OVER // 3 + 1)})
    response = client.post(path, body, content_type="application/json")
    assert response.status_code == 413, path
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert "提交的内容过大" in detail and "5 MB" in detail
    assert "Traceback" not in response.content.decode()


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("path", PAGES)
def test_every_public_page_answers_413_with_a_page(path, debug, world, client, settings):
    settings.DEBUG = debug
    client.raise_request_exception = False
    response = client.post(path, {"content": "x" * OVER})
    assert response.status_code == 413, path
    page = response.content.decode()
    assert "提交的内容过大" in page and "Traceback" not in page and "<html" in page
    assert 'href="/public/"' in page  # the public layout, back to the public site


@pytest.mark.parametrize("debug", [False, True])
def test_a_multipart_form_with_a_field_over_the_limit_answers_413(debug, world, client, settings):
    settings.DEBUG = debug
    client.raise_request_exception = False
    photo = ("photo.jpg", b"\xff\xd8" + b"0" * 100)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/public/feedback/",
        {"content": "x" * OVER, "photo": SimpleUploadedFile(*photo, content_type="image/jpeg")},
    )
    assert response.status_code == 413
    assert "提交的内容过大" in response.content.decode()


def test_english_is_answered_in_english(world, client):
    client.raise_request_exception = False
    response = client.post(
        "/api/v1/public/feedback", "x" * OVER, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 413 and "too large" in response.json()["detail"]


def test_a_body_within_the_limit_is_read_as_before(world, client):
    response = client.post(
        "/api/v1/public/feedback", json.dumps({"content": "x" * 3000}), content_type="application/json"
    )
    assert response.status_code == 422


@hypothesis_settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    path=st.sampled_from(API_PATHS + PAGES),
    size=st.integers(min_value=0, max_value=6 * 1024 * 1024),
    content_type=st.sampled_from(["application/json", "application/x-www-form-urlencoded", "text/plain"]),
    filler=st.sampled_from(["x", "汉", "[", "=&", "\x00"]),
)
def test_no_body_up_to_6_mb_gives_a_server_error(world, client, path, size, content_type, filler):
    client.raise_request_exception = False
    body = (filler * (size // len(filler.encode()) + 1)).encode()[:size]
    response = client.post(path, body, content_type=content_type)
    assert response.status_code < 500, (path, size, content_type, filler)


def test_a_file_over_the_limit_is_not_refused_as_a_body(world, client):
    """Files are counted by the upload's own limit (ATTACHMENT_MAX_MB), not by the body limit: a 6 MB file with small
    fields reaches the form, which answers as it does."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + b"0" * OVER, content_type="application/pdf")
    response = client.post("/public/feedback/", {"content": "短", "photo": big})
    assert response.status_code == 200
