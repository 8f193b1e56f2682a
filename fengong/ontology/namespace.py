"""The ``fg:`` namespace, closed over the terms the model declares: a typo is an error.

>>> from fengong.ontology.namespace import FG
>>> FG.responsibleUnit
rdflib.term.URIRef('https://w3id.org/fengong/ns#responsibleUnit')
>>> FG.responsibleUnits  # doctest: +ELLIPSIS
Traceback (most recent call last):
AttributeError: ...term 'responsibleUnits' not in namespace...
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the names exist through __getattr__ (built on first use)
    from rdflib.namespace import ClosedNamespace, Namespace

    FG: ClosedNamespace
    FGID: Namespace

__all__ = ["FG", "FGID", "fg_namespace"]


@functools.cache
def fg_namespace():
    """The ``fg:`` namespace, closed over the terms the model declares (built once)."""
    from rdflib.namespace import ClosedNamespace

    from fengong.ontology.model import load_model

    m = load_model()
    ns = m.prefixes["fg"]
    return ClosedNamespace(ns, [t[len(ns) :] for t in m.terms("fg")])


def __getattr__(name: str):
    # built on first use, so importing fengong does not read the model
    if name == "FG":
        return fg_namespace()
    if name == "FGID":
        from rdflib import Namespace

        from fengong.ontology.model import load_model

        return Namespace(load_model().prefixes["fgid"])  # the id base, declared once in model.toml
    raise AttributeError(name)
