"""The HTML maps in a real browser (Debian's chromium driven by Playwright; see browser_fixture.py).

Each kind of map is opened from ``file://``: no console errors, no request leaves the machine,
the vis DataSet holds every node of the built graph, the search box focuses a unit, and a
``<script>`` in a task text stays text. Screenshots go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from fengong.viz.maps import KINDS, build_map
from fengong.viz.page import write_map
from tests.test_maps import HOSTILE, SEED_ARGS, hostile_kg

SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
READY = "window.fengongMap && window.fengongMap.ready"


@pytest.mark.parametrize("kind", KINDS)
def test_map_in_browser(open_map, seed_graph, tmp_path, kind):
    kw = SEED_ARGS[kind]
    g = build_map(seed_graph, kind, **kw)
    path = write_map(seed_graph, tmp_path / f"{kind}.html", kind, **kw)
    began = time.perf_counter()
    opened = open_map(path, wait_for=READY)
    took = time.perf_counter() - began
    page = opened.page
    assert page.evaluate("window.fengongMap.nodes.length") == g.number_of_nodes()
    assert page.evaluate("window.fengongMap.network.body.data.nodes.length") == g.number_of_nodes()
    assert page.evaluate("window.fengongMap.edges.length") == g.number_of_edges()
    assert page.evaluate("document.characterSet") == "UTF-8"
    # search: a unit by name is selected and focused
    unit = next(d["label"] for _, d in sorted(g.nodes(data=True)) if d["type"] == "Unit")
    page.fill("#search", unit)
    page.press("#search", "Enter")
    focused = page.evaluate("window.fengongMap.focused")
    assert focused is not None and g.nodes[focused]["label"] == unit
    assert page.evaluate("window.fengongMap.network.getSelectedNodes()") == [focused]
    # filters: unticking a role hides its edges
    role = page.evaluate("document.querySelector('input[name=role]').value")
    before = page.evaluate("window.fengongMap.edgeView.length")
    page.uncheck(f"input[name=role][value='{role}']")
    after = page.evaluate("window.fengongMap.edgeView.length")
    assert after < before
    page.check(f"input[name=role][value='{role}']")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{kind}.png"))
    assert opened.console_errors == []
    assert opened.external_requests == []
    print(f"\n{kind}: {g.number_of_nodes()} nodes, interactive {took:.2f} s after navigation")


def test_time_to_interactive(open_map, seed_graph, tmp_path):
    """The biggest map (the whole network of the seeds): from navigation start to the first drawing."""
    path = write_map(seed_graph, tmp_path / "network.html", "network")
    opened = open_map(path, wait_for=READY)
    ms = opened.page.evaluate("window.fengongMap.readyAt")
    print(f"\nnetwork map ({path.stat().st_size / 1e6:.1f} MB): interactive {ms:.0f} ms after navigation start")
    assert ms < 15_000
    assert opened.console_errors == [] and opened.external_requests == []


def test_script_in_task_text_renders_as_text(open_map, tmp_path):
    path = write_map(hostile_kg(), tmp_path / "hostile.html", "network")
    opened = open_map(path, wait_for=READY)
    page = opened.page
    # (ends in null: Playwright would call a function the expression evaluates to)
    page.evaluate("window.alerted = false; window.alert = function () { window.alerted = true; }; null")
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("document.scripts.length") == 3  # vis-network, the data, the page's code
    # the tooltip of the task is a DOM element holding the text, as text
    tip = page.evaluate("window.fengongMap.nodes.get('task-1').title.textContent")
    assert HOSTILE in tip and "<b>标题</b>" in tip
    assert page.evaluate("window.fengongMap.nodes.get('task-1').title.children.length") == 0
    # hover the task: vis shows the tooltip; it must contain no element made from the text
    pos = page.evaluate("""(() => { const m = window.fengongMap, p = m.network.getPositions(['task-1'])['task-1'];
                           return m.network.canvasToDOM(p); })()""")
    box = page.locator("#map").bounding_box()
    page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    assert HOSTILE in page.inner_text("div.vis-tooltip")
    assert page.evaluate("document.querySelectorAll('div.vis-tooltip script, div.vis-tooltip img').length") == 0
    assert page.evaluate("window.alerted") is False
    assert opened.console_errors == [] and opened.external_requests == []


def test_big_map_becomes_ready(open_map, tmp_path):
    """A 2,000-node map (random province-shaped graph, nothing aggregated): drawn, no console errors,
    a click on a node selects it."""
    from tests.test_maps_scale import big_kg

    kg = big_kg(1780, units=200)
    g = build_map(kg, "network", node_budget=5000)
    assert 1950 <= g.number_of_nodes() <= 2050 and not g.graph["aggregated"]
    path = write_map(kg, tmp_path / "big.html", "network", node_budget=5000)
    opened = open_map(path, wait_for=READY, timeout=30_000)
    page = opened.page
    assert page.evaluate("window.fengongMap.nodes.length") == g.number_of_nodes()
    unit = max((d["tasks"], n) for n, d in g.nodes(data=True) if d["type"] == "Unit")[1]
    pos = page.evaluate(f"""(() => {{ const net = window.fengongMap.network;
                            return net.canvasToDOM(net.getPositions([{unit!r}])[{unit!r}]); }})()""")
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    page.wait_for_function("window.fengongMap.network.getSelectedNodes().length === 1", timeout=10_000)
    ms = page.evaluate("window.fengongMap.readyAt")
    print(f"\n{g.number_of_nodes()} nodes, {g.number_of_edges()} edges: drawn {ms:.0f} ms after navigation start")
    assert opened.console_errors == [] and opened.external_requests == []


def test_aggregated_map_in_browser(open_map, seed_graph, tmp_path):
    """The seeds' network at a budget of 60: units only, merged groups; the note is on the page."""
    g = build_map(seed_graph, "network", node_budget=60)
    path = write_map(seed_graph, tmp_path / "agg.html", "network", node_budget=60)
    opened = open_map(path, wait_for=READY)
    page = opened.page
    assert page.evaluate("window.fengongMap.nodes.length") == g.number_of_nodes() <= 60
    assert "超过上限 60" in page.inner_text("#note") and "budget of 60" in page.inner_text("#note")
    merged = page.evaluate("window.fengongMap.nodes.get().filter(n => n.id.startsWith('merged:')).length")
    assert merged == sum(1 for _, d in g.nodes(data=True) if d.get("merged")) > 0
    assert opened.console_errors == [] and opened.external_requests == []
