"""A headless Chromium for tests of the HTML maps (pytest plugin, registered in conftest.py).

Playwright drives Debian's own ``/usr/bin/chromium`` (``make test`` installs it when missing);
Playwright's downloaded browsers are never used. Without chromium or playwright the browser tests
skip, unless ``FENGONG_REQUIRE_BROWSER=1`` (as in CI), when they fail.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("FENGONG_CHROMIUM", "/usr/bin/chromium")


def _unavailable(reason: str):
    if os.environ.get("FENGONG_REQUIRE_BROWSER") == "1":
        pytest.fail(f"FENGONG_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """A Playwright Browser on Debian's chromium (session-scoped)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).exists():
        _unavailable(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        except Exception as e:  # noqa: BLE001 - any launch failure is the same story
            _unavailable(f"chromium does not start: {e}")
        yield b
        b.close()


@dataclass
class OpenedPage:
    """A page opened by :func:`open_page`, with what it logged and asked for."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.page.context.close()


def open_page(
    browser,
    path: str | Path,
    *,
    width: int = 1600,
    height: int = 900,
    wait_for: str | None = None,
    timeout: float = 20_000,
) -> OpenedPage:
    """Open ``path`` as a ``file://`` URL in a fresh context, recording console errors, page errors
    and every request whose URL is not ``file:``, ``data:`` or ``about:`` (such requests are
    aborted, so a page that needs the internet fails visibly instead of hanging)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    opened = OpenedPage(page)

    def on_console(msg):
        if msg.type == "error":
            opened.console_errors.append(msg.text)

    def on_route(route):
        url = route.request.url
        if url.split(":", 1)[0] in ("file", "data", "about", "blob"):
            route.continue_()
        else:
            opened.external_requests.append(url)
            route.abort()

    page.on("console", on_console)
    page.on("pageerror", lambda err: opened.console_errors.append(f"pageerror: {err}"))
    context.route("**/*", on_route)
    page.goto(Path(path).resolve().as_uri(), wait_until="load", timeout=timeout)
    if wait_for:
        page.wait_for_function(wait_for, timeout=timeout)
    return opened


@pytest.fixture
def open_map(browser):
    """``open_map(path, **kw)`` → :class:`OpenedPage`; every page is closed after the test."""
    pages: list[OpenedPage] = []

    def opener(path, **kw):
        opened = open_page(browser, path, **kw)
        pages.append(opened)
        return opened

    yield opener
    for p in pages:
        p.close()
