"""Derive the shipped ontology files from the model: OWL/RDFS (``fengong.ttl``), SHACL
(``shapes.ttl``) and the JSON-LD context (``context.jsonld``).

The files in this folder are generated; ``python -m fengong.ontology`` rewrites them and a
test checks that the shipped copies are up to date.

>>> g = ontology_graph()
>>> from rdflib import URIRef, RDFS
>>> str(g.value(URIRef("https://w3id.org/fengong/ns#Task"), RDFS.subClassOf))
'http://www.w3.org/ns/prov#Activity'
>>> jsonld_context()["@context"]["responsibleUnit"]
{'@id': 'fg:responsibleUnit', '@type': '@id'}
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS, XSD
from rdflib.term import Node

from fengong import __version__
from fengong.ontology.model import Model, Property, load_model

__all__ = ["ontology_graph", "shapes_graph", "jsonld_context", "write_all", "XSD_OF", "SHAPES", "OWL2_DATATYPES"]

SHAPES = Namespace("https://w3id.org/fengong/shapes#")
XSD_OF = {"string": XSD.string, "int": XSD.integer, "bool": XSD.boolean, "date": XSD.date, "decimal": XSD.decimal}
HERE = Path(__file__).parent
_XSD = str(XSD)
_RDF = str(RDF)
#: The datatypes (IRIs) of the OWL 2 datatype map (https://www.w3.org/TR/owl2-syntax/#Datatype_Maps).
OWL2_DATATYPES = frozenset(
    [
        _RDF + "PlainLiteral",
        _RDF + "XMLLiteral",
        _RDF + "langString",
        "http://www.w3.org/2000/01/rdf-schema#Literal",
        "http://www.w3.org/2002/07/owl#real",
        "http://www.w3.org/2002/07/owl#rational",
    ]
    + [
        _XSD + t
        for t in (
            "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long int short "
            "byte unsignedLong unsignedInt unsignedShort unsignedByte double float string normalizedString token "
            "language Name NCName NMTOKEN boolean hexBinary base64Binary anyURI dateTime dateTimeStamp"
        ).split()
    ]
)


def _label(local: str) -> str:
    """camelCase or CamelCase → words: ``responsibleUnit`` → ``responsible unit``."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).lower().replace("-", " ").replace("_", " ")


def _bind(g: Graph, m: Model) -> None:
    for p, ns in m.prefixes.items():
        g.bind(p, ns, override=True)


def _minted_properties(m: Model) -> dict[str, dict]:
    """Every fg: predicate with what the model says about it (first declaration wins)."""
    fg = m.prefixes["fg"]
    out: dict[str, dict] = {}

    def add(
        iri: str,
        kind: str,
        datatype: str | None = None,
        comment: str = "",
        sub: str | None = None,
        domain: list[str] | None = None,
        range_: list[str] | None = None,
    ) -> None:
        if not iri.startswith(fg):
            return
        entry = out.setdefault(
            iri, {"kind": kind, "datatype": datatype, "comment": comment, "sub": sub, "domains": set(), "ranges": set()}
        )
        entry["comment"] = entry["comment"] or comment
        entry["domains"].update(domain or [])
        entry["ranges"].update(range_ or [])

    for t in m.types.values():
        for p in t.properties.values():
            add(p.rdf, "object" if p.datatype == "concept" else "data", p.datatype, p.comment, domain=[t.classes[0]])
    for r in m.relations.values():
        subj, obj = (r.targets, r.sources) if r.rdf_reverse else (r.sources, r.targets)
        add(
            r.rdf,
            "object",
            None,
            r.comment,
            r.subproperty_of,
            [m.types[s].classes[0] for s in subj],
            [m.types[o].classes[0] for o in obj],
        )
        if r.qualified:
            q = r.qualified
            add(
                q.property,
                "object",
                None,
                f"Qualifies {m.curie(r.rdf)} with the edge's properties.",
                domain=[m.types[s].classes[0] for s in subj],
                range_=[q.cls],
            )
            add(q.object, "object", None, "The entity a qualification points at.", domain=[q.cls])
            if q.role_property:
                add(q.role_property, "object", None, "What kind of link a qualification is.", domain=[q.cls])
            for p in r.properties.values():
                add(p.rdf, "data", p.datatype, p.comment, domain=[q.cls])
    return out


