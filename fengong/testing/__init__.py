"""Helpers for fengong's own tests: a genuine Neo4j server (:mod:`fengong.testing.neo4j_server`)."""

from __future__ import annotations

from fengong.testing.neo4j_server import Neo4jServer, Neo4jServerError, Neo4jUnavailable

__all__ = ["Neo4jServer", "Neo4jServerError", "Neo4jUnavailable"]
