"""Determinism and atomic replacement (issue 9).

The same inputs give byte-identical outputs whatever the order the files are given or created in and
whatever PYTHONHASHSEED (the build's own hash-seed test is in test_graph.py; here: files copied into a
folder in reverse order, and the atlas); a build that is killed or fails while writing leaves every
earlier file whole and no temporary file among the outputs, and the next run clears what a killed run
left."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fengong.data import SAMPLE_CORPUS
from fengong.testing.hostile import write_hostile_corpus

SEEDS = sorted(SAMPLE_CORPUS.glob("*.txt"))


def _fengong(*args, seed: str, cwd: Path, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": seed, "FENGONG_CACHE": "off"}  # no cached graph: really rebuild
    return subprocess.run(
        [sys.executable, "-m", "fengong.cli", *map(str, args)], env=env, cwd=cwd, capture_output=True, text=True, **kw
    )


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_build_is_the_same_whatever_order_files_were_created_in(tmp_path):
    forward, backward = tmp_path / "forward", tmp_path / "backward"
    for folder, files in ((forward, SEEDS), (backward, SEEDS[::-1])):
        folder.mkdir()
        for i, f in enumerate(files):  # creation order (and mtimes) differ between the two folders
            shutil.copy(f, folder / f.name)
            os.utime(folder / f.name, (1_700_000_000 + i, 1_700_000_000 + i))
    a = _fengong("build", "-q", forward, "--output", tmp_path / "a", seed="1", cwd=tmp_path)
    b = _fengong("build", "-q", backward, "--output", tmp_path / "b", seed="2", cwd=tmp_path)
    assert a.returncode == b.returncode == 0, a.stderr + b.stderr
    first, second = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert len(first) == 28 and first.keys() == second.keys()
    for rel in first:
        assert first[rel] == second[rel], rel


def test_atlas_is_the_same_whatever_input_order_and_hash_seed(tmp_path):
    plan, aliases = write_hostile_corpus(tmp_path / "in")
    seed_plan = SAMPLE_CORPUS / "004_d2e1d2fa9d54708a.txt"
    runs = {}
    for name, seed, inputs in (("a", "1", [plan, seed_plan]), ("b", "2", [seed_plan, plan])):
        args = [x for p in inputs for x in ("--input", p)]
        r = _fengong(
            "site",
            "--output",
            tmp_path / name,
            "--today",
            "2023-03-01",
            *args,
            "--aliases",
            aliases,
            seed=seed,
            cwd=tmp_path,
        )
        assert r.returncode == 0, r.stderr
        runs[name] = _tree(tmp_path / name)
    assert runs["a"].keys() == runs["b"].keys()
    unit_maps = [k for k in runs["a"] if k.startswith("maps/unit-")]
    assert len(unit_maps) == len([k for k in runs["a"] if k.startswith("units/") and k.endswith(".html")]) == 87
    for rel in runs["a"]:
        assert runs["a"][rel] == runs["b"][rel], rel


# ------------------------------------------------------------------ atomic replacement


def test_a_writer_failing_midway_leaves_the_earlier_files(tmp_path, seed_graph, monkeypatch):
    from fengong.graph import rdf
    from fengong.graph.export import write_graph_files
    from fengong.graph.kg import KnowledgeGraph

    out = tmp_path / "out"
    write_graph_files(seed_graph, out)
    before = _tree(out)
    real = rdf.write_rdf

    def half_then_fail(kg, fh, fmt, cached=None):
        real(kg, fh, fmt, cached)  # the whole graph written into the temporary file ...
        raise OSError("disk full")  # ... then the run fails before the rename

    monkeypatch.setattr(rdf, "write_rdf", half_then_fail)
    other = KnowledgeGraph()
    other.add_node("unit-1", "Unit", name="区财政局", kind="department", collective=False)
    with pytest.raises(OSError, match="disk full"):
        write_graph_files(other, out)
    assert _tree(out) == before  # graph.ttl untouched, nothing half-written, no temporary file
    assert not list(out.rglob(".*"))


def test_a_killed_build_leaves_whole_files_and_the_next_run_clears_up(tmp_path):
    out, new = tmp_path / "out", tmp_path / "reference"
    one = [SEEDS[-1]]
    assert _fengong("build", "-q", *one, "--output", out, seed="0", cwd=tmp_path).returncode == 0
    assert _fengong("build", "-q", *SEEDS, "--output", new, seed="0", cwd=tmp_path).returncode == 0
    old, complete = _tree(out), _tree(new)
    assert old.keys() == complete.keys() and old["graph.nt"] != complete["graph.nt"]
    env = {**os.environ, "FENGONG_CACHE": "off"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "fengong.cli", "build", "-q", *map(str, SEEDS), "--output", str(out)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    temps: list[Path] = []
    while time.monotonic() < deadline and proc.poll() is None:
        temps = [p for p in out.glob(".graph.*.tmp")]
        if temps:  # it is writing a graph file: kill it there
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.002)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL and temps, "the build finished before it could be killed"
    after = _tree(out)
    visible = {k: v for k, v in after.items() if not any(part.startswith(".") for part in k.split("/"))}
    # no temporary file under an output's name (the hidden manifest is written last, so it is the old one)
    assert visible.keys() == {k for k in old if not k.startswith(".")}
    for rel, data in visible.items():
        assert data in (old[rel], complete[rel]), rel  # each file whole: the old one or the new one
    assert any(visible[rel] == old[rel] != complete[rel] for rel in visible)  # it was killed midway
    leftovers = [k for k in after if k not in visible and k != ".fengong-manifest"]
    assert leftovers and all(k.split("/")[-1].endswith(".tmp") for k in leftovers)
    # the next run removes the killed run's temporary files and writes everything
    assert _fengong("build", "-q", *SEEDS, "--output", out, seed="0", cwd=tmp_path).returncode == 0
    assert _tree(out) == complete


def test_a_failure_in_the_forked_property_graph_writer_is_an_error_not_a_silent_gap(tmp_path, monkeypatch):
    import fengong.graph.property_graph as pg
    from fengong.errors import FengongError
    from fengong.graph.export import write_graph_files
    from fengong.graph.kg import KnowledgeGraph

    def broken(kg, fmt):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pg, "property_graph_bytes", broken)
    kg = KnowledgeGraph()
    kg.add_node("unit-1", "Unit", name="区财政局", kind="department", collective=False)
    with pytest.raises(FengongError, match="GraphML, GEXF and node-link files"):
        write_graph_files(kg, tmp_path)
    assert (tmp_path / "graph.ttl").is_file() and not (tmp_path / "graph.graphml").exists()


def test_graph_files_written_in_parallel_equal_those_written_in_one_process(tmp_path, seed_graph):
    from fengong.graph.export import write_graph_files

    par = write_graph_files(seed_graph, tmp_path / "par")
    one = write_graph_files(seed_graph, tmp_path / "one", parallel=False)
    assert [p.relative_to(tmp_path / "par") for p in par] == [p.relative_to(tmp_path / "one") for p in one]
    assert len(par) == 20
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(par, one))
