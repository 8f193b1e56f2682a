"""The briefing pictures and the atlas looked at in Chromium: every label's box as the browser lays it
out (at least 12 px high, no two overlapping), on the seeds and on a 100,000-task synthetic graph;
screenshots of each picture's page and of an atlas unit page with what must be visible on them."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from fengong.cli import app
from fengong.viz.briefing import UNIT_GROUPS, picture
from fengong.viz.slides import slide_html, slide_svg

SHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
SEED_PICTURES = {
    "unit": {"unit": "区水务局"},
    "coordination": {},
    "matrix": {},
    "official": {"official": "倪德才"},
    "workload": {},
}
#: what each picture must show: (text of the focus or title, a legend or heading)
VISIBLE = {
    "unit": ("区水务局", UNIT_GROUPS["assisting_it"]),
    "coordination": ("区生态环境局", "community"),
    "matrix": ("区水务局", "共同任务 shared tasks"),
    "official": ("区生态环境局", "tasks the official leads"),
    "workload": ("区生态环境局", "协办 assisting"),
}
_BOXES = """() => Array.from(document.querySelectorAll('text')).map(t => {
  const r = t.getBoundingClientRect();
  return {text: t.textContent, x: r.x, y: r.y, w: r.width, h: r.height,
          size: parseFloat(getComputedStyle(t).fontSize)};
})"""


def _overlaps(boxes: list[dict], tolerance: float = 1.0) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            dx = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
            dy = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
            if dx > tolerance and dy > tolerance:
                out.append((a["text"], b["text"]))
    return out


@pytest.fixture(scope="module")
def svgs(tmp_path_factory, seed_graph):
    from tests.test_maps_scale import big_kg

    out = tmp_path_factory.mktemp("slides")
    files = {}
    big = big_kg(100_000, units=400, districts=8, officials=30, documents=20)
    for corpus, kg, pictures in (
        ("seeds", seed_graph, SEED_PICTURES),
        ("100k", big, {**SEED_PICTURES, "unit": {"unit": "单位0000"}, "official": {"official": "领导00"}}),
    ):
        for kind, kw in pictures.items():
            pic = picture(kg, kind, **kw)
            path = out / f"{corpus}-{kind}.svg"
            path.write_text(slide_svg(pic), encoding="utf-8")
            files[corpus, kind] = path
            if corpus == "seeds":
                page = out / f"{kind}.html"
                page.write_text(slide_html(pic), encoding="utf-8")
                files["page", kind] = page
    return files


@pytest.mark.parametrize("corpus", ["seeds", "100k"])
@pytest.mark.parametrize("kind", list(SEED_PICTURES))
def test_labels_are_legible_and_never_overlap_in_chromium(open_map, svgs, corpus, kind):
    opened = open_map(svgs[corpus, kind], width=1920, height=1080)
    boxes = opened.page.evaluate(_BOXES)
    assert len(boxes) > 10
    assert min(b["size"] for b in boxes) >= 12 and min(b["h"] for b in boxes if b["text"].strip()) >= 12
    assert _overlaps(boxes) == []
    assert all(0 <= b["x"] and b["x"] + b["w"] <= 1920 and 0 <= b["y"] and b["y"] + b["h"] <= 1080 for b in boxes)
    assert opened.console_errors == [] and opened.external_requests == []


def test_overlap_check_finds_two_labels_drawn_on_each_other():
    a = {"text": "区水务局", "x": 100, "y": 100, "w": 60, "h": 18}
    assert _overlaps([a, {**a, "text": "区财政局", "x": 130}]) == [("区水务局", "区财政局")]
    assert _overlaps([a, {**a, "text": "区财政局", "y": 119}]) == []


@pytest.mark.parametrize("kind", list(SEED_PICTURES))
def test_each_picture_page_shows_its_focus_and_legend(open_map, svgs, kind):
    SHOTS.mkdir(parents=True, exist_ok=True)
    opened = open_map(svgs["page", kind], width=1600, height=1000)
    page = opened.page
    focus, legend = VISIBLE[kind]
    assert page.locator("svg text", has_text=focus).first.is_visible()
    assert page.locator("svg text", has_text=legend).first.is_visible()
    assert page.locator("table tbody tr").count() > 3
    page.screenshot(path=str(SHOTS / f"picture-{kind}.png"))
    assert opened.console_errors == [] and opened.external_requests == []


def test_atlas_unit_page_shows_its_picture_and_prints_whole_tasks(open_map, tmp_path):
    out = tmp_path / "atlas"
    result = CliRunner().invoke(app, ["site", "--output", str(out), "--today", "2023-03-01"])
    assert result.exit_code == 0, result.output
    page_file = next(p for p in sorted((out / "units").glob("*.html")) if "<h1>区水务局</h1>" in p.read_text("utf-8"))
    opened = open_map(page_file, width=1280, height=900)
    page = opened.page
    img = page.locator("figure.picture img")
    assert img.is_visible() and page.evaluate("document.querySelector('figure.picture img').naturalWidth") == 1920
    long_task = page.locator("details.long").first
    rest = long_task.locator(".rest")
    assert long_task.locator("summary").is_visible() and not rest.is_visible()  # collapsed on screen
    long_task.locator("summary").click()
    assert rest.is_visible()
    long_task.locator("summary").click()
    page.screenshot(path=str(SHOTS / "atlas-unit-picture.png"))
    page.emulate_media(media="print")
    assert rest.is_visible() and not img.is_visible()  # the whole task on paper, no picture
    assert not page.locator("nav").is_visible()
    assert opened.console_errors == [] and opened.external_requests == []
    # the index shows the workload ranking and the coordination picture
    index = open_map(out / "index.html", width=1280, height=900)
    sources = index.page.evaluate(
        "Array.from(document.querySelectorAll('figure.picture img')).map(i => [i.getAttribute('src'), i.naturalWidth])"
    )
    assert sources == [["maps/workload.svg", 1920], ["maps/coordination.svg", 1920]]
    assert index.console_errors == []
