"""The bulk importer's CSV files (fengong.graph.neo4j_csv): their content, and a real
``neo4j-admin database import full`` of the sample corpus into a fresh Neo4j 5.26."""

from __future__ import annotations

import copy
import csv
import os
import subprocess
import time

import pytest

from fengong.graph.kg import KnowledgeGraph
from fengong.graph.neo4j_csv import Neo4jCsvError, import_command, write_neo4j_csv

TRICKY = 'a, "b"\n\\"c\\\r\nd ; 丙｜丁  '  # comma, quotes, LF, backslashes, CRLF, delimiters, trailing blanks


def _tiny(**unit_props) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    props = dict(name="区财政局", kind="department", collective=True, aliases=["区财政", "财政局"])
    props.update(unit_props)
    kg.add_node("unit-1", "Unit", **props)
    kg.add_node("unit-2", "Unit", name="各街道", kind="collective", collective=False, aliases=[])
    kg.add_node("official-1", "Official", name="张三", collective=False)
    kg.add_node("doc-1", "Document", title='关于"三保",的通知', plan=True, in_corpus=True, year=2023)
    kg.add_node("task-1", "Task", text=TRICKY, source_file="a.txt", source_line=3, source_line_end=4)
    kg.add_edge(
        "unit-1",
        "RESPONSIBLE_FOR",
        "task-1",
        key="1",
        order=1,
        printed="区财政局",
        split="certain",
        source_line=4,
        source_line_end=4,
    )
    kg.add_edge("task-1", "IN_DOCUMENT", "doc-1")
    kg.add_edge("official-1", "OVERSEES", "unit-1", inferred=True, tasks=3, sole_lead_tasks=1, share=0.1)
    return kg


def _rows(path) -> list[list[str]]:
    """The file read back as RFC 4180 CSV (what the importer reads with --quote='"')."""
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _args(folder) -> list[str]:
    return (folder / "import.args").read_text(encoding="utf-8").splitlines()


# ---------------------------------------------------------------- the files


def test_files_one_per_type_and_relation(tmp_path):
    kg = _tiny()
    names = [p.name for p in write_neo4j_csv(kg, tmp_path)]
    m = kg.model
    assert names == (
        [f"nodes_{t}.csv" for t in sorted(m.types)]
        + [f"relationships_{r}.csv" for r in sorted(m.relations)]
        + ["import.args", "import.sh", "after_import.cypher"]
    )
    # types and relations without data still get a header-only file
    assert _rows(tmp_path / "nodes_Section.csv") == [["id:ID(Fengong)", ":LABEL", "title:string", "level:long"]]


def test_node_headers_are_typed(tmp_path):
    write_neo4j_csv(_tiny(), tmp_path)
    assert _rows(tmp_path / "nodes_Unit.csv")[0] == [
        "id:ID(Fengong)",
        ":LABEL",
        "name:string",
        "aliases:string[]",
        "kind:string",
        "jurisdiction:string",
        "collective:boolean",
    ]
    header = _rows(tmp_path / "nodes_Document.csv")[0]
    assert header[:4] == ["id:ID(Fengong)", ":LABEL", "number:string", "title:string"]
    assert {"issued:string", "year:long", "plan:boolean", "in_corpus:boolean", "attachment:long"} <= set(header)


def test_relationship_headers_and_values(tmp_path):
    write_neo4j_csv(_tiny(), tmp_path)
    rows = _rows(tmp_path / "relationships_OVERSEES.csv")
    assert rows == [
        [
            ":START_ID(Fengong)",
            ":END_ID(Fengong)",
            ":TYPE",
            "key:string",
            "inferred:boolean",
            "tasks:long",
            "sole_lead_tasks:long",
            "share:double",
        ],
        ["official-1", "unit-1", "OVERSEES", "", "true", "3", "1", "0.1"],
    ]
    text = (tmp_path / "relationships_IN_DOCUMENT.csv").read_text(encoding="utf-8")
    # the empty key is a quoted empty string (stored as ""), not a missing property
    assert text.splitlines()[1] == '"task-1","doc-1","IN_DOCUMENT",""'
    rows = _rows(tmp_path / "relationships_RESPONSIBLE_FOR.csv")
    assert dict(zip(rows[0], rows[1])) == {
        ":START_ID(Fengong)": "unit-1",
        ":END_ID(Fengong)": "task-1",
        ":TYPE": "RESPONSIBLE_FOR",
        "key:string": "1",
        "order:long": "1",
        "printed:string": "区财政局",
        "split:string": "certain",
        "contact:string": "",
        "phone:string": "",
        "source_line:long": "4",
        "source_line_end:long": "4",
    }


