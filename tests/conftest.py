"""Shared test helpers."""

from __future__ import annotations

import pytest

from fengong.build.layouts.base import Context
from fengong.build.source import read_source
from fengong.build.splitter import split_documents
from fengong.data import SAMPLE_CORPUS


def _seed_ctx(name: str) -> Context:
    """The first document body of a seed file, as a layout parser sees it."""
    src = read_source(SAMPLE_CORPUS / name)
    seg = split_documents(src).segments[0]
    return Context(src, seg.document, seg.text(src))


@pytest.fixture(scope="session")
def seed_ctx():
    return _seed_ctx


@pytest.fixture(scope="session")
def seed_corpus():
    """The built sample corpus (built once per test session)."""
    from fengong.build import build_paths

    return build_paths()


@pytest.fixture(scope="session")
def seed_graph(seed_corpus):
    """The knowledge graph of the sample corpus."""
    from fengong.graph.assemble import build_graph

    return build_graph(seed_corpus)


# The session-scoped neo4j_server fixture (a genuine Neo4j server, started lazily).
pytest_plugins = ["tests.neo4j_fixture", "tests.browser_fixture", "tests.validators_fixture"]


# Property tests (tests/test_fuzz.py) are deterministic: the same examples on every run and in CI,
# so a failure is reproducible and a green run means the same thing everywhere.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "fengong", derandomize=True, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("fengong")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes longer than ~30 s (deselect with -m 'not slow')")
