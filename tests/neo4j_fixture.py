"""pytest plugin: the session-scoped ``neo4j_server`` fixture (a genuine Neo4j server).

Registered by ``pytest_plugins`` in tests/conftest.py.  The server starts
lazily, the first time a test asks for the fixture, and stops at the end of
the session (also when tests fail).  If it cannot be installed or started
(no java or mvn, no network for Maven, a server that does not come up), the
tests that use it are skipped with the reason, unless FENGONG_REQUIRE_NEO4J=1
(as in CI), which makes that a test failure instead.
"""

from __future__ import annotations

import os

import pytest

from fengong.testing.neo4j_server import Neo4jServer, Neo4jServerError


def _required() -> bool:
    return os.environ.get("FENGONG_REQUIRE_NEO4J") == "1"


@pytest.fixture(scope="session")
def neo4j_server():
    """A running :class:`~fengong.testing.neo4j_server.Neo4jServer` (``uri``, ``user``, ``password``, ``driver()``)."""
    server = Neo4jServer()
    problem = None
    try:
        server.start()
    except (Neo4jServerError, OSError) as exc:
        server.stop()
        problem = exc
    if problem is not None:
        if _required():
            pytest.fail(f"Neo4j could not be started and FENGONG_REQUIRE_NEO4J=1:\n{problem}", pytrace=False)
        first = str(problem).splitlines()[0] if str(problem) else repr(problem)
        pytest.skip(
            f"no Neo4j server ({type(problem).__name__}: {first}); set FENGONG_REQUIRE_NEO4J=1 to make this a failure"
        )
    try:
        yield server
    finally:
        server.stop()