def test_labels_and_arrays(tmp_path):
    write_neo4j_csv(_tiny(), tmp_path)
    lines = (tmp_path / "nodes_Unit.csv").read_text(encoding="utf-8").splitlines()
    assert lines[1] == '"unit-1","Fengong;Unit;Collective","区财政局","区财政;财政局","department",,true'
    # an empty list is an empty unquoted field (after_import.cypher sets it back)
    assert lines[2] == '"unit-2","Fengong;Unit","各街道",,"collective",,false'
    doc = dict(zip(*_rows(tmp_path / "nodes_Document.csv")))
    assert doc[":LABEL"] == "Fengong;Document;Plan"
    assert "--array-delimiter=;" in _args(tmp_path)


def test_escaping_of_commas_quotes_and_newlines(tmp_path):
    write_neo4j_csv(_tiny(), tmp_path)
    rows = _rows(tmp_path / "nodes_Task.csv")
    task = dict(zip(rows[0], rows[1]))
    assert task["text:string"] == TRICKY
    assert task["number:string"] == ""  # missing
    raw = (tmp_path / "nodes_Task.csv").read_bytes().decode("utf-8")  # keeps the \r
    assert '"a, ""b""\n\\""c\\\r\nd ; 丙｜丁  "' in raw
    assert dict(zip(*_rows(tmp_path / "nodes_Document.csv")))["title:string"] == '关于"三保",的通知'
    # a value with a line break switches the importer's multi-line parsing on
    assert "--multiline-fields=true" in _args(tmp_path)


def test_no_multiline_option_without_line_breaks(tmp_path):
    kg = _tiny()
    kg.nodes["task-1"].props["text"] = "一行"
    write_neo4j_csv(kg, tmp_path)
    assert not any(a.startswith("--multiline-fields") for a in _args(tmp_path))


@pytest.mark.parametrize(
    "aliases, delimiter, option",
    [
        (["甲;乙", "丙"], "|", "--array-delimiter=|"),
        (["甲;乙", "丙|丁"], "\x1f", "--array-delimiter=U+001F"),
    ],
)
def test_array_delimiter_avoids_the_data(tmp_path, aliases, delimiter, option):
    write_neo4j_csv(_tiny(aliases=aliases), tmp_path)
    assert option in _args(tmp_path)
    unit = dict(zip(*_rows(tmp_path / "nodes_Unit.csv")[:2]))
    assert unit[":LABEL"].split(delimiter) == ["Fengong", "Unit", "Collective"]
    assert unit["aliases:string[]"].split(delimiter) == sorted(aliases)


def test_no_delimiter_left(tmp_path):
    with pytest.raises(Neo4jCsvError, match="array delimiter"):
        write_neo4j_csv(_tiny(aliases=["a;b", "c|d", "e\x1ff"]), tmp_path)


def test_byte_identical_on_rebuild(tmp_path):
    first = {p.name: p.read_bytes() for p in write_neo4j_csv(_tiny(), tmp_path / "a")}
    again = {p.name: p.read_bytes() for p in write_neo4j_csv(_tiny(), tmp_path / "b")}
    assert first == again
    assert {p.name: p.read_bytes() for p in write_neo4j_csv(_tiny(), tmp_path / "a")} == first


def test_after_import_sets_empty_lists_back(tmp_path):
    write_neo4j_csv(_tiny(), tmp_path)
    text = (tmp_path / "after_import.cypher").read_text(encoding="utf-8")
    assert "CREATE CONSTRAINT fengong_fengong_id IF NOT EXISTS FOR (n:Fengong) REQUIRE n.id IS UNIQUE;" in text
    assert "MATCH (n:Fengong:Unit) WHERE n.aliases IS NULL SET n.aliases = [];" in text
    # a unit without aliases at all must stay without: then only the empty ones, by id
    kg = _tiny()
    kg.add_node("unit-3", "Unit", name="区委", kind="department", collective=False)
    write_neo4j_csv(kg, tmp_path)
    text = (tmp_path / "after_import.cypher").read_text(encoding="utf-8")
    assert 'UNWIND ["unit-2"] AS id MATCH (n:Fengong:Unit {id: id}) SET n.aliases = [];' in text


