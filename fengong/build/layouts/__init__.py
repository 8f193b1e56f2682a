"""The layout registry: one module per input layout, picked by a detector.

Modules are imported lazily, so ``import fengong.build`` stays cheap. A module
exposes ``NAME``, ``detect(ctx) -> float`` and ``parse(ctx) -> Parsed``; it may
also expose ``parse_group(ctxs) -> list[Parsed]`` to read sibling documents
together (the attachments of one plan share what they teach about officials).

>>> names()
('fields', 'clauses', 'table', 'columns', 'assessment', 'report')
"""
from __future__ import annotations

import importlib
from types import ModuleType

from fengong.build.layouts.base import Context

__all__ = ["names", "get", "detect", "THRESHOLD"]

_MODULES = ("fields", "clauses", "table", "columns", "assessment", "report")
# Below this score no layout claims a document; its lines are prose or unparsed.
THRESHOLD = 0.3


def names() -> tuple[str, ...]:
    return _MODULES


def get(name: str) -> ModuleType:
    if name not in _MODULES:
        raise KeyError(f"unknown layout {name!r}; known: {', '.join(_MODULES)}")
    return importlib.import_module(f"fengong.build.layouts.{name}")


def detect(ctx: Context) -> tuple[str | None, dict[str, float]]:
    """The best layout for ``ctx`` (or None) and every layout's score; ties go to the earlier layout."""
    scores = {name: float(get(name).detect(ctx)) for name in _MODULES}
    best = max(_MODULES, key=lambda k: (scores[k], -_MODULES.index(k)))
    return (best if scores[best] >= THRESHOLD else None), scores
