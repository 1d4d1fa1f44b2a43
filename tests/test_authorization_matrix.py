"""The authorization matrix: every view and API endpoint, every form's write, for every persona plus an outsider and
anonymous.

A unit guessing another unit's URL gets 404 (never the page); a person who may see an object but not change it gets
403; a read-only persona (the leader) is refused every write and is offered no write form. Each app lists its cases
in its own `tests/matrix.py` (CASES); the guards below fail until a new URL, form or API write is in one of them.
"""

import importlib
import inspect
import re

import pytest
from django.apps import apps
from django.core.cache import caches
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from changxiao.api import api
from changxiao.core.tests.authz import PERSONAS, Case
from changxiao.orgs.choices import READ_ONLY_ROLES, Role
from changxiao.orgs.middleware import PERSONAL_WRITES
from conftest import signed_in


def _app_cases() -> list[Case]:
    cases: list[Case] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("changxiao."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.matrix")
        except ModuleNotFoundError:
            continue
        cases.extend(module.CASES)
    return cases


CASES = _app_cases()

# URL names that need no matrix row, with the reason.
EXEMPT = {
    "login": "public sign-in page",
    "logout": "POST only; signs anyone out",
    "password_change": "acts on the signed-in person only",
    "password_change_done": "static confirmation",
    "account_security": "acts on the signed-in person only",
    "sign_in_code": "second sign-in step, bound to the session's pending sign-in",
    "set_language": "public language switch",
    "home": "a RedirectView to the workbench: it answers every method with the same redirect and changes nothing",
    "api:openapi-json": "API schema, public by design",
    "api:api-root": "API root, lists nothing",
    "api:openapi-view": "API documentation, public by design",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}
# The read-only personas of the matrix: those whose every role is read-only.
READ_ONLY_PERSONAS = {"leader"}
assert Role.LEADER in READ_ONLY_ROLES


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_matrix(case: Case, world, module_sessions):
    """Every persona and the anonymous visitor send the case's request, each in a savepoint rolled back before the
    next (what one sends never shows to another), on the objects the case made once; every wrong answer is told."""
    url = case.url(world)
    wrong = []
    for who in [*PERSONAS, "anonymous"]:
        with transaction.atomic():
            for each in caches.all():  # rate limits and cached pages of the persona before
                each.clear()
            client = Client()
            if who != "anonymous":
                signed_in(client, module_sessions[who])
            data = case.body(world)
            if case.json:
                response = getattr(client, case.method)(url, data=data, content_type="application/json")
            else:
                response = getattr(client, case.method)(url, data=data or {})
            transaction.set_rollback(True)
        if response.status_code != case.expected[who]:
            wrong.append(f"{who} got {response.status_code}, expected {case.expected[who]}")
        elif who in READ_ONLY_PERSONAS and response.status_code == 200 and case.method == "get":
            offered = _write_forms(response)
            if offered:
                wrong.append(f"{who} is offered write forms: {offered}")
    assert not wrong, f"{case.method.upper()} {url}: " + "; ".join(wrong)


def _write_forms(response) -> list[str]:
    """The actions of the POST forms of an HTML page, but for those acting on the person's own session or account
    and the public site's forms, open to anyone."""
    if "text/html" not in response.get("Content-Type", ""):
        return []
    html = response.content.decode()
    from django.urls import resolve

    offered = []
    for form in re.finditer(r"<form\b[^>]*>", html):
        tag = form.group(0)
        if not re.search(r'method="post"', tag, re.I):
            continue
        action = re.search(r'action="([^"]*)"', tag)
        target = action.group(1) if action and action.group(1) else response.request["PATH_INFO"]
        if target.startswith("#"):
            continue  # a preview that sends nothing
        match = resolve(target.split("?")[0])
        if match.view_name in PERSONAL_WRITES or match.namespace == "public":
            continue
        offered.append(target)
    return offered


def _url_patterns(resolver=None, namespace: str = ""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def test_every_url_is_in_the_matrix():
    covered = {case.url_name for case in CASES} | set(EXEMPT)
    names = {name for name, _view in _url_patterns() if not name.startswith("admin:")}
    missing = sorted(names - covered)
    assert not missing, f"add these URLs to the authorization matrix: {missing}"


def _accepts_writes(view) -> bool:
    """Whether a function view takes POST: it reads request.POST, branches on the method or requires POST."""
    if hasattr(view, "view_class"):
        return "post" in view.view_class.http_method_names and hasattr(view.view_class, "post")
    function = inspect.unwrap(view)
    source = inspect.getsource(function)
    return any(
        marker in source
        for marker in (
            'request.method == "POST"',
            "request.POST",
            "require_POST",
            'require_http_methods(["POST"',
        )
    )


def _api_operations(*, public: bool | None = None, writes: bool = False) -> set[str]:
    names = set()
    for _prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            if public is not None and path.startswith("/public/") != public:
                continue
            for operation in path_view.operations:
                if not writes or {m.lower() for m in operation.methods} & WRITE_METHODS:
                    names.add(f"api:{operation.view_func.__name__}")
    return names


def test_every_write_is_in_the_matrix():
    """A page that takes a form, and an API endpoint that changes something, has a write case: who may send it and
    what everyone else gets. A new write path fails here until it is added."""
    written = {case.url_name for case in CASES if case.method in WRITE_METHODS}
    views = {
        name
        for name, view in _url_patterns()
        if not name.startswith(("admin:", "api:")) and name not in EXEMPT and _accepts_writes(view)
    }
    missing = sorted((views | _api_operations(writes=True)) - written)
    assert not missing, f"add a write case (method='post' with a valid body) for: {missing}"


@pytest.mark.parametrize("case", [c for c in CASES if c.method in WRITE_METHODS], ids=lambda c: c.id)
def test_read_only_personas_are_refused_every_write(case: Case):
    """What the matrix expects of the leader on every write: refused (403, or 404 where it cannot see the object),
    but on the public site, open to anyone, and on what acts on the person's own inbox."""
    if (
        case.url_name.startswith("public:")
        or case.url_name in _api_operations(public=True)
        or case.url_name in PERSONAL_WRITES
    ):
        return
    for who in READ_ONLY_PERSONAS:
        assert case.expected[who] in (403, 404), f"{case.id}: {who} expected {case.expected[who]}"
