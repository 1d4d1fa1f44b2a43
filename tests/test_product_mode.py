"""The product as the public and the staff meet it (DEBUG off): error pages in their language and layout without
any of Django's debugging output, the platform's name (never the host's), the public landing page, and `make run`
serving all of this through gunicorn."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import path, reverse

import changxiao.urls as project_urls
from changxiao.core import navigation
from changxiao.core.navigation import PublicEntry

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_NAME = "国家公共文化服务体系示范区长效管理平台"
# What Django's debugging pages show and a product page never does.
DEBUG_MARKS = ("URLconf", "Traceback", "DEBUG", "settings.py", "Request Method", "Using the URLconf")
PUBLIC_BODY = '<body class="public">'


def _no_debug_output(html: str) -> None:
    for mark in DEBUG_MARKS:
        assert mark not in html, mark
    # No file paths of the server (source, virtualenv, data directory).
    assert str(ROOT) not in html
    assert not re.search(r"/[\w.-]+/[\w./-]+\.py\b", html)
    assert "site-packages" not in html


# --- A URL configuration with views that fail, for the server-error page --------------------------------------


class DatabaseDown(OperationalError):
    pass


def _database_down(request):
    raise DatabaseDown("could not connect to server: Connection refused")


urlpatterns = [
    path("public/boom/", _database_down),
    path("targets/boom/", _database_down),
    path("api/v1/boom/", _database_down),
    *project_urls.urlpatterns,
]
handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500


@pytest.fixture
def failing_site(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    return client


# --- Not found, not allowed, server error ---------------------------------------------------------------------


def test_a_missing_public_page_answers_the_public_not_found_page(db, client, settings):
    settings.DEBUG = False

    response = client.get("/public/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "未找到" in html and PUBLIC_BODY in html
    assert f'href="{reverse("public:home")}"' in html
    assert "settings" not in html
    _no_debug_output(html)


def test_a_missing_staff_page_answers_the_staff_not_found_page(db, client, settings, world, login):
    settings.DEBUG = False

    anonymous = client.get("/targets/no-such-page/")

    assert anonymous.status_code == 404
    html = anonymous.content.decode()
    assert "未找到" in html and PUBLIC_BODY not in html and 'class="app"' in html
    assert f'href="{reverse("login")}"' in html  # someone not signed in is offered the sign-in
    assert "settings" not in html
    _no_debug_output(html)

    signed_in = login(world.member).get("/targets/no-such-page/")

    assert signed_in.status_code == 404
    html = signed_in.content.decode()
    assert "未找到" in html and 'id="sidebar"' in html  # the staff menu stays
    assert "返回工作台" in html
    _no_debug_output(html)


def test_a_page_another_role_may_not_open_answers_the_staff_forbidden_page(db, world, login, settings):
    settings.DEBUG = False

    response = login(world.member).get(reverse("core:calendar"))

    assert response.status_code == 403
    html = response.content.decode()
    assert "无权访问" in html and 'id="sidebar"' in html
    _no_debug_output(html)


def test_a_form_sent_without_its_token_answers_how_to_send_it_again(db, settings):
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("public:feedback_submit"), {"content": "图书馆开放时间太短"})

    assert response.status_code == 403
    html = response.content.decode()
    assert "表单已失效" in html and "重新提交" in html and PUBLIC_BODY in html
    assert "CSRF" not in html
    _no_debug_output(html)


def test_too_many_requests_on_a_public_page_keep_the_public_layout(db, client, settings, monkeypatch):
    import changxiao.core.ratelimit as ratelimit

    settings.DEBUG = False
    monkeypatch.setattr(ratelimit, "hit", lambda *args, **kwargs: False)

    response = client.get(reverse("public:home"))

    assert response.status_code == 429
    html = response.content.decode()
    assert "请求过于频繁" in html and PUBLIC_BODY in html


# No `db` fixture: any query made while answering fails the test, as it would with the database down.
@pytest.mark.parametrize(("url", "public"), [("/public/boom/", True), ("/targets/boom/", False)])
def test_the_server_error_page_needs_no_database(failing_site, url, public):
    response = failing_site.get(url)

    assert response.status_code == 500
    html = response.content.decode()
    assert "系统错误" in html and "请几分钟后再试" in html
    assert (PUBLIC_BODY in html) is public
    assert "DatabaseDown" not in html and "Connection refused" not in html
    _no_debug_output(html)


def test_the_api_answers_its_errors_in_json(db, client, failing_site, settings):
    settings.DEBUG = False

    missing = client.get("/api/v1/no-such-endpoint/")
    failed = failing_site.get("/api/v1/boom/")

    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"
    assert missing.json()["detail"]
    assert failed.status_code == 500 and failed["Content-Type"] == "application/json"
    assert "Connection refused" not in failed.json()["detail"]


def test_a_refused_api_write_answers_in_json(world, client, settings):
    """The leader's writes are refused by a middleware raising PermissionDenied, outside the API's own handlers."""
    settings.DEBUG = False
    client.force_login(world.leader)

    response = client.post("/api/v1/tasks/1/reports", {}, content_type="application/json")

    assert response.status_code == 403 and response["Content-Type"] == "application/json"


# --- The platform's name ----------------------------------------------------------------------------------------


def test_the_sign_in_page_shows_the_platforms_name_and_never_the_host(db, client, settings):
    settings.ALLOWED_HOSTS = ["culture.example.gov.cn"]

    response = client.get(reverse("login"), HTTP_HOST="culture.example.gov.cn")

    html = response.content.decode()
    assert f'<h1 class="h4 mb-1">{DEFAULT_NAME}</h1>' in html
    assert f"<title>登录 · {DEFAULT_NAME}</title>" in html
    assert "culture.example.gov.cn" not in html
    assert f'href="{reverse("public:home")}"' in html  # a citizen who lands here finds the public site


def test_site_name_names_the_platform_everywhere(db, client, settings, world, login):
    settings.SITE_NAME = "苏州市公共文化服务长效管理平台"
    settings.SITE_SHORT_NAME = "苏州长效管理"

    sign_in = client.get(reverse("login")).content.decode()
    public = client.get(reverse("public:feedback_submit")).content.decode()
    staff = login(world.office).get(reverse("cockpit:workbench")).content.decode()

    for html in (sign_in, public, staff):
        assert "苏州市公共文化服务长效管理平台</title>" in html
        assert DEFAULT_NAME not in html
    assert '<h1 class="h4 mb-1">苏州市公共文化服务长效管理平台</h1>' in sign_in
    assert '<span class="brand-text d-sm-none">苏州长效管理</span>' in staff  # a phone's header


def test_without_a_short_name_a_phone_shows_the_site_name_or_the_generic_one(db, client, settings):
    assert (
        '<span class="brand-text d-sm-none">示范区长效管理</span>'
        in client.get(reverse("login")).content.decode()
    )

    settings.SITE_NAME = "苏州长效管理"

    assert (
        '<span class="brand-text d-sm-none">苏州长效管理</span>'
        in client.get(reverse("login")).content.decode()
    )


def test_the_default_name_is_in_the_readers_language(db, client):
    client.cookies["django_language"] = "en"

    html = client.get(reverse("login")).content.decode()

    assert "National Public Cultural Service System Demonstration Zone Long-term Management Platform" in html


# --- The public landing page ------------------------------------------------------------------------------------


def test_the_public_landing_page_lists_every_registered_entry(db, client, monkeypatch):
    monkeypatch.setitem(
        navigation._PUBLIC_ENTRIES,
        "core:healthz",
        PublicEntry(
            label="新开的公众服务", description="一项刚登记的服务", url_name="core:healthz", order=999
        ),
    )

    response = client.get(reverse("public:home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert PUBLIC_BODY in html and f'<h1 class="h4">{DEFAULT_NAME}</h1>' in html
    entries = navigation.public_entries()
    for entry in entries:
        assert f'href="{entry["url"]}">{entry["label"]}</a>' in html
        assert str(entry["description"]) in html
    assert "新开的公众服务" in html and "一项刚登记的服务" in html
    # Each app's own public pages are among them.
    urls = {entry["url"] for entry in entries}
    for name in (
        "public:feedback_submit",
        "public:feedback_lookup",
        "public:survey_results_list",
        "public:public_bulletin_list",
    ):
        assert reverse(name) in urls, name
    assert "<script" not in html and "style=" not in html  # the CSP allows neither inline


def test_every_public_page_leads_back_to_the_landing_page(db, client):
    for name in ("public:feedback_submit", "public:feedback_lookup", "public:public_bulletin_list"):
        html = client.get(reverse(name)).content.decode()
        header = html.split("<header", 1)[1].split("</header>", 1)[0]
        assert f'href="{reverse("public:home")}"' in header, name


# --- make run: the served product -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (a local URL)
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def _descendants(pid: int) -> list[int]:
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="make run serves the embedded SQLite whatever DATABASE_URL says (the test clears it): run once, in the "
    "SQLite suite, not again in the PostgreSQL one",
)
@pytest.mark.slow
def test_make_run_serves_the_product(tmp_path):
    """The exact command `make run` runs (scripts/serve product) against an empty data directory: keys made once,
    demo data, static files through WhiteNoise, the product's error pages, cookies a browser keeps over plain
    HTTP, and Ctrl-C stopping the server, the background worker and the sweep."""
    pytest.importorskip("gunicorn", reason="gunicorn cannot start here")
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run: .*\n\t\$\(SERVE\) product$", makefile, re.M), (
        "make run no longer calls scripts/serve"
    )
    assert not re.search(r"^\s*export\s+DEBUG", makefile, re.M), "the Makefile must not turn DEBUG on for all"

    port = _free_port()
    data_dir = tmp_path / "data"
    environment = {
        key: value
        for key, value in os.environ.items()
        if key.split("_FILE")[0]
        not in {"DEBUG", "SECRET_KEY", "PERSONAL_DATA_KEY", "DATABASE_URL", "REDIS_URL"}
        and not key.startswith(("PYTEST", "DJANGO"))
    }
    environment |= {"DATA_DIR": str(data_dir), "HOST": "127.0.0.1", "PORT": str(port), "PY": sys.executable}
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [str(ROOT / "scripts/serve"), "product"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # Migrating and loading every app's demo before serving: ~40 s on an idle machine, over 120 s once under a
        # load average of 13 on two cores. A bound for a hang, not a timing check.
        deadline = time.monotonic() + 300
        while True:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            try:
                status, _headers, _body = _get(f"{base}/healthz")
                if status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()[-3000:]
            time.sleep(0.5)

        for url in ("/public/no-such-page/", "/targets/no-such-page/"):
            status, _headers, html = _get(base + url)
            assert status == 404, url
            assert "未找到" in html, url
            _no_debug_output(html)

        status, headers, html = _get(f"{base}/accounts/login/")
        assert status == 200 and DEFAULT_NAME in html and f"127.0.0.1:{port}" not in html
        assert "演示数据" in html  # the demo data set is loaded
        cookie = headers.get("Set-Cookie", "")
        assert "csrftoken=" in cookie and "Secure" not in cookie  # kept by a browser on plain HTTP

        # Static files are collected (names carry their content's hash) and served by the application.
        stylesheet = re.search(r'href="(/static/css/changxiao\.[0-9a-f]{12}\.css)"', html)
        assert stylesheet, "static files are not the collected, hashed ones"
        status, headers, css = _get(base + stylesheet.group(1))
        assert status == 200 and "max-age" in headers.get("Cache-Control", "")

        for key in ("secret_key", "personal_data_key"):
            key_file = data_dir / key
            assert key_file.stat().st_mode & 0o777 == 0o600, key
        assert (data_dir / "sweep.log").exists() and (data_dir / "worker.log").exists()
        keys_before = {key: (data_dir / key).read_text() for key in ("secret_key", "personal_data_key")}

        processes = _descendants(server.pid)
        commands = [
            Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode() for pid in processes
        ]
        assert any("sweep --loop 60 --enqueue" in command for command in commands), commands
        assert any("db_worker" in command for command in commands), commands
        assert any("gunicorn" in command for command in commands), commands
        os.killpg(server.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground process group
        server.wait(timeout=30)
        time.sleep(0.5)
        assert not [pid for pid in processes if _alive(pid)], "Ctrl-C left a process running"

        # The keys are kept for the next run (the personal-data key decrypts what the database holds).
        subprocess.run(
            [str(ROOT / "scripts/serve"), "keys"], cwd=ROOT, env=environment, check=True, capture_output=True
        )
        assert keys_before == {key: (data_dir / key).read_text() for key in keys_before}
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        log.close()


def test_only_make_dev_turns_debug_on():
    """`make dev` is the only way to DEBUG: the script's development mode sets it, its product mode turns it off."""
    script = (ROOT / "scripts/serve").read_text()
    product = script.split("  product)", 1)[1].split(";;", 1)[0]
    dev = script.split("  dev)", 1)[1].split(";;", 1)[0]
    assert "export DEBUG=0" in product and "gunicorn" in product and "collectstatic" in product
    assert "export DEBUG=1" in dev and "runserver" in dev
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^dev: .*\n\t\$\(SERVE\) dev$", makefile, re.M)
    assert "DEBUG=1" not in makefile


def test_the_served_application_keeps_its_startup_objects_out_of_the_collectors_scans(db):
    """changxiao/wsgi.py freezes what the process holds once started (gc.freeze): a full collection no longer
    pauses a request to scan every module, URL and view of the platform."""
    import gc

    import changxiao.wsgi  # noqa: F401

    assert gc.get_freeze_count() > 10_000
