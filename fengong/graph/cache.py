"""A cache of built graphs, so that asking a question does not rebuild the corpus every time.

The key is a hash of everything the graph depends on: fengong's own code and data files, the
input files' names and bytes, and the alias tables. Change any of them and the graph is rebuilt;
nothing stale is ever served. The cache lives in ``$FENGONG_CACHE`` or
``$XDG_CACHE_HOME/fengong`` (default ``~/.cache/fengong``); ``FENGONG_CACHE=off`` disables it.

>>> import tempfile, os
>>> os.environ["FENGONG_CACHE"] = tempfile.mkdtemp()
>>> kg, problems = load_graph()
>>> kg.counts()["nodes"]["Task"], problems
(412, [])
>>> del os.environ["FENGONG_CACHE"]
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from collections.abc import Iterable
from pathlib import Path

from fengong.files import atomic_write
from fengong.graph.kg import KnowledgeGraph

__all__ = ["load_graph", "cache_dir"]

_FORMAT = 2  # bump when the pickled layout changes


def cache_dir() -> Path | None:
    """Where graphs are cached, or None when caching is off."""
    env = os.environ.get("FENGONG_CACHE")
    if env and env.lower() in ("off", "0", "no", "false"):
        return None
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "fengong"


@functools.cache
def _code_digest() -> str:
    """A hash of fengong's source and data files: a new version of the code invalidates the cache."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.suffix in (".py", ".toml", ".csv", ".txt", ".ttl") and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(root)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def _key(files: list[Path], aliases: Iterable[Path]) -> str:
    h = hashlib.sha256(f"{_FORMAT}:{_code_digest()}".encode())
    for p in files:
        h.update(b"\0in\0" + str(p).encode() + b"\0" + hashlib.sha256(p.read_bytes()).digest())
    for p in aliases:
        h.update(b"\0alias\0" + hashlib.sha256(Path(p).read_bytes()).digest())
    return h.hexdigest()[:32]


def load_graph(
    paths: Iterable[str | Path] | None = None, aliases: Iterable[str | Path] = (), progress=None
) -> tuple[KnowledgeGraph, list[str]]:
    """The graph of ``paths`` (default: the sample corpus) and the problems met building it
    (unreadable files), from the cache when nothing it depends on has changed."""
    from fengong.build import build_paths, iter_input_files
    from fengong.data import SAMPLE_CORPUS
    from fengong.graph.assemble import build_graph
    from fengong.graph.queries.base import restore_query_cache
    from fengong.graph.resolve import Resolver

    paths = list(paths) if paths else [SAMPLE_CORPUS]
    aliases = [Path(a) for a in aliases]
    folder = cache_dir()
    path = None
    if folder is not None:
        files, _ = iter_input_files(paths)
        path = folder / f"graph-{_key(sorted(Path(f).resolve() for f in files), [Path(a) for a in aliases])}.pickle"
        if path.exists():
            try:
                kg, problems, frames = pickle.loads(path.read_bytes())
                restore_query_cache(kg, frames)
                return kg, problems
            except Exception:  # a damaged or foreign cache file is rebuilt, never trusted
                pass
    corpus = build_paths(paths, progress=progress)
    kg = build_graph(corpus, Resolver.load(aliases))
    problems = list(corpus.errors)
    if path is not None:
        from fengong.graph.queries.base import assignment_frame, query_cache, task_frame

        # the flat frames every question starts from are cached too: a question then only filters
        task_frame(kg), assignment_frame(kg)
        try:
            atomic_write(path, pickle.dumps((kg, problems, query_cache(kg)), protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a read-only home is no reason to fail a query
    return kg, problems