def ontology_graph(m: Model | None = None) -> Graph:
    """The OWL/RDFS ontology: minted classes and properties, roles and the unit-kind scheme."""
    m = m or load_model()
    g = Graph()
    _bind(g, m)
    ont = URIRef(m.ontology["iri"])
    g.add((ont, RDF.type, OWL.Ontology))
    g.add((ont, DCTERMS.title, Literal(m.ontology["title"], lang="en")))
    g.add((ont, RDFS.comment, Literal(m.ontology["comment"], lang="en")))
    g.add((ont, OWL.versionInfo, Literal(__version__)))
    for iri, c in m.classes.items():
        s = URIRef(iri)
        g.add((s, RDF.type, OWL.Class))
        g.add((s, RDFS.label, Literal(c["label"], lang="en")))
        g.add((s, RDFS.comment, Literal(c["comment"], lang="en")))
        g.add((s, RDFS.isDefinedBy, ont))
        for sup in c["subclass_of"]:
            g.add((s, RDFS.subClassOf, URIRef(sup)))
    for iri, role in m.roles.items():
        s = URIRef(iri)
        g.add((s, RDF.type, URIRef(role["class"])))
        g.add((s, RDF.type, OWL.NamedIndividual))
        g.add((s, RDFS.label, Literal(role["label"], lang="en")))
        g.add((s, RDFS.isDefinedBy, ont))
    for scheme, label, members in m.schemes.values():
        g.add((URIRef(scheme), RDF.type, SKOS.ConceptScheme))
        g.add((URIRef(scheme), SKOS.prefLabel, Literal(label, lang="en")))
        for concept in members:
            s = URIRef(concept.iri)
            g.add((s, RDF.type, SKOS.Concept))
            g.add((s, SKOS.inScheme, URIRef(scheme)))
            g.add((s, SKOS.prefLabel, Literal(concept.label, lang="en")))
            g.add((s, SKOS.notation, Literal(concept.key)))
    for iri, p in _minted_properties(m).items():
        s = URIRef(iri)
        g.add((s, RDF.type, OWL.ObjectProperty if p["kind"] == "object" else OWL.DatatypeProperty))
        g.add((s, RDFS.label, Literal(_label(m.curie(iri).split(":", 1)[1]), lang="en")))
        if p["comment"]:
            g.add((s, RDFS.comment, Literal(p["comment"], lang="en")))
        g.add((s, RDFS.isDefinedBy, ont))
        if p["sub"]:
            g.add((s, RDFS.subPropertyOf, URIRef(p["sub"])))
        # domains and ranges only where they are one class: a union would need OWL lists
        if len(p["domains"]) == 1:
            g.add((s, RDFS.domain, URIRef(next(iter(p["domains"])))))
        if p["kind"] == "data" and p["datatype"] in XSD_OF:
            # OWL 2 reasoners accept only the OWL 2 datatype map, which has no xsd:date: such a
            # range stays rdfs:Literal here, and SHACL (shapes.ttl) checks the datatype
            dt = XSD_OF[p["datatype"]]
            g.add((s, RDFS.range, dt if str(dt) in OWL2_DATATYPES else RDFS.Literal))
        elif p["kind"] == "data" and p["datatype"] == "text":
            g.add((s, RDFS.range, RDF.langString))
        elif len(p["ranges"]) == 1:
            g.add((s, RDFS.range, URIRef(next(iter(p["ranges"])))))
    return g


def _value_constraints(g: Graph, shape: URIRef, p: Property, m: Model) -> None:
    if p.datatype == "text":
        g.add((shape, SH.datatype, RDF.langString))
    elif p.datatype == "concept":
        # the value is one of the scheme's concepts: checkable without loading the ontology
        head = URIRef(f"{shape}-in")
        assert p.concepts is not None  # the model requires a scheme for a concept property
        Collection(g, head, [URIRef(c.iri) for c in m.schemes[p.concepts][2]])
        g.add((shape, SH["in"], head))
        g.add((shape, SH.nodeKind, SH.IRI))
    else:
        g.add((shape, SH.datatype, XSD_OF[p.datatype]))


