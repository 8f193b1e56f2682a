"""CSV files for Neo4j's bulk importer, ``neo4j-admin database import full`` (Neo4j 5).

The offline path for a large corpus: no transactions, no MERGE, the store is written directly
while the database is stopped. The result matches what :func:`fengong.graph.neo4j.load` makes
over Bolt: every node has the label ``Fengong``, its type label and flag labels (``Collective``,
``Plan``) and the property ``id``; every relationship has the relation's name as its type, the
property ``key`` (``""`` when there are no parallel edges) and the edge's properties.

Files, all UTF-8, written atomically and byte-identical on rebuild (rows sorted by id):

* ``nodes_<Type>.csv``: ``id:ID(Fengong)``, ``:LABEL`` (``Fengong;Unit;Collective``), then one
  column per property of the model, typed: ``:string`` (string, text, concept key, ISO date, as
  the Bolt loader stores them), ``:long`` (int), ``:double`` (decimal), ``:boolean``, and
  ``:string[]`` for lists. Strings are always quoted (``"`` doubled), so commas, quotes, newlines
  and a quoted empty string survive; a missing property is an empty unquoted field.
* ``relationships_<TYPE>.csv``: ``:START_ID(Fengong)``, ``:END_ID(Fengong)``, ``:TYPE``,
  ``key:string``, then the relation's properties.
* ``import.args``: the importer's options, one a line, file names relative to the folder;
  ``import.sh`` runs ``neo4j-admin database import full`` with them (``sh import.sh [DATABASE]``);
  :func:`import_command` gives the same command line with absolute paths.
* ``after_import.cypher``: to run once the server is up: the uniqueness constraints the Bolt
  loader creates (the Community importer cannot create them: "Record format batch import does
  not support schema changes"), and empty lists back (the importer drops empty arrays).

The array delimiter (also between labels) is ``;`` unless a list element contains one; then the
first of ``|`` and U+001F that none contains. Lines inside values need ``--multiline-fields``,
which slows the importer, so it is passed only when a value holds a line break.

>>> import tempfile, pathlib
>>> kg = KnowledgeGraph()
>>> kg.add_node("unit-1", "Unit", name="区财政局", kind="department", collective=True, aliases=["财政局", "区财政"])
>>> kg.add_node("task-1", "Task", text='做好预算, "三保"\\n保障', source_file="a.txt", source_line=3, source_line_end=4)
>>> kg.add_edge("unit-1", "RESPONSIBLE_FOR", "task-1", key="1", order=1, printed="区财政局", split="certain",
...             source_line=4, source_line_end=4)
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> [p.name for p in write_neo4j_csv(kg, out)][:2]
['nodes_AssessmentItem.csv', 'nodes_Document.csv']
>>> print((out / "nodes_Unit.csv").read_text(encoding="utf-8"), end="")
id:ID(Fengong),:LABEL,name:string,aliases:string[],kind:string,jurisdiction:string,collective:boolean
"unit-1","Fengong;Unit;Collective","区财政局","区财政;财政局","department",,true
>>> print((out / "nodes_Task.csv").read_text(encoding="utf-8").splitlines()[1])
"task-1","Fengong;Task",,"做好预算, ""三保""
>>> (out / "import.args").read_text().splitlines()[:4]
['--overwrite-destination=true', '--id-type=string', '--delimiter=,', '--quote="']
>>> import_command(out, admin=["neo4j-admin"])[:5]
['neo4j-admin', 'database', 'import', 'full', 'neo4j']
"""

from __future__ import annotations

import json
import math
import shlex
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from fengong.errors import FengongError
from fengong.files import atomic_write
from fengong.graph.kg import KnowledgeGraph
from fengong.graph.neo4j import BASE_LABEL, _ident, constraint_statements
from fengong.ontology.model import Property

__all__ = [
    "write_neo4j_csv",
    "import_command",
    "import_arguments",
    "csv_type",
    "ARRAY_DELIMITERS",
    "ID_SPACE",
    "Neo4jCsvError",
]

#: Candidates for ``--array-delimiter``, in order of preference (U+001F is the ASCII unit separator).
ARRAY_DELIMITERS = (";", "|", "\x1f")
#: The importer's ID space every node id lives in (relationships refer to it).
ID_SPACE = BASE_LABEL
ARGS_FILE = "import.args"
SCRIPT_FILE = "import.sh"
AFTER_FILE = "after_import.cypher"

_TYPES = {
    "string": "string",
    "text": "string",
    "concept": "string",
    "date": "string",
    "int": "long",
    "bool": "boolean",
    "decimal": "double",
}


