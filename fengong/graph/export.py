"""Writing the graph in every form: RDF (Turtle, N-Triples, JSON-LD), property graph (GraphML,
GEXF, node-link JSON), tables (CSV), and the ontology files beside them.

>>> import tempfile, pathlib
>>> from fengong.graph.kg import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> kg.add_node("unit-1", "Unit", name="区财政局", kind="department", collective=False)
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> [p.name for p in write_graph_files(kg, out)][:3]
['graph.ttl', 'graph.nt', 'graph.jsonld']
"""

from __future__ import annotations

import os
import signal
import sys
from importlib import resources
from pathlib import Path

from fengong.errors import FengongError
from fengong.files import atomic_stream, atomic_write
from fengong.graph.kg import KnowledgeGraph

__all__ = ["GRAPH_FORMATS", "graph_bytes", "write_graph", "write_graph_files"]

# format -> (file suffix, writer family)
GRAPH_FORMATS = {"ttl": "rdf", "nt": "rdf", "jsonld": "rdf", "graphml": "pg", "gexf": "pg", "json": "pg"}


def graph_bytes(kg: KnowledgeGraph, fmt: str, cached=None) -> bytes:
    """The graph serialised in ``fmt`` (one of :data:`GRAPH_FORMATS`)."""
    from fengong.graph.property_graph import property_graph_bytes
    from fengong.graph.rdf import to_bytes

    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"unknown graph format {fmt!r}; choose one of {', '.join(GRAPH_FORMATS)}")
    return to_bytes(kg, fmt, cached) if GRAPH_FORMATS[fmt] == "rdf" else property_graph_bytes(kg, fmt)


def write_graph(kg: KnowledgeGraph, path: str | Path, fmt: str | None = None, cached=None) -> Path:
    """Write the graph to ``path`` in ``fmt`` (default: from the suffix), atomically.

    RDF is streamed to the file (a large graph is never one bytes object); ``cached`` may hold
    the graph's triples (``list(triples(kg))``) to reuse across RDF formats.
    """
    from fengong.graph.rdf import write_rdf

    fmt = fmt or Path(path).suffix.lstrip(".")
    if GRAPH_FORMATS.get(fmt) == "rdf" and fmt != "jsonld":
        with atomic_stream(path) as fh:
            write_rdf(kg, fh, fmt, cached)
        return Path(path)
    return atomic_write(path, graph_bytes(kg, fmt, cached))


def write_graph_files(kg: KnowledgeGraph, folder: str | Path, parallel: bool = True) -> list[Path]:
    """Every graph form into ``folder``: ``graph.<fmt>``, ``tables/*.csv`` and ``ontology/``.

    With ``parallel`` (and a fork-capable system with two cores or more), a forked child writes
    the property-graph forms (GraphML, GEXF, node-link JSON: networkx's writers, about half the
    time) while this process writes RDF and the tables; each file is still written atomically.
    """
    from fengong.graph.tables import write_tables

    folder = Path(folder)
    pg = [f for f, family in GRAPH_FORMATS.items() if family == "pg"]
    # the child writes hidden staged files (named like atomic_stream's temporaries, so a killed
    # run's are swept); they replace the earlier run's files only once this process has succeeded
    staged = {f: folder / f".graph.{f}.{os.getpid()}.staged.tmp" for f in pg}
    child = _fork(lambda: [write_graph(kg, staged[f], f) for f in pg]) if parallel else None
    try:
        written = {f: write_graph(kg, folder / f"graph.{f}", f) for f in GRAPH_FORMATS if f not in pg or child is None}
        paths = write_tables(kg, folder / "tables")
        onto = resources.files("fengong.ontology")
        for name in ("fengong.ttl", "shapes.ttl", "context.jsonld"):
            paths.append(atomic_write(folder / "ontology" / name, onto.joinpath(name).read_bytes()))
    except BaseException:
        if child is not None:
            _stop(child)
            for p in staged.values():
                p.unlink(missing_ok=True)
        raise
    if child is not None:
        try:
            _wait(child, "the GraphML, GEXF and node-link files")
        except BaseException:
            for p in staged.values():
                p.unlink(missing_ok=True)
            raise
        for f in pg:
            os.replace(staged[f], folder / f"graph.{f}")
            written[f] = folder / f"graph.{f}"
    return [written[f] for f in GRAPH_FORMATS] + paths


def _fork(work) -> int | None:
    """Run ``work`` in a forked child (None where there is no fork or only one core)."""
    if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return None
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        _die_with(parent)  # a killed build must not leave a helper writing into the folder after it
        work()
        code = 0
    except BaseException as exc:  # the parent fails on it; the child must never return into the caller
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
    finally:
        os._exit(code)


def _die_with(parent: int) -> None:
    """Have the kernel end this (forked) process when its parent ends (Linux); elsewhere, and if
    the parent is already gone, the helper simply checks once."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)


def _stop(pid: int) -> None:
    """End a helper whose work is no longer wanted (this process failed)."""
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _wait(pid: int, what: str) -> None:
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise FengongError(f"writing {what} failed in the helper process (see the error above)")
