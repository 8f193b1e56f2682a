"""The test infrastructure's Neo4j: a genuine Community 5.26 server, reached with the official driver."""

from __future__ import annotations

import neo4j
import pytest
from neo4j.exceptions import AuthError


def test_driver_connects_with_the_password(neo4j_server):
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password)) as driver:
        driver.verify_connectivity()
        records, _, _ = driver.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1
    assert neo4j_server.uri.startswith("bolt://127.0.0.1:")


def test_wrong_password_is_refused(neo4j_server):
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, "not-the-password")) as driver:
        with pytest.raises(AuthError):
            driver.verify_connectivity()


def test_components_report_community_5_26(neo4j_server):
    with neo4j_server.driver() as driver:
        records, _, _ = driver.execute_query("CALL dbms.components() YIELD name, versions, edition")
    (kernel,) = [r for r in records if r["name"] == "Neo4j Kernel"]
    assert kernel["edition"] == "community"
    assert kernel["versions"][0].startswith("5.26.")
    assert kernel["versions"][0] == neo4j_server.version


def test_parameterised_round_trip_keeps_chinese_text(neo4j_server):
    name = "区发展改革委（通州）"
    with neo4j_server.driver() as driver:
        records, _, _ = driver.execute_query("CREATE (n:Probe {name: $name}) RETURN n.name AS name", name=name)
        assert records[0]["name"] == name
        found, _, _ = driver.execute_query(
            "MATCH (n:Probe {name: $name}) RETURN count(n) AS n, head(collect(n.name)) AS name", name=name
        )
        driver.execute_query("MATCH (n:Probe {name: $name}) DELETE n", name=name)
    assert found[0]["n"] >= 1
    assert found[0]["name"] == name