def _shape_name(m: Model, iri: str) -> str:
    return m.curie(iri).replace(":", "-")


def shapes_graph(m: Model | None = None) -> Graph:
    """SHACL shapes: one node shape per entity type and per qualification class.

    Every shape and property shape has an IRI (no blank nodes), so the file is
    byte-stable and each violation names the shape it broke.
    """
    m = m or load_model()
    g = Graph()
    _bind(g, m)
    g.bind("fgsh", str(SHAPES))
    node_shapes = _type_shapes(g, m)
    _relation_shapes(g, m, node_shapes)
    _qualification_shapes(g, m)
    return g


def _prop_shape(g: Graph, m: Model, node: URIRef, name: str, path: str) -> URIRef:
    """The property shape of ``path`` on the node shape ``node`` (named ``<name>-<path>``)."""
    s = SHAPES[f"{name}-{_shape_name(m, path)}"]
    g.add((node, SH.property, s))
    g.add((s, RDF.type, SH.PropertyShape))
    g.add((s, SH.path, URIRef(path)))
    return s


def _type_shapes(g: Graph, m: Model) -> dict[str, URIRef]:
    """A node shape per entity type: its classes and its properties' values and counts."""
    node_shapes: dict[str, URIRef] = {}
    for t in m.types.values():
        node = SHAPES[t.name]
        node_shapes[t.name] = node
        g.add((node, RDF.type, SH.NodeShape))
        g.add((node, SH.targetClass, URIRef(t.classes[0])))
        g.add((node, SH.nodeKind, SH.IRI))
        for cls in t.classes[1:]:
            s = SHAPES[f"{t.name}-type-{_shape_name(m, cls)}"]
            g.add((node, SH.property, s))
            g.add((s, RDF.type, SH.PropertyShape))
            g.add((s, SH.path, RDF.type))
            g.add((s, SH.hasValue, URIRef(cls)))
        for p in t.properties.values():
            s = _prop_shape(g, m, node, t.name, p.rdf)
            _value_constraints(g, s, p, m)
            if p.required:
                g.add((s, SH.minCount, Literal(1)))
            if not p.many:
                g.add((s, SH.maxCount, Literal(1)))
    return node_shapes


def _relation_shapes(g: Graph, m: Model, node_shapes: dict[str, URIRef]) -> None:
    """Relations, on the type that is the RDF subject; targets of one predicate are unioned."""
    by_subject: dict[tuple[str, str], dict] = {}
    for r in m.relations.values():
        subj, obj = (r.targets, r.sources) if r.rdf_reverse else (r.sources, r.targets)
        for name in subj:
            e = by_subject.setdefault((name, r.rdf), {"objects": [], "required": False})
            e["objects"] += [o for o in obj if o not in e["objects"]]
            e["required"] |= r.required
            if r.qualified:
                q = by_subject.setdefault(
                    (name, r.qualified.property), {"objects": [], "required": False, "cls": r.qualified.cls}
                )
                q["cls"] = r.qualified.cls
    for (subject, path), e in sorted(by_subject.items()):
        s = _prop_shape(g, m, node_shapes[subject], subject, path)
        g.add((s, SH.nodeKind, SH.IRI))
        if e.get("cls"):
            g.add((s, SH["class"], URIRef(e["cls"])))
        elif len(e["objects"]) == 1:
            g.add((s, SH["class"], URIRef(m.types[e["objects"][0]].classes[0])))
        else:
            alternatives: list[Node] = []
            for o in sorted(e["objects"]):
                alt = SHAPES[f"{subject}-{_shape_name(m, path)}-{o}"]
                g.add((alt, SH["class"], URIRef(m.types[o].classes[0])))
                alternatives.append(alt)
            head = SHAPES[f"{subject}-{_shape_name(m, path)}-or"]
            Collection(g, head, alternatives)
            g.add((s, SH["or"], head))
        if e["required"]:
            g.add((s, SH.minCount, Literal(1)))