class Neo4jCsvError(FengongError):
    """The graph cannot be written for the bulk importer (e.g. no usable array delimiter)."""


def csv_type(prop: Property) -> str:
    """The importer's type of a model property: ``long``, ``double``, ``boolean``, ``string``, ``string[]``…"""
    return _TYPES[prop.datatype] + ("[]" if prop.many else "")


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _scalar(value: Any, datatype: str) -> str:
    """One value as the importer reads it in a column of ``datatype`` (unquoted except strings)."""
    if datatype == "bool":
        return "true" if value else "false"
    if datatype == "int":
        return str(int(value))
    if datatype == "decimal":
        f = float(value)
        if math.isnan(f):
            return "NaN"
        if math.isinf(f):
            return "Infinity" if f > 0 else "-Infinity"
        return repr(f)
    return str(value)


def _cell(value: Any, prop: Property, delimiter: str) -> str:
    """A field of the CSV: empty (no property) for None and empty lists, strings and lists quoted."""
    if value is None:
        return ""
    if prop.many:
        items = [_scalar(v, prop.datatype) for v in value]
        return _quote(delimiter.join(items)) if items else ""
    text = _scalar(value, prop.datatype)
    return _quote(text) if _TYPES[prop.datatype] == "string" else text


def _array_delimiter(kg: KnowledgeGraph) -> str:
    used: set[str] = set()
    declared = [(kg.model.types[n.type].properties, n.props) for n in kg.nodes.values()]
    declared += [(kg.model.relations[e.type].properties, e.props) for e in kg.edges.values()]
    for props, values in declared:
        for k, v in values.items():
            if props[k].many:
                for item in v:
                    used.update(c for c in ARRAY_DELIMITERS if c in str(item))
    for c in ARRAY_DELIMITERS:
        if c not in used:
            return c
    raise Neo4jCsvError(
        "every candidate array delimiter ("
        + ", ".join(map(repr, ARRAY_DELIMITERS))
        + ") occurs in some list value; the bulk importer cannot escape them"
    )


def _delimiter_option(c: str) -> str:
    return c if c.isprintable() and not c.isspace() else f"U+{ord(c):04X}"


