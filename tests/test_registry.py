"""Layouts and readers from outside fengong: a package declares them as entry points (here a real
distribution's metadata on sys.path, as pip would install it) and fengong builds documents with them."""

from __future__ import annotations

import sys
import textwrap

import pytest

from fengong.build import build_paths, registry
from fengong.build.layouts import detect, names
from fengong.build.layouts.base import Context

# a package nobody at fengong wrote: a layout for "任务——单位" lines and a reader of ".plan" files
LAYOUT = """
import re

from fengong.build.layouts.base import Parsed
from fengong.build.records import Name, TaskRecord

NAME = "dash"
_LINE = re.compile(r"^(\\d+)、(.+?)——(.+)$")


def detect(ctx):
    lines = [t for _, t in ctx.lines if t.strip()]
    return 1.0 if lines and all(_LINE.match(t.strip()) for t in lines) else 0.0


def parse(ctx):
    out = Parsed()
    for n, t in ctx.lines:
        m = _LINE.match(t.strip())
        if not m:
            continue
        out.tasks.append(TaskRecord(doc=ctx.src.name, document=ctx.document.id, number=m.group(1), line=n,
                                    line_end=n, text=m.group(2), layout=NAME,
                                    responsible_units=[Name(u, (n,)) for u in m.group(3).split("、")]))
        out.claim([n])
    return out
"""
READER = """
from fengong.build.source import SourceFile


class _Reader:
    FORMAT = "plan"
    SUFFIXES = (".plan",)
    DESCRIPTION = "a plain-text plan, one task per line after a '#' title"

    @staticmethod
    def read(name, data, *, fmt, path):
        text = data.decode("utf-8").split("\\n", 1)[1]  # the '#' title line is not the plan's
        return SourceFile(name, text, "utf-8", path=path, format=fmt)


READER = _Reader()
"""


@pytest.fixture
def plugin_package(tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "dash_plans").mkdir(parents=True)
    (site / "dash_plans" / "__init__.py").write_text("", encoding="utf-8")
    (site / "dash_plans" / "layout.py").write_text(textwrap.dedent(LAYOUT), encoding="utf-8")
    (site / "dash_plans" / "reader.py").write_text(textwrap.dedent(READER), encoding="utf-8")
    info = site / "dash_plans-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: dash-plans\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[fengong.layouts]\ndash = dash_plans.layout\n\n[fengong.readers]\nplan = dash_plans.reader:READER\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(site))
    registry.refresh()
    yield site
    for mod in [m for m in sys.modules if m.startswith("dash_plans")]:
        del sys.modules[mod]
    monkeypatch.undo()
    registry.refresh()


def test_a_layout_from_another_package_builds_a_document(plugin_package, tmp_path):
    assert names()[: len(registry.BUILTIN_LAYOUTS)] == registry.BUILTIN_LAYOUTS and names()[-1] == "dash"
    plan = tmp_path / "plan.txt"
    plan.write_text("1、整治河道——区水务局、区生态环境局\n2、修缮校舍——区教委\n", encoding="utf-8")
    assert detect(Context.from_text(plan.read_text(encoding="utf-8")))[0] == "dash"
    corpus = build_paths([plan])
    assert [(t.number, t.text, [n.text for n in t.responsible_units], t.layout) for t in corpus.tasks] == [
        ("1", "整治河道", ["区水务局", "区生态环境局"], "dash"),
        ("2", "修缮校舍", ["区教委"], "dash"),
    ]


def test_a_reader_from_another_package_reads_its_format(plugin_package, tmp_path):
    from fengong.build.readers import format_of

    doc = tmp_path / "plans" / "work.plan"
    doc.parent.mkdir()
    doc.write_text("#工作计划\n1、整治河道——区水务局\n", encoding="utf-8")
    assert format_of(doc) == "plan"
    corpus = build_paths([doc.parent])  # a folder scan finds the new suffix too
    assert corpus.errors == [] and [t.text for t in corpus.tasks] == ["整治河道"]


def test_without_the_package_the_layout_and_format_are_unknown(tmp_path):
    from fengong.build.readers import format_of

    registry.refresh()
    assert "dash" not in names() and format_of("work.plan") is None


def test_register_layout_in_code_goes_before_a_given_layout():
    class Never:
        NAME = "never"

        @staticmethod
        def detect(ctx):
            return 0.0

        @staticmethod
        def parse(ctx):
            raise AssertionError("never chosen")

    try:
        registry.register_layout(Never, before="tasks")
        assert names()[-2:] == ("never", "tasks")
        with pytest.raises(ValueError, match="fengong's own"):
            registry.register_layout(Never, name="fields")
    finally:
        registry.refresh()
    assert "never" not in names()
