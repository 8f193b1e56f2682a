"""The named SPARQL queries give exactly the rows the pandas/networkx functions give."""

from __future__ import annotations

import pytest

from fengong.graph.queries.base import find_unit
from fengong.graph.queries.coordination import co_assignment
from fengong.graph.queries.responsibilities import responsibilities
from fengong.graph.queries.workload import workload
from fengong.graph.rdf import open_store
from fengong.graph.sparql import NAMED_QUERIES, named_query, select


@pytest.fixture(scope="module")
def store(seed_graph):
    return open_store(seed_graph)


def _rows(frame, cols):
    return sorted(tuple(r) for r in frame[cols].itertuples(index=False))


def test_workload_in_sparql_equals_pandas(seed_graph, store):
    cols = ["group", "unit", "responsible", "responsible_first", "assisting", "total", "weighted"]
    sparql = select(store, named_query("workload")).rename(columns={"year": "group"})
    sparql["weighted"] = sparql["weighted"].round(4)
    assert len(sparql) == 156
    assert _rows(sparql, cols) == _rows(workload(seed_graph, by="year"), cols)


def test_workload_in_sparql_takes_the_year_as_a_parameter(seed_graph, store):
    sparql = select(store, named_query("workload"), year=2023)
    assert set(sparql["year"]) == {2023}
    assert len(sparql) == len(workload(seed_graph, year=2023)) == 72


@pytest.mark.parametrize("unit", ["区发展改革委", "区生态环境局", "各街道乡镇"])
def test_responsibilities_in_sparql_equal_pandas(seed_graph, store, unit):
    uid = find_unit(seed_graph, unit)
    sparql = select(store, named_query("responsibilities"), unit=uid)
    cols = ["role", "task", "number", "deadline", "document_number", "source_file", "source_line"]
    pandas = responsibilities(seed_graph, uid)
    assert len(sparql) == len(pandas) > 0

    def norm(rows):
        return [tuple(None if v != v else v for v in r) for r in rows]  # NaN -> None

    assert norm(_rows(sparql.astype(object), cols)) == norm(_rows(pandas.astype(object), cols))


def test_co_assignment_in_sparql_equals_networkx_and_pandas(seed_graph, store):
    cols = ["unit_a", "unit_b", "tasks"]
    sparql = select(store, named_query("co_assignment"))
    assert _rows(sparql, cols) == _rows(co_assignment(seed_graph), cols)
    y2023 = select(store, named_query("co_assignment"), year=2023)
    assert _rows(y2023, cols) == _rows(co_assignment(seed_graph, year=2023), cols)


def test_every_named_query_is_shipped():
    for name in NAMED_QUERIES:
        assert named_query(name).lstrip().startswith("#")


def test_sparql_command_runs_a_named_query_with_typed_parameters():
    from typer.testing import CliRunner

    from fengong.cli import app

    rq = str(__import__("pathlib").Path(__file__).parents[1] / "fengong/graph/queries/sparql/workload.rq")
    result = CliRunner().invoke(app, ["sparql", rq, "--param", "year=2023", "-f", "json"])
    assert result.exit_code == 0, result.output
    import json

    rows = json.loads(result.output)
    assert len(rows) == 72 and {r["year"] for r in rows} == {2023}
    label = "SELECT ?u WHERE { ?u skos:prefLabel ?name }"
    result = CliRunner().invoke(app, ["sparql", "-", "--param", "name=区财政局@zh", "-f", "csv"], input=label)
    assert result.output.splitlines()[1].startswith("unit-")