def _csv(header: list[str], rows: Iterable[list[str]]) -> bytes:
    lines = [",".join(header)] + [",".join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _has_break(rows: list[list[str]]) -> bool:
    return any("\n" in cell or "\r" in cell for row in rows for cell in row)


def _after_import(kg: KnowledgeGraph) -> str:
    """Constraints, then empty lists set back (exactly on the nodes that had them)."""
    m = kg.model
    lines = [
        "// Run once the imported database is started, e.g. cypher-shell -d <database> -f after_import.cypher",
        "// Uniqueness constraints of fengong.graph.neo4j (the bulk importer cannot create them):",
    ]
    lines += [s + ";" for s in constraint_statements()]
    fixes = []
    for type_name in sorted(m.types):
        for prop in m.types[type_name].properties.values():
            if not prop.many:
                continue
            nodes = kg.nodes_of(type_name)
            empty = [n.id for n in nodes if n.props.get(prop.name) == []]
            if not empty:
                continue
            label, name = _ident(type_name), _ident(prop.name)
            if all(prop.name in n.props for n in nodes):
                fixes.append(f"MATCH (n:{BASE_LABEL}:{label}) WHERE n.{name} IS NULL SET n.{name} = [];")
            else:
                ids = ", ".join(json.dumps(i, ensure_ascii=False) for i in empty)
                fixes.append(f"UNWIND [{ids}] AS id MATCH (n:{BASE_LABEL}:{label} {{id: id}}) SET n.{name} = [];")
    if fixes:
        lines.append("// Empty lists (the importer drops empty arrays; the Bolt loader stores them):")
        lines += fixes
    return "\n".join(lines) + "\n"


def _script(args: Sequence[str]) -> str:
    """``import.sh``: the importer on the files beside it, whatever the working folder."""
    file_opts = ("--nodes=", "--relationships=")
    body = []
    for a in args:
        if a.startswith(file_opts):
            opt, _, name = a.partition("=")
            body.append(f'{opt}="$here"/{shlex.quote(name)}')
        else:
            body.append(shlex.quote(a))
    return (
        "\n".join(
            [
                "#!/bin/sh",
                "# Written by fengong (fengong.graph.neo4j_csv): bulk import of the CSV files beside this script",
                "# with neo4j-admin database import full (Neo4j 5.26).",
                "#   sh import.sh [DATABASE]        default neo4j; NEO4J_ADMIN=/path/to/bin/neo4j-admin if not on PATH",
                "# The database must be stopped; its store is replaced (--overwrite-destination). Then start",
                "# Neo4j (Community: only the default database; Enterprise: CREATE DATABASE first) and run",
                "# after_import.cypher, e.g.  cypher-shell -u neo4j -d DATABASE -f after_import.cypher",
                "set -eu",
                'here="$(cd "$(dirname "$0")" && pwd)"',
                'exec "${NEO4J_ADMIN:-neo4j-admin}" database import full "${1:-neo4j}" \\',
                *[f"    {b} \\" for b in body[:-1]],
                f"    {body[-1]}",
            ]
        )
        + "\n"
    )


def write_neo4j_csv(kg: KnowledgeGraph, folder: str | Path) -> list[Path]:
    """Write the importer's files for ``kg`` into ``folder``; returns their paths (CSV files first).

    One nodes file per type and one relationships file per relation of the model, also when
    empty (header only), so the set of files and the command line do not depend on the corpus.
    """
    folder = Path(folder)
    m = kg.model
    delim = _array_delimiter(kg)
    written: list[tuple[str, bytes]] = []
    multiline = False
    args_nodes, args_rels = [], []
    for type_name in sorted(m.types):
        props = list(m.types[type_name].properties.values())
        header = [f"id:ID({ID_SPACE})", ":LABEL"] + [f"{p.name}:{csv_type(p)}" for p in props]
        rows = [
            [_quote(n.id), _quote(delim.join([BASE_LABEL] + [_ident(x) for x in m.labels(type_name, n.props)]))]
            + [_cell(n.props.get(p.name), p, delim) for p in props]
            for n in kg.nodes_of(type_name)
        ]
        multiline = multiline or _has_break(rows)
        name = f"nodes_{type_name}.csv"
        written.append((name, _csv(header, rows)))
        args_nodes.append(f"--nodes={name}")
    for rel in sorted(m.relations):
        props = list(m.relations[rel].properties.values())
        if "key" in m.relations[rel].properties:
            raise Neo4jCsvError(f"relation {rel} has a property named 'key', which the edge key takes")
        header = [f":START_ID({ID_SPACE})", f":END_ID({ID_SPACE})", ":TYPE", "key:string"] + [
            f"{p.name}:{csv_type(p)}" for p in props
        ]
        rows = [
            [_quote(e.source), _quote(e.target), _quote(_ident(rel)), _quote(e.key)]
            + [_cell(e.props.get(p.name), p, delim) for p in props]
            for e in kg.edges_of(rel)
        ]
        multiline = multiline or _has_break(rows)
        name = f"relationships_{rel}.csv"
        written.append((name, _csv(header, rows)))
        args_rels.append(f"--relationships={name}")
    args = [
        "--overwrite-destination=true",
        "--id-type=string",
        "--delimiter=,",
        '--quote="',
        f"--array-delimiter={_delimiter_option(delim)}",
    ]
    if multiline:
        args.append("--multiline-fields=true")
    args += args_nodes + args_rels
    written.append((ARGS_FILE, ("\n".join(args) + "\n").encode("utf-8")))
    written.append((SCRIPT_FILE, _script(args).encode("utf-8")))
    written.append((AFTER_FILE, _after_import(kg).encode("utf-8")))
    paths = [atomic_write(folder / name, data) for name, data in written]
    (folder / SCRIPT_FILE).chmod(0o755)
    return paths


def import_arguments(folder: str | Path) -> list[str]:
    """The importer's options from ``folder/import.args``, with the files as absolute paths."""
    folder = Path(folder).resolve()
    out = []
    for a in (folder / ARGS_FILE).read_text(encoding="utf-8").splitlines():
        if a.startswith(("--nodes=", "--relationships=")):
            opt, _, name = a.partition("=")
            a = f"{opt}={folder / name}"
        out.append(a)
    return out


def import_command(folder: str | Path, database: str = "neo4j", admin: Sequence[str] = ("neo4j-admin",)) -> list[str]:
    """The full ``neo4j-admin database import full`` command line for the files in ``folder``.

    ``admin``: how to run neo4j-admin, e.g. ``["java", "-cp", "<lib>/*", "org.neo4j.cli.AdminTool"]``.
    The database name comes first: ``--nodes``/``--relationships`` take several files and would
    swallow a name after them. It needs NEO4J_HOME (and NEO4J_CONF) of a stopped server.
    """
    return [*admin, "database", "import", "full", database, *import_arguments(folder)]
