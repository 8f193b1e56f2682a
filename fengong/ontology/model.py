"""The model, read from ``model.toml``: entity types, their properties and the relations between them.

Loaded lazily (``load_model()`` is cached), so ``import fengong`` stays light.
Everything that names a class, a predicate, a Neo4j label or a relationship
type asks this object.

>>> m = load_model()
>>> m.types["Unit"].classes[0]
'http://www.w3.org/ns/org#Organization'
>>> r = m.relations["RESPONSIBLE_FOR"]
>>> (r.sources, r.targets, m.curie(r.rdf), r.rdf_reverse)
(('Unit',), ('Task',), 'fg:responsibleUnit', True)
>>> m.labels("Unit", {"collective": True})
['Unit', 'Collective']
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from fengong.errors import FengongError

__all__ = ["Model", "EntityType", "Property", "Relation", "Qualification", "Concept", "load_model", "DATATYPES"]

DATATYPES = ("string", "text", "int", "bool", "date", "decimal", "concept")


class ModelError(FengongError):
    """The model declaration is inconsistent."""


@dataclass(frozen=True)
class Property:
    """A property of a type or relation as the model declares it: RDF predicate, datatype, cardinality."""

    name: str
    rdf: str  # full IRI
    datatype: str
    many: bool = False
    required: bool = False
    concepts: str | None = None  # key of a concept scheme, for datatype "concept"
    comment: str = ""


@dataclass(frozen=True)
class Qualification:
    """How an edge with properties is qualified in RDF (``prov:qualifiedAssociation`` style)."""

    property: str
    cls: str
    object: str
    id_prefix: str
    role_property: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class EntityType:
    """An entity type of the model: its classes, id prefix and properties."""

    name: str  # also the Neo4j label and networkx ``type``
    id_prefix: str
    classes: tuple[str, ...]
    flag_classes: dict[str, str]
    properties: dict[str, Property]
    comment: str = ""


@dataclass(frozen=True)
class Relation:
    """A relation of the model: source and target types, RDF predicate, qualification, properties."""

    name: str  # the Neo4j relationship type and networkx edge key
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    rdf: str
    rdf_reverse: bool = False
    subproperty_of: str | None = None
    required: bool = False
    properties: dict[str, Property] = field(default_factory=dict)
    qualified: Qualification | None = None
    comment: str = ""
    derived: bool = False  # inferred from the whole corpus: recomputed on reload


@dataclass(frozen=True)
class Concept:
    """A SKOS concept of a scheme (a kind of unit): key, IRI and label."""

    key: str
    iri: str
    label: str


@dataclass
class Model:
    """fengong's model, read from ``model.toml``: prefixes, classes, roles, schemes, types, relations."""

    prefixes: dict[str, str]
    ontology: dict[str, str]
    classes: dict[str, dict]  # minted classes: IRI -> {subclass_of, label, comment}
    roles: dict[str, dict]  # IRI -> {label, class}
    schemes: dict[str, tuple[str, str, list[Concept]]]  # key -> (scheme IRI, label, members)
    types: dict[str, EntityType]
    relations: dict[str, Relation]

    def expand(self, curie: str) -> str:
        """The full IRI of ``prefix:local``."""
        prefix, _, local = curie.partition(":")
        if prefix not in self.prefixes:
            raise ModelError(f"unknown prefix in {curie!r}")
        return self.prefixes[prefix] + local

    def curie(self, iri: str) -> str:
        """The shortest ``prefix:local`` form of ``iri`` (the IRI itself if no prefix fits)."""
        best = None
        for p, ns in self.prefixes.items():
            if iri.startswith(ns) and (best is None or len(ns) > len(self.prefixes[best])):
                best = p
        return f"{best}:{iri[len(self.prefixes[best]) :]}" if best else iri

    def concept_iri(self, scheme: str, key: str) -> str:
        for c in self.schemes[scheme][2]:
            if c.key == key:
                return c.iri
        raise ModelError(f"{key!r} is not a concept of {scheme!r}")

    def labels(self, type_name: str, props: dict) -> list[str]:
        """Neo4j labels of a node: its type, plus one label per true flag (``collective`` → Collective)."""
        t = self.types[type_name]
        return [type_name] + [flag.title().replace("_", "") for flag in sorted(t.flag_classes) if props.get(flag)]

    def classes_of(self, type_name: str, props: dict) -> list[str]:
        """RDF classes of a node of ``type_name`` with properties ``props``."""
        t = self.types[type_name]
        return list(t.classes) + [c for flag, c in sorted(t.flag_classes.items()) if props.get(flag)]

    def relations_between(self, source: str, target: str) -> list[Relation]:
        return [r for r in self.relations.values() if source in r.sources and target in r.targets]

    def terms(self, prefix: str = "fg") -> list[str]:
        """Every IRI in the ``prefix`` namespace the model uses, sorted."""
        ns = self.prefixes[prefix]
        found: set[str] = set(self.classes) | set(self.roles)
        for _key, (scheme, _, members) in self.schemes.items():
            found.add(scheme)
            found.update(c.iri for c in members)
        for t in self.types.values():
            found.update(t.classes)
            found.update(t.flag_classes.values())
            found.update(p.rdf for p in t.properties.values())
        for r in self.relations.values():
            found.add(r.rdf)
            found.update(p.rdf for p in r.properties.values())
            if r.qualified:
                q = r.qualified
                found.update(x for x in (q.property, q.cls, q.object, q.role_property, q.role) if x)
        return sorted(i for i in found if i.startswith(ns))


