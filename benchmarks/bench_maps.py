"""Benchmark: interactive maps at scale — Python generation time, page size and time-to-interactive in Chromium.

One synthetic corpus (10,000 tasks by default, cached under ~/.cache/fengong/bench) gives maps of
about 500, 2,000 and 10,000 nodes: the ``network`` map of the year whose network is nearest each size
(and of the whole corpus) with ``node_budget`` above its size, so nothing is aggregated; then the whole
network at the default budget (800 nodes: units only, the rest merged) and the coordination map at a
budget of 300. For each map:

* generation: ``build_map`` + ``map_html`` (seconds; best of ``--repeat``);
* HTML: the page's size in MB;
* time to interactive: headless Chromium (Debian's ``/usr/bin/chromium`` driven by Playwright, launched
  as ``tests/browser_fixture.py`` does), from ``page.goto(file://…)`` until the page's
  ``window.fengongMap.ready`` flag (set on vis-network's first ``afterDrawing``); also the page's own
  ``readyAt`` (ms after navigation start, ``performance.now()``);
* click: the biggest node on screen (of the 200 biggest) is clicked with the mouse and the time until vis-network reports it
  selected is measured (the page answers input); then the time from moving onto it until its own tooltip shows.

Run ``python benchmarks/bench_maps.py`` (about 2 minutes); prints a Markdown table and the load average.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

CHROMIUM = os.environ.get("FENGONG_CHROMIUM", "/usr/bin/chromium")
READY = "window.fengongMap && window.fengongMap.ready"


def _graph(tasks: int):
    try:
        from common import corpus_graph
    except ImportError:  # benchmarks/common.py absent: build the corpus here
        from fengong.build import build_paths
        from fengong.graph.assemble import build_graph
        from fengong.synth import synthesize

        out = Path.home() / ".cache" / "fengong" / "bench" / f"synth-{tasks}-0"
        if not (out / ".complete").exists():
            synthesize(tasks, out, seed=0)
            (out / ".complete").write_text("ok")
        return build_graph(build_paths([out / "docs"]))
    return corpus_graph(tasks)[0]


def _cases(kg, targets=(500, 2000)):
    """(label, kind, kwargs) of the maps to measure."""
    from fengong.viz.maps import _selected, _tasks_graph_size

    years = sorted({t.props["year"] for t in kg.nodes_of("Task") if t.props.get("year")})
    size = {y: _tasks_graph_size(kg, _selected(kg, y)) for y in years}
    cases = []
    for target in targets:
        y = min(years, key=lambda y: (abs(size[y] - target), y))
        cases.append((f"network {y}", "network", {"year": y, "node_budget": size[y] + 1}))
    whole = _tasks_graph_size(kg, _selected(kg, None))
    cases.append(("network, all years", "network", {"node_budget": whole + 1}))
    cases.append(("network, all years, budget 800", "network", {"node_budget": 800}))
    cases.append(("coordination, budget 300", "coordination", {"node_budget": 300}))
    return cases


def _generate(kg, kind, kw, repeat):
    from fengong.viz.maps import build_map
    from fengong.viz.page import map_html

    best = None
    for _ in range(repeat):
        t = time.perf_counter()
        g = build_map(kg, kind, **kw)
        page = map_html(g, kg)
        took = time.perf_counter() - t
        best = took if best is None else min(best, took)
    return g, page, best


_CLICK_TARGET = """(() => {
  // the biggest node whose centre is on screen and not covered by another (getNodeAt scans every node:
  // only the 200 biggest are tried)
  const m = window.fengongMap, net = m.network, box = document.getElementById('map').getBoundingClientRect();
  const big = m.nodeView.get().sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : 1)).slice(0, 200);
  for (const n of big) {
    const p = net.canvasToDOM(net.getPositions([n.id])[n.id]);
    if (p.x < 20 || p.y < 20 || p.x > box.width - 20 || p.y > box.height - 20) continue;
    if (net.getNodeAt(p) === n.id) return {id: n.id, size: n.size, x: p.x + box.left, y: p.y + box.top};
  }
  return null;
})()"""


def _interactive(browser, path: Path, timeout_ms: float = 120_000) -> dict:
    context = browser.new_context(viewport={"width": 1600, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: errors.append(str(err)))
    try:
        t = time.perf_counter()
        page.goto(path.resolve().as_uri(), wait_until="commit", timeout=timeout_ms)
        page.wait_for_function(READY, timeout=timeout_ms, polling=20)
        tti = time.perf_counter() - t
        ready_at = page.evaluate("window.fengongMap.readyAt")
        target = page.evaluate(_CLICK_TARGET)
        click = hover = None
        if target:
            t = time.perf_counter()
            page.mouse.click(target["x"], target["y"])
            page.wait_for_function(
                f"window.fengongMap.network.getSelectedNodes()[0] === {target['id']!r}", timeout=timeout_ms, polling=10
            )
            click = time.perf_counter() - t
            corner = page.locator("#map").bounding_box()  # an empty corner of the map: the tooltip goes
            page.mouse.move(corner["x"] + 3, corner["y"] + 3)
            page.mouse.move(corner["x"] + 4, corner["y"] + 4)
            page.wait_for_function(
                """(() => { const tip = document.querySelector('div.vis-tooltip');
                return !tip || tip.style.visibility === 'hidden'; })()""",
                timeout=timeout_ms,
                polling=10,
            )
            page.mouse.move(target["x"], target["y"])
            t = time.perf_counter()
            page.wait_for_function(
                f"""(() => {{ const tip = document.querySelector('div.vis-tooltip');
                return tip && tip.style.visibility !== 'hidden'
                       && tip.textContent === window.fengongMap.nodes.get({target["id"]!r}).tip; }})()""",
                timeout=timeout_ms,
                polling=10,
            )
            hover = time.perf_counter() - t  # includes vis-network's tooltipDelay (150 ms)
        return {"tti": tti, "ready_at": ready_at / 1000, "click": click, "hover": hover, "errors": errors}
    finally:
        context.close()


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tasks", type=int, default=10_000, help="synthetic corpus size (default 10,000 tasks)")
    ap.add_argument("--repeat", type=int, default=1, help="generation runs per map (best kept)")
    ap.add_argument("--keep", type=Path, help="write the pages into this folder")
    args = ap.parse_args(argv)

    from playwright.sync_api import sync_playwright

    t = time.perf_counter()
    kg = _graph(args.tasks)
    print(f"graph of {args.tasks:,} synthetic tasks: {time.perf_counter() - t:.1f} s", file=sys.stderr)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="fengong-bench-maps-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            for i, (label, kind, kw) in enumerate(_cases(kg)):
                g, page, gen = _generate(kg, kind, kw, args.repeat)
                path = folder / f"map-{i}.html"
                path.write_bytes(page.encode("utf-8"))
                r = _interactive(browser, path)
                rows.append(
                    {
                        "label": label,
                        "nodes": g.number_of_nodes(),
                        "edges": g.number_of_edges(),
                        "aggregated": g.graph["aggregated"],
                        "gen": gen,
                        "mb": path.stat().st_size / 1e6,
                        **r,
                    }
                )
                print(f"{label}: {rows[-1]}", file=sys.stderr)
        finally:
            browser.close()
    load = os.getloadavg()
    print(
        f"\nload average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores;"
        f" chromium {CHROMIUM}; corpus {args.tasks:,} synthetic tasks\n"
    )
    print(
        "| map | nodes | edges | aggregated | generation s | HTML MB | interactive s (goto → drawn) | page readyAt s"
        " | click → selected s | hover → tooltip s | console errors |"
    )
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        ms = lambda x: f"{x:.2f}" if x is not None else "–"  # noqa: E731
        agg = "yes" if r["aggregated"] else "no"
        print(
            f"| {r['label']} | {r['nodes']:,} | {r['edges']:,} | {agg} | {r['gen']:.2f}"
            f" | {r['mb']:.1f} | {r['tti']:.2f} | {r['ready_at']:.2f} | {ms(r['click'])} | {ms(r['hover'])}"
            f" | {len(r['errors'])} |"
        )
    if not args.keep:
        for f in folder.iterdir():
            f.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
