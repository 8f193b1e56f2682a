"""The atlas in a real browser (Debian chromium): search finds a unit, its link opens its page, the
unit's map opens, nothing is fetched from the internet, no console errors; screenshots saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from fengong.cli import app

SHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="module")
def atlas(tmp_path_factory):
    out = tmp_path_factory.mktemp("atlas")
    result = CliRunner().invoke(app, ["site", "--output", str(out), "--today", "2023-03-01"])
    assert result.exit_code == 0, result.output
    return out


def test_search_finds_a_unit_and_its_link_opens_its_page(browser, open_map, atlas):
    SHOTS.mkdir(parents=True, exist_ok=True)
    opened = open_map(atlas / "index.html")
    page = opened.page
    page.fill("#q", "区发改委")  # an alias: the search covers printed variants
    link = page.locator("#results a").first
    assert link.inner_text().startswith("区发展改革委")
    page.screenshot(path=str(SHOTS / "atlas-index.png"))
    link.click()
    page.wait_for_load_state()
    assert "/units/unit-" in page.url
    assert page.locator("h1").inner_text().startswith("区发展改革委")
    rows = page.locator("table tbody tr").count()
    assert rows >= 64  # 40 responsible + 24 assisting tasks, plus partner rows
    page.screenshot(path=str(SHOTS / "atlas-unit.png"), full_page=False)
    map_link = page.locator("a[href*='maps/']").first
    map_link.click()
    page.wait_for_load_state()
    assert "/maps/unit-" in page.url
    assert opened.console_errors == [] and opened.external_requests == []
