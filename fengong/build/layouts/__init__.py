"""The layouts: one module per input layout, picked by a detector.

Modules are imported lazily, so ``import fengong.build`` stays cheap. A module
exposes ``NAME``, ``detect(ctx) -> float`` and ``parse(ctx) -> Parsed``; it may
also expose ``parse_group(ctxs) -> list[Parsed]`` to read sibling documents
together (the attachments of one plan share what they teach about officials).
Layouts from outside fengong join through :mod:`fengong.build.registry` (entry
points ``fengong.layouts`` or :func:`~fengong.build.registry.register_layout`).

>>> names()
('fields', 'clauses', 'table', 'columns', 'assessment', 'report', 'tasks')
"""

from __future__ import annotations

from typing import Any

from fengong.build import registry
from fengong.build.layouts.base import Context

__all__ = ["names", "get", "detect", "THRESHOLD"]

# Below this score no layout claims a document; its lines are prose or unparsed.
THRESHOLD = 0.3


def names() -> tuple[str, ...]:
    """Every layout, fengong's and those registered, in detection order."""
    return registry.layout_names()


def get(name: str) -> Any:
    """The layout called ``name`` (a module, or any object with ``detect`` and ``parse``)."""
    return registry.get_layout(name)


def detect(ctx: Context) -> tuple[str | None, dict[str, float]]:
    """The best layout for ``ctx`` (or None) and the scores computed; ties go to the earlier layout.

    A detector that cannot win is not run (its score is left out): every score is at most 1,
    and a module may offer ``ceiling(ctx)``, a cheap bound on what its ``detect`` would return.
    Detection reads the whole body once per layout, so skipping the ones that cannot change the
    choice halves the time of a build (the clause detector reads every parenthesis it finds).

    >>> detect(Context.from_text("1.任务一。\\n责任单位：区财政局\\n2.任务二。\\n责任单位：区商务局\\n"))
    ('fields', {'fields': 1.0})
    """
    scores: dict[str, float] = {}
    best, top = None, -1.0
    for name in names():
        if top >= 1.0:
            break  # nothing scores above 1 and ties go to the earlier layout
        module = get(name)
        bound = getattr(module, "ceiling", None)
        if bound is not None and bound(ctx) <= top:
            continue
        scores[name] = score = float(module.detect(ctx))
        if score > top:
            best, top = name, score
    return (best if top >= THRESHOLD else None), scores
