"""Deterministic identifiers: an ASCII hash of an entity's natural key.

The same natural key gives the same id on every run and every machine, so
rebuilds are byte-identical and Neo4j reloads merge instead of duplicating.
Node ids and IRIs share the hash: ``IRI = ID_BASE + id``.

>>> make_id("unit", "北京市通州区", "区财政局")
'unit-ebbc5ed7f30d016b'
>>> make_id("unit", "北京市通州区", "区财政局") == make_id("unit", "北京市通州区", "区财政局")
True
>>> iri("unit-ebbc5ed7f30d016b")
'https://w3id.org/fengong/id/unit-ebbc5ed7f30d016b'
"""

from __future__ import annotations

import hashlib
import json

__all__ = ["ID_BASE", "make_id", "iri"]


def _id_base() -> str:
    """The IRI base of node ids: the model's ``fgid`` prefix (declared once, in model.toml)."""
    from fengong.ontology.model import load_model

    return load_model().prefixes["fgid"]


ID_BASE = _id_base()


_encode_str = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) uses for a str


def _key(kind: str, parts: tuple) -> str:
    """``json.dumps([kind, *parts], ensure_ascii=False, separators=(",", ":"))``, built directly for
    the str and int parts ids are made of (json.dumps costs more than the hash on a large corpus)."""
    out = [_encode_str(kind)]
    for p in parts:
        if isinstance(p, str):
            out.append(_encode_str(p))
        elif type(p) is int:
            out.append(int.__repr__(p))
        else:
            return json.dumps([kind, *parts], ensure_ascii=False, separators=(",", ":"))
    return "[" + ",".join(out) + "]"


def make_id(kind: str, *parts: object) -> str:
    """``kind-`` followed by 16 hex digits of the SHA-1 of the key parts (JSON-encoded, so
    ("ab", "c") and ("a", "bc") differ).

    >>> parts = ("d", 3, 'a"b', "区\\n", None)
    >>> _key("task", parts) == json.dumps(["task", *parts], ensure_ascii=False, separators=(",", ":"))
    True
    """
    return f"{kind}-{hashlib.sha1(_key(kind, parts).encode('utf-8')).hexdigest()[:16]}"


def iri(node_id: str) -> str:
    """The IRI of a node id."""
    return ID_BASE + node_id
