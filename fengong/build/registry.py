"""Open registries of layouts and readers: a province's layout or a new file format can be added from
outside fengong, by an installed package's entry points or at run time.

A **layout** is a module (or any object) with ``NAME``, ``detect(ctx) -> float`` (0 to 1) and
``parse(ctx) -> Parsed`` (see :mod:`fengong.build.layouts`); it may offer ``ceiling(ctx)`` and
``parse_group(ctxs)``. A **reader** is an object with ``FORMAT`` (a name), ``SUFFIXES`` (such as
``(".ofd",)``), ``DESCRIPTION`` and ``read(name, data, *, fmt, path) -> SourceFile`` (see
:mod:`fengong.build.readers`).

A package declares them in its ``pyproject.toml``::

    [project.entry-points."fengong.layouts"]
    shanghai = "my_plans.shanghai_layout"          # a module that is a layout

    [project.entry-points."fengong.readers"]
    ofd = "my_plans.ofd:READER"                     # an object that is a reader

or registers them in code with :func:`register_layout` and :func:`register_reader`. fengong's own
layouts come first, in their order (a tie in detection goes to the earlier layout); others follow,
by name, unless ``before`` puts one ahead of a given layout.

>>> layout_names()[:3]
('fields', 'clauses', 'table')
>>> get_layout("fields").NAME
'fields'
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from importlib.metadata import entry_points
from typing import Any

__all__ = [
    "BUILTIN_LAYOUTS",
    "layout_names",
    "get_layout",
    "register_layout",
    "reader_plugins",
    "register_reader",
    "refresh",
]

#: fengong's own layouts, in detection order (``tasks``, the general reader, last)
BUILTIN_LAYOUTS = ("fields", "clauses", "table", "columns", "assessment", "report", "tasks")
LAYOUT_GROUP, READER_GROUP = "fengong.layouts", "fengong.readers"

_layouts: dict[str, Any] | None = None  # name -> layout object, or a module path / entry point not yet loaded
_readers: dict[str, Any] | None = None  # format -> reader object or entry point


def _entry_points(group: str) -> list:
    return sorted(entry_points(group=group), key=lambda ep: ep.name)


def _layout_table() -> dict[str, Any]:
    global _layouts
    if _layouts is None:
        table: dict[str, Any] = {name: f"fengong.build.layouts.{name}" for name in BUILTIN_LAYOUTS}
        for ep in _entry_points(LAYOUT_GROUP):
            if ep.name not in table:  # fengong's own names are not taken over
                table[ep.name] = ep
        _layouts = table
    return _layouts


def refresh() -> None:
    """Read the entry points again (after installing a package into a running interpreter)."""
    global _layouts, _readers
    _layouts = _readers = None


def layout_names() -> tuple[str, ...]:
    """Every layout, in detection order."""
    return tuple(_layout_table())


def get_layout(name: str) -> Any:
    """The layout called ``name`` (imported on first use)."""
    table = _layout_table()
    if name not in table:
        raise KeyError(f"unknown layout {name!r}; known: {', '.join(table)}")
    layout = table[name]
    if isinstance(layout, str):
        layout = importlib.import_module(layout)
    elif hasattr(layout, "load") and hasattr(layout, "group"):  # an entry point
        layout = layout.load()
    for attr in ("detect", "parse"):
        if not callable(getattr(layout, attr, None)):
            raise TypeError(f"layout {name!r} has no {attr}(ctx) function")
    table[name] = layout
    return layout


def register_layout(layout: Any, name: str | None = None, before: str | None = None) -> str:
    """Add a layout (an object with ``NAME``, ``detect`` and ``parse``); returns its name. It is tried
    after the layouts already registered, or just before ``before``."""
    name = name or getattr(layout, "NAME", None)
    if not name:
        raise ValueError("a layout needs a NAME")
    table = _layout_table()
    if name in BUILTIN_LAYOUTS:
        raise ValueError(f"{name!r} is one of fengong's own layouts")
    table.pop(name, None)
    items = list(table.items())
    at = next((i for i, (n, _) in enumerate(items) if n == before), len(items)) if before else len(items)
    items.insert(at, (name, layout))
    global _layouts
    _layouts = dict(items)
    return name


def _reader_table() -> dict[str, Any]:
    global _readers
    if _readers is None:
        _readers = {ep.name: ep for ep in _entry_points(READER_GROUP)}
    return _readers


def reader_plugins() -> dict[str, Any]:
    """The readers added from outside fengong: format -> reader (loaded)."""
    table = _reader_table()
    for fmt, reader in list(table.items()):
        if hasattr(reader, "load") and hasattr(reader, "group"):
            table[fmt] = reader = reader.load()
        for attr in ("SUFFIXES", "read"):
            if not hasattr(reader, attr):
                raise TypeError(f"reader {fmt!r} has no {attr}")
    return dict(table)


def register_reader(reader: Any, fmt: str | None = None) -> str:
    """Add a reader (an object with ``SUFFIXES``, ``read`` and, optionally, ``FORMAT`` and
    ``DESCRIPTION``); returns its format name."""
    fmt = fmt or getattr(reader, "FORMAT", None)
    if not fmt:
        raise ValueError("a reader needs a FORMAT")
    suffixes: Iterable[str] = getattr(reader, "SUFFIXES", ())
    if not suffixes or not callable(getattr(reader, "read", None)):
        raise TypeError(f"reader {fmt!r} needs SUFFIXES and read(name, data, *, fmt, path)")
    _reader_table()[fmt] = reader
    return fmt