def _qualification_shapes(g: Graph, m: Model) -> None:
    """Qualification nodes: shared classes take the union of properties, required only if required by all."""
    quals: dict[str, list] = {}
    for r in m.relations.values():
        if r.qualified:
            quals.setdefault(r.qualified.cls, []).append(r)
    for cls, rels in sorted(quals.items()):
        name = _shape_name(m, cls)
        node = SHAPES[name]
        g.add((node, RDF.type, SH.NodeShape))
        g.add((node, SH.targetClass, URIRef(cls)))
        g.add((node, SH.nodeKind, SH.IRI))
        q = rels[0].qualified
        s = _prop_shape(g, m, node, name, q.object)
        g.add((s, SH.nodeKind, SH.IRI))
        g.add((s, SH.minCount, Literal(1)))
        g.add((s, SH.maxCount, Literal(1)))
        if q.role_property:
            s = _prop_shape(g, m, node, name, q.role_property)
            g.add((s, SH.minCount, Literal(1)))
            g.add((s, SH.maxCount, Literal(1)))
            roles = sorted({r.qualified.role for r in rels})
            head = SHAPES[f"{name}-{_shape_name(m, q.role_property)}-in"]
            Collection(g, head, [URIRef(x) for x in roles])
            g.add((s, SH["in"], head))
        props: dict[str, list[Property]] = {}
        for r in rels:
            for p in r.properties.values():
                props.setdefault(p.rdf, []).append(p)
        for path, ps in sorted(props.items()):
            s = _prop_shape(g, m, node, name, path)
            _value_constraints(g, s, ps[0], m)
            g.add((s, SH.maxCount, Literal(1)))
            if all(p.required for p in ps) and len(ps) == len(rels):
                g.add((s, SH.minCount, Literal(1)))


def jsonld_context(m: Model | None = None) -> dict:
    """A JSON-LD context naming every term by its local name (``responsibleUnit``, ``prefLabel``…)."""
    m = m or load_model()
    ctx: dict[str, object] = {p: ns for p, ns in m.prefixes.items() if p not in ("sh", "owl")}

    def term(iri: str, spec: object) -> None:
        local = m.curie(iri).split(":", 1)[1]
        key = local if local not in ctx or ctx[local] == spec else m.curie(iri).replace(":", "_")
        ctx[key] = spec

    def literal_spec(iri: str, p: Property) -> dict:
        spec: dict[str, object] = {"@id": m.curie(iri)}
        if p.datatype == "text":
            spec["@language"] = "zh"
        elif p.datatype == "concept":
            spec["@type"] = "@id"
        elif p.datatype != "string":  # a plain JSON string already is an xsd:string
            spec["@type"] = m.curie(str(XSD_OF[p.datatype]))
        if p.many:
            spec["@container"] = "@set"
        return spec

    for t in m.types.values():
        ctx[t.name] = m.curie(t.classes[0])
        for p in t.properties.values():
            term(p.rdf, literal_spec(p.rdf, p))
    for r in m.relations.values():
        term(r.rdf, {"@id": m.curie(r.rdf), "@type": "@id"})
        if r.qualified:
            q = r.qualified
            term(q.property, {"@id": m.curie(q.property), "@type": "@id"})
            term(q.object, {"@id": m.curie(q.object), "@type": "@id"})
            if q.role_property:
                term(q.role_property, {"@id": m.curie(q.role_property), "@type": "@id"})
            for p in r.properties.values():
                term(p.rdf, literal_spec(p.rdf, p))
    return {"@context": ctx}


def _turtle(g: Graph) -> bytes:
    return g.serialize(format="turtle", encoding="utf-8")


def write_all(folder: str | Path = HERE, m: Model | None = None) -> list[Path]:
    """Write ``fengong.ttl``, ``shapes.ttl`` and ``context.jsonld`` into ``folder``."""
    folder = Path(folder)
    out = {
        "fengong.ttl": _turtle(ontology_graph(m)),
        "shapes.ttl": _turtle(shapes_graph(m)),
        "context.jsonld": (json.dumps(jsonld_context(m), ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    }
    paths = []
    for name, data in out.items():
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    return paths
