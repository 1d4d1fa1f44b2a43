"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Chromium is never downloaded: the tests launch /usr/bin/chromium. Without it they are skipped, except in CI
(REQUIRE_BROWSER=1), where a missing browser fails the run. Every page a test opens is watched: a CSP
violation, a JavaScript error or a static file that fails to load fails the test.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run in a thread with an
# event loop unless told that this is deliberate. Only the test process is affected.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE.parent.parent / "test-artifacts" / "screenshots"
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
# Chromium reports the HTTP status of every failed load on the console; tests check a document's status
# themselves, and failed subresources are caught from the responses.
FAILED_LOAD = re.compile(r"^Failed to load resource: the server responded with a status of \d+")


def _browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER") == "1"


def pytest_collection_modifyitems(config, items):
    missing = not CHROMIUM.exists()
    for item in items:
        if HERE not in Path(str(item.path)).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if missing and not _browser_required():
            item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} is missing (apt-get install chromium)"))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: browser tests are mandatory in CI", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if _browser_required():
            pytest.fail("playwright is not installed: browser tests are mandatory in CI", pytrace=False)
        pytest.skip("playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _browser_settings(settings):
    # The language cookie follows SECURE_COOKIES (on unless DEBUG); the live server speaks plain HTTP.
    settings.LANGUAGE_COOKIE_SECURE = False


@pytest.fixture
def browser_world(transactional_db, world):
    """The standard test jurisdiction, committed so that the live server's thread sees it."""
    return world


class PageProblems:
    """CSP violations, JavaScript errors and failed subresources seen by the pages of one test."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def watch(self, page) -> None:
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self.problems.append(f"JavaScript error on {page.url}: {error}"))
        page.on("response", self._response)

    def _console(self, page, message) -> None:
        if message.type != "error" or FAILED_LOAD.match(message.text):
            return
        kind = "CSP violation" if "Content Security Policy" in message.text else "console error"
        self.problems.append(f"{kind} on {page.url}: {message.text}")

    def _response(self, response) -> None:
        kind = response.request.resource_type
        if response.status >= 400 and kind != "document":
            self.problems.append(f"{kind} {response.url} answered {response.status}")


@pytest.fixture
def page_problems():
    problems = PageProblems()
    yield problems
    if problems.problems:
        pytest.fail("The browser reported problems:\n" + "\n".join(problems.problems), pytrace=False)


def _open_page(browser, page_problems, options):
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", reduced_motion="reduce", **options
    )
    context.set_default_timeout(10_000)
    context.on("page", page_problems.watch)
    return context, context.new_page()


@pytest.fixture
def page(browser, page_problems, live_server):
    context, new_page = _open_page(browser, page_problems, DESKTOP)
    yield new_page
    context.close()


@pytest.fixture
def phone_page(browser, page_problems, live_server):
    context, new_page = _open_page(browser, page_problems, PHONE)
    yield new_page
    context.close()


def login(page, live_server, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real login form and wait for the workbench."""
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(live_server.url + reverse("cockpit:workbench"))


def force_login(page, live_server, user) -> None:
    """Sign in without the form, for tests about what a signed-in person sees rather than signing in."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def screenshot(page, name: str) -> Path:
    """Save a full-page PNG under test-artifacts/screenshots/ (gitignored) for people to look at.

    Headless Chromium now and then fails to capture a frame on a loaded machine ("Unable to capture
    screenshot", seen once in CI); that is the renderer, not the page, so the capture is tried again on the
    next frames. Any other error, or a third failure, fails the test.
    """
    from playwright.sync_api import Error as PlaywrightError

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    for attempt in range(3):
        try:
            page.screenshot(path=str(path), full_page=True)
            return path
        except PlaywrightError as error:
            if "Unable to capture screenshot" not in str(error) or attempt == 2:
                raise
            page.wait_for_timeout(500)
    return path


def url(live_server, name: str, *args) -> str:
    return live_server.url + reverse(name, args=args)