def _tuple(v) -> tuple[str, ...]:
    return tuple(v) if isinstance(v, list) else (v,)


def parse_model(data: dict) -> Model:
    """Build a :class:`Model` from the parsed TOML, expanding CURIEs and checking references."""
    prefixes = dict(data["prefixes"])
    m = Model(
        prefixes=prefixes, ontology=dict(data["ontology"]), classes={}, roles={}, schemes={}, types={}, relations={}
    )
    x = m.expand
    m.classes = {
        x(k): {**v, "subclass_of": [x(s) for s in v.get("subclass_of", [])]} for k, v in data["classes"].items()
    }
    m.roles = {x(k): {**v, "class": x(v["class"])} for k, v in data["roles"].items()}
    for key, s in data["concepts"].items():
        m.schemes[key] = (
            x(s["scheme"]),
            s["label"],
            [Concept(c["key"], x(c["iri"]), c["label"]) for c in s["members"]],
        )

    def props(block: dict, where: str) -> dict[str, Property]:
        out = {}
        for name, p in block.items():
            if p["datatype"] not in DATATYPES:
                raise ModelError(f"{where}.{name}: datatype {p['datatype']!r} is not one of {DATATYPES}")
            if p["datatype"] == "concept" and p.get("concepts") not in m.schemes:
                raise ModelError(f"{where}.{name}: unknown concept scheme {p.get('concepts')!r}")
            out[name] = Property(
                name,
                x(p["rdf"]),
                p["datatype"],
                p.get("many", False),
                p.get("required", False),
                p.get("concepts"),
                p.get("comment", ""),
            )
        return out

    targeted: dict[str, str] = {}
    for name, t in data["types"].items():
        classes = tuple(x(c) for c in t["classes"])
        if classes[0] in targeted:
            raise ModelError(f"{name} and {targeted[classes[0]]} share their first class {classes[0]}")
        targeted[classes[0]] = name
        m.types[name] = EntityType(
            name,
            t["id_prefix"],
            classes,
            {k: x(v) for k, v in t.get("flag_classes", {}).items()},
            props(t.get("properties", {}), name),
            t.get("comment", ""),
        )
    for name, r in data["relations"].items():
        q = r.get("qualified")
        rel = Relation(
            name,
            _tuple(r["source"]),
            _tuple(r["target"]),
            x(r["rdf"]),
            r.get("rdf_reverse", False),
            x(r["subproperty_of"]) if r.get("subproperty_of") else None,
            r.get("required", False),
            props(r.get("properties", {}), name),
            Qualification(
                x(q["property"]),
                x(q["class"]),
                x(q["object"]),
                q["id_prefix"],
                x(q["role_property"]) if q.get("role_property") else None,
                x(q["role"]) if q.get("role") else None,
            )
            if q
            else None,
            r.get("comment", ""),
            r.get("derived", False),
        )
        for end in rel.sources + rel.targets:
            if end not in m.types:
                raise ModelError(f"relation {name} names an unknown type {end!r}")
        if rel.properties and not rel.qualified:
            raise ModelError(f"relation {name} has properties but no 'qualified' block to carry them in RDF")
        m.relations[name] = rel
    return m


@functools.cache
def load_model(path: str | None = None) -> Model:
    """The model declared in ``model.toml`` (or in ``path``), parsed once per process."""
    if path is None:
        text = resources.files("fengong.ontology").joinpath("model.toml").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return parse_model(tomllib.loads(text))
