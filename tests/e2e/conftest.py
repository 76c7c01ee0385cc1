"""Fixtures for the end-to-end tests: Debian's Chromium driven by Playwright against
pytest-django's live server, one browser context per person, screenshots as test artefacts.

Playwright's sync API runs an asyncio event loop in the test thread, so Django would refuse
ORM calls made there (setup data, the database flush after the test) with
SynchronousOnlyOperation. The tests make no concurrent ORM calls, so the check is switched
off, for the e2e tests only, by `_allow_orm_next_to_the_event_loop`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
VIEWPORT = {"width": 1280, "height": 900}
# Enough for a page that renders a contract PDF in-process (eager Celery), not enough to hide
# a hung page for minutes.
TIMEOUT_MS = 20_000
DEFAULT_SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"


def screenshot_dir() -> Path:
    return Path(os.environ.get("GUICHET_E2E_SCREENSHOT_DIR") or DEFAULT_SCREENSHOT_DIR)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the test item, so a fixture knows whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def _allow_orm_next_to_the_event_loop() -> Iterator[None]:
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def chromium(_allow_orm_next_to_the_event_loop: None) -> Iterator[Any]:
    """Headless Debian Chromium (never a Playwright-downloaded browser)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _cannot_run("playwright is not installed (pip install -e '.[dev]')")
    if not CHROMIUM.exists():
        _cannot_run(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            yield browser
        finally:
            browser.close()


def _cannot_run(reason: str) -> Any:
    """Skip on a developer's machine without a browser; CI sets GUICHET_E2E_REQUIRED so a
    missing browser fails there instead of silently skipping the journey."""
    if os.environ.get("GUICHET_E2E_REQUIRED"):
        pytest.fail(f"e2e tests required but {reason}", pytrace=False)
    pytest.skip(reason)


class Screenshots:
    """Full-page PNGs of the major pages, under fixed names the user guides embed."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.taken: list[Path] = []

    def take(self, page: Any, name: str) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / name
        # No focus ring on the last field typed in: the guides show the page, not the cursor.
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        page.screenshot(path=str(path), full_page=True, clip=_down_to_the_footer(page))
        self.taken.append(path)
        return path


def _down_to_the_footer(page: Any) -> dict[str, float] | None:
    """The whole page down to its footer: some pages' documents run on below it, blank."""
    bottom = page.evaluate(
        "() => { const f = document.querySelector('footer');"
        " return f ? f.getBoundingClientRect().bottom + window.scrollY : null; }"
    )
    if not bottom:
        return None
    height = max(bottom, VIEWPORT["height"])
    return {"x": 0, "y": 0, "width": VIEWPORT["width"], "height": height}


@pytest.fixture
def screenshots() -> Screenshots:
    return Screenshots(screenshot_dir())


class People:
    """One logged-in browser context per person, so their sessions never mix."""

    def __init__(self, browser: Any, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.pages: dict[str, Any] = {}
        self.last: Any = None

    def anonymous(self) -> Any:
        return self._page("anonymous")

    def login(self, username: str, password: str) -> Any:
        page = self._page(username)
        page.goto(self.url("/accounts/login/"))
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()
        if "/accounts/login/" in page.url:
            raise AssertionError(f"{username} could not log in")
        return page

    def _page(self, key: str) -> Any:
        if key not in self.pages:
            context = self.browser.new_context(
                viewport=VIEWPORT, base_url=self.base_url, accept_downloads=True
            )
            context.set_default_timeout(TIMEOUT_MS)
            # The interface in English throughout (the FR/EN switch's cookie): the suite reads
            # English source strings, and the user guides are written in English.
            context.add_cookies([{"name": "django_language", "value": "en", "url": self.base_url}])
            page = context.new_page()
            # Whoever acts last is the page a failure screenshot shows.
            page.on("load", lambda _page, key=key: self._touch(key))
            self.pages[key] = page
        self.last = self.pages[key]
        return self.pages[key]

    def _touch(self, key: str) -> None:
        self.last = self.pages.get(key, self.last)

    def url(self, path: str) -> str:
        return self.base_url + path


@pytest.fixture
def people(chromium: Any, live_server: Any, request: pytest.FixtureRequest) -> Iterator[People]:
    crowd = People(chromium, live_server.url)
    yield crowd
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        _keep_failure(crowd, request.node.name)
    for page in crowd.pages.values():
        page.context.close()


def _keep_failure(crowd: People, test_name: str) -> None:
    """The page the failing step was on (and its HTML), named after the failing test."""
    directory = screenshot_dir()
    directory.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", test_name)
    ordered = [crowd.last] + [p for p in crowd.pages.values() if p is not crowd.last]
    for index, page in enumerate(p for p in ordered if p is not None):
        name = stem if index == 0 else f"{stem}-{index}"
        try:
            page.screenshot(path=str(directory / f"{name}.png"), full_page=True)
            (directory / f"{name}.html").write_text(page.content(), encoding="utf-8")
        except Exception as error:  # a crashed page must not hide the test's own failure
            print(f"could not keep the failure screenshot {name}: {error}")


@pytest.fixture
def pdf_file(tmp_path: Path) -> Callable[[str, str], Path]:
    """A real one-page PDF (the desk checks uploads are readable PDFs)."""

    def make(name: str, title: str) -> Path:
        from weasyprint import HTML

        path = tmp_path / name
        HTML(string=f"<h1>{title}</h1><p>Version 1.0</p>").write_pdf(str(path))
        return path

    return make