def test_import_sh_runs_the_same_command(tmp_path):
    folder = tmp_path / "out dir"  # a blank in the path
    write_neo4j_csv(_tiny(), folder)
    fake = tmp_path / "fake-admin"
    fake.write_text('#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n', encoding="utf-8")
    fake.chmod(0o755)
    done = subprocess.run(
        ["sh", str(folder / "import.sh"), "mydb"],
        env=dict(os.environ, NEO4J_ADMIN=str(fake)),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.splitlines() == import_command(folder, "mydb", admin=[])
    cmd = import_command(folder, admin=["neo4j-admin"])
    assert cmd[:5] == ["neo4j-admin", "database", "import", "full", "neo4j"]
    assert f"--nodes={folder.resolve() / 'nodes_Unit.csv'}" in cmd
    assert "--overwrite-destination=true" in cmd


# ---------------------------------------------------------------- a real import


def _required() -> bool:
    return os.environ.get("FENGONG_REQUIRE_NEO4J") == "1"


def _unavailable(problem: Exception):
    if _required():
        pytest.fail(f"Neo4j unavailable and FENGONG_REQUIRE_NEO4J=1:\n{problem}", pytrace=False)
    first = str(problem).splitlines()[0] if str(problem) else repr(problem)
    pytest.skip(f"no Neo4j ({type(problem).__name__}: {first}); set FENGONG_REQUIRE_NEO4J=1 to make this a failure")


def _installed_home():
    """The Neo4j install folder (the test skips, or fails in CI, when Neo4j cannot be installed)."""
    from fengong.testing.neo4j_server import Neo4jServer, Neo4jServerError, _java

    try:
        home = Neo4jServer().install()
        _java()
    except (Neo4jServerError, OSError) as exc:
        _unavailable(exc)
    return home


def _imported_server_class():
    from fengong.testing.neo4j_server import ADMIN_TOOL, Neo4jServer

    class ImportedServer(Neo4jServer):
        """A Neo4jServer whose fresh, never-started home gets a bulk import before the first start."""

        def __init__(self, folder, **kw):
            super().__init__(**kw)
            self.folder = folder
            self.import_seconds = None

        def _prepare(self, java, lib):
            super()._prepare(java, lib)  # run folder, conf, initial password
            env = dict(os.environ, NEO4J_HOME=str(self.run_dir), NEO4J_CONF=str(self.run_dir / "conf"))
            command = import_command(self.folder, "neo4j", admin=[java, "-Xmx512m", "-cp", f"{lib}/*", ADMIN_TOOL])
            began = time.monotonic()
            done = subprocess.run(
                command,
                env=env,
                cwd=self.run_dir,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=600,
            )
            self.import_seconds = time.monotonic() - began
            assert done.returncode == 0, f"import failed ({done.returncode}):\n{done.stdout[-4000:]}\n{done.stderr}"

    return ImportedServer


def _run_cypher_file(driver, path) -> None:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("//"):
            driver.execute_query(line.rstrip().rstrip(";"), database_="neo4j")


def _extended(seed_graph) -> KnowledgeGraph:
    """The sample corpus plus a document, a task and a unit with awkward values."""
    kg = copy.deepcopy(seed_graph)
    kg.add_node("doc-zz-csv", "Document", title='关于"三保",的通知', plan=True, in_corpus=False)
    kg.add_node("task-zz-csv", "Task", text=TRICKY, source_file="a.txt", source_line=1, source_line_end=2, year=2024)
    kg.add_node("unit-zz-csv", "Unit", name="测试,单位", kind="other", collective=True, aliases=["", "测试单位"])
    kg.add_edge("task-zz-csv", "IN_DOCUMENT", "doc-zz-csv", key='k,"1"')
    kg.add_edge(
        "unit-zz-csv",
        "RESPONSIBLE_FOR",
        "task-zz-csv",
        key="1",
        order=1,
        printed="测试,单位",
        split="certain",
        source_line=2,
        source_line_end=2,
        contact="李四",
        phone="010-1234",
    )
    return kg


ADDED = {"nodes": {"Document": 1, "Task": 1, "Unit": 1}, "edges": {"IN_DOCUMENT": 1, "RESPONSIBLE_FOR": 1}}


def test_bulk_import_into_a_real_neo4j(seed_graph, tmp_path):
    from fengong.graph import neo4j as fn
    from fengong.testing.neo4j_server import Neo4jServerError

    home = _installed_home()

    kg = _extended(seed_graph)
    began = time.monotonic()
    write_neo4j_csv(kg, tmp_path)
    export_seconds = time.monotonic() - began
    assert "--multiline-fields=true" in _args(tmp_path) and "--array-delimiter=;" in _args(tmp_path)

    server = _imported_server_class()(tmp_path, home=home)
    try:
        try:
            server.start()
        except Neo4jServerError as exc:
            _unavailable(exc)
        print(
            f"\nneo4j-csv: export {export_seconds:.2f} s, import {server.import_seconds:.1f} s, "
            f"start {server.start_seconds:.1f} s"
        )
        with server.driver() as driver:
            stored = fn.counts(driver)
            assert stored == kg.counts()
            seed = {kind: {k: v - ADDED[kind].get(k, 0) for k, v in stored[kind].items()} for kind in stored}
            assert seed == seed_graph.counts()

            _run_cypher_file(driver, tmp_path / "after_import.cypher")
            names = {r["name"] for r in driver.execute_query("SHOW CONSTRAINTS YIELD name").records}
            assert {"fengong_fengong_id", "fengong_unit_id", "fengong_task_id"} <= names

            # every node: labels and properties exactly as in the graph
            records = driver.execute_query(
                "MATCH (n:Fengong) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"
            ).records
            got = {r["id"]: (sorted(r["labels"]), r["props"]) for r in records}
            want = {
                n.id: (sorted(["Fengong", *kg.model.labels(n.type, n.props)]), {"id": n.id, **n.props})
                for n in kg.nodes.values()
            }
            assert len(records) == len(got) == len(want)
            assert got == want

            # every relationship: type, key and properties
            records = driver.execute_query(
                "MATCH (a:Fengong)-[r]->(b:Fengong) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS props"
            ).records
            got = {(r["a"], r["t"], r["b"], r["props"]["key"]): r["props"] for r in records}
            want = {e.id: {"key": e.key, **e.props} for e in kg.edges.values()}
            assert len(records) == len(got) == len(want)
            assert got == want

            unit = driver.execute_query(
                "MATCH (u:Fengong:Unit {name: $name}) RETURN u.aliases AS aliases, u.kind AS kind", name="区发展改革委"
            ).records
            assert len(unit) == 1
            assert "区发改委" in unit[0]["aliases"] and unit[0]["kind"] == "department"
            task = driver.execute_query("MATCH (t:Task {id: 'task-zz-csv'}) RETURN t.text AS text").records
            assert task[0]["text"] == TRICKY

            # the Bolt loader afterwards finds everything already there (same ids, labels, keys)
            fn.load(kg, driver)
            assert fn.counts(driver) == kg.counts()
    finally:
        server.stop()
    assert not server.running


def test_bulk_import_of_the_hostile_corpus_keeps_every_name_exactly(tmp_path):
    from fengong.graph import neo4j as fn
    from fengong.testing.hostile import CONTROL_UNIT, hostile_graph
    from fengong.testing.neo4j_server import Neo4jServerError

    home = _installed_home()
    kg = hostile_graph(tmp_path / "corpus")
    write_neo4j_csv(kg, tmp_path / "csv")
    server = _imported_server_class()(tmp_path / "csv", home=home)
    try:
        try:
            server.start()
        except Neo4jServerError as exc:
            _unavailable(exc)
        with server.driver() as driver:
            assert fn.counts(driver) == kg.counts()
            _run_cypher_file(driver, tmp_path / "csv" / "after_import.cypher")
            records = driver.execute_query("MATCH (n:Fengong) RETURN n.id AS id, properties(n) AS props").records
            assert {r["id"]: r["props"] for r in records} == {n.id: {"id": n.id, **n.props} for n in kg.nodes.values()}
            names = {r["name"] for r in driver.execute_query("MATCH (u:Unit) RETURN u.name AS name").records}
            assert CONTROL_UNIT in names and "<script>window.__pwned=1</script>局" in names
            assert names == {n.props["name"] for n in kg.nodes_of("Unit")}
    finally:
        server.stop()
