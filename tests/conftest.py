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
