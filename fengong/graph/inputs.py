"""What a command was given to read: documents, a ``fengong build --output`` folder, or a bulk folder.

Every command that answers questions takes the same inputs; this module decides what they are and
opens the graph they hold, so that the CLI only passes paths on:

* documents (files or folders of plans): built, from the graph cache when nothing changed;
* the output folder of ``fengong build --output`` (its ``graph.json``): read back, not rebuilt;
* the output folder of ``fengong build --bulk`` (its ``frames/``): its shared graph and frames.

An output folder is read alone (it is one corpus already); a folder that holds neither documents
nor an output is an error that says so.

>>> import tempfile, pathlib
>>> kind_of(pathlib.Path(tempfile.mkdtemp()))
'empty'
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from fengong.errors import FengongError
from fengong.files import MANIFEST
from fengong.graph.kg import KnowledgeGraph

__all__ = ["kind_of", "open_graph", "open_triples", "documents_only", "InputError"]


class InputError(FengongError):
    """Inputs a command cannot read as a corpus (a usage problem: exit 2)."""


def kind_of(path: str | Path) -> str:
    """``bulk``, ``build-output``, ``documents``, ``empty`` (a folder with no readable document) or
    ``missing``."""
    from fengong.build import iter_input_files
    from fengong.graph.bulk import is_bulk_output

    p = Path(path)
    if not p.exists():
        return "missing"
    if p.is_dir():
        if is_bulk_output(p):
            return "bulk"
        if (p / MANIFEST).is_file() and (p / "graph.json").is_file():
            return "build-output"
        files, _ = iter_input_files([p])
        return "documents" if files else "empty"
    return "documents"


def documents_only(paths: Iterable[str | Path] | None) -> None:
    """Check that inputs to read as documents (build, doctor, record exports) are documents: an
    output folder of fengong, or a folder with nothing to read, is an :class:`InputError` that says
    so (it would otherwise read its JSON Lines and CSV tables as plans)."""
    paths = [Path(p) for p in (paths or [])]
    for p in paths:
        k = kind_of(p)
        if k in ("bulk", "build-output"):
            raise InputError(
                f"{p} is the output of `fengong build{' --bulk' if k == 'bulk' else ''}`, not documents: "
                f"give the documents it was built from (questions and exports read it with --input)"
            )
    if paths and all(kind_of(p) in ("empty", "missing") for p in paths):
        p = paths[0]
        raise InputError(
            f"{p}: no such file or folder"
            if kind_of(p) == "missing"
            else f"{p}: the folder holds no document fengong reads (.txt .pdf .docx .html .xlsx .csv …)"
        )


def open_graph(
    paths: Iterable[str | Path] | None, aliases: Iterable[str | Path] = (), progress=None, whole: bool = False
) -> tuple[KnowledgeGraph, list[str]]:
    """The graph the inputs hold and the problems met (files that could not be read; the rest
    still built). Raises :class:`InputError` for inputs that are no corpus at all. ``whole``: the
    graph is written out whole (exports), which a bulk folder holds only as its ``graph.nt``."""
    from fengong.graph.bulk import load_bulk
    from fengong.graph.cache import load_graph

    given: list[Path] = [Path(p) for p in (paths or [])]
    kinds = {p: kind_of(p) for p in given}
    outputs = [p for p, k in kinds.items() if k in ("bulk", "build-output")]
    if outputs and len(given) > 1:
        raise InputError(f"{outputs[0]} is the output of a build: give it alone, not with other inputs")
    if outputs:
        p = outputs[0]
        if kinds[p] == "bulk":
            if whole:
                raise InputError(
                    f"{p} is a bulk build: its whole graph is {p / 'graph.nt'} and its tables are in "
                    f"{p / 'tables'}; its shared graph holds no tasks to export"
                )
            return load_bulk(p), []
        return _read_build_output(p), []
    empty = [p for p, k in kinds.items() if k == "empty"]
    if empty and len(empty) == len(given):
        raise InputError(
            f"{empty[0]}: the folder holds no document fengong reads (.txt .pdf .docx .html "
            f".xlsx .csv …), no `fengong build --output` folder and no `--bulk` output"
        )
    if given:
        from fengong.build import iter_input_files

        files, skipped = iter_input_files(given)
        if not files:  # nothing at all could be read: no corpus to answer from
            raise InputError("; ".join(skipped) or f"{given[0]}: nothing to read")
    kg, problems = load_graph(given or None, aliases, progress=progress)
    if problems and not kg.nodes_of("Document"):  # every file failed: no corpus to answer from
        raise InputError("; ".join(problems))
    return kg, problems


def _read_build_output(folder: Path) -> KnowledgeGraph:
    from fengong.graph.property_graph import from_node_link

    try:
        data = json.loads((folder / "graph.json").read_text(encoding="utf-8"))
        return from_node_link(data)
    except (OSError, ValueError, KeyError) as e:
        raise InputError(f"{folder / 'graph.json'}: not a readable fengong graph ({e})") from None


def open_triples(paths: Iterable[str | Path] | None, aliases: Iterable[str | Path] = ()):
    """An Oxigraph store of the inputs' triples, for SPARQL, and the problems met: a bulk folder's
    ``graph.nt`` as written (its shared graph holds no tasks: they live in its frames and triples)."""
    import pyoxigraph as ox

    from fengong.graph.rdf import open_store

    given: list[Path] = [Path(p) for p in (paths or [])]
    if len(given) == 1 and kind_of(given[0]) == "bulk":
        store = ox.Store()
        store.bulk_load(path=str(given[0] / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
        return store, []
    kg, problems = open_graph(paths, aliases)
    return open_store(kg), problems
